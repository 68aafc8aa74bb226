// The shapes every diarization stage speaks. Times are seconds from the start
// of the file (the pipeline runs at 16 kHz mono; the worker resamples first).

export const DIARIZATION_SAMPLE_RATE = 16000;

export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** One stretch of one speaker talking. `overlap` marks a stretch where a second voice was heard too. */
export interface SpeakerTurn extends TimeRange {
  readonly speaker: string;
  /** 0..1: how clearly this stretch belonged to this speaker rather than another. */
  readonly confidence: number;
  readonly overlap: boolean;
}

export type RegionKind = 'speech' | 'music' | 'silence';

/** The speech/music/silence map: covers the whole file without gaps or overlaps. */
export interface AudioRegion extends TimeRange {
  readonly kind: RegionKind;
}

export interface DiarizationResult {
  readonly version: 1;
  readonly durationSeconds: number;
  /** Speaker labels in order of first appearance ("S1", "S2", ...). */
  readonly speakers: readonly string[];
  readonly turns: readonly SpeakerTurn[];
  readonly regions: readonly AudioRegion[];
  /** Speech the VAD heard inside the music map and dropped: shown to the user as "treated as music". */
  readonly suppressedAsMusic: readonly TimeRange[];
  /** Which embedder produced the speaker features ("dsp-mfcc-v1" or the user's model name). */
  readonly embedder: string;
}
