// Where the band plays, from the analysis's DSP stems (when that analysis is
// cached for the same file), so the VAD's hits on singing and instruments can
// be dropped. A half-second window is music when its harmonic stem is loud,
// clearly above the percussive stem (sustained notes, not the clicks and
// hiss of consonants) and the bass stem sits close under it (a bass line or
// low chord tones; espeak and real voices put little below 150 Hz next to
// their harmonics). Runs shorter than two seconds are not a take. Calibrated
// on the fluidsynth music in the diarization fixtures (music-map.test.ts):
// a drum-only groove is left to the VAD, which seldom fires on drums anyway.
import { mergeRanges } from './intervals.ts';
import type { TimeRange } from './types.ts';

export interface StemLevels {
  /** RMS in dBFS per window, one array per stem, all the same length. */
  readonly harmonic: Float32Array;
  readonly percussive: Float32Array;
  readonly bass: Float32Array;
  readonly windowSeconds: number;
}

export interface MusicMapOptions {
  /** Harmonic over percussive, dB. */
  readonly sustainedDb: number;
  /** Bass at most this far under the harmonic stem, dB. */
  readonly bassWithinDb: number;
  /** Harmonic within this many dB of the file's loud level (its 95th percentile). */
  readonly loudWithinDb: number;
  readonly minSeconds: number;
  /** Gaps this short inside a take (a breath between phrases) are bridged. */
  readonly bridgeSeconds: number;
}

export const DEFAULT_MUSIC_MAP: MusicMapOptions = { sustainedDb: 6, bassWithinDb: 14, loudWithinDb: 30, minSeconds: 2, bridgeSeconds: 1 };

export function musicRegionsFromStems(levels: StemLevels, options: MusicMapOptions = DEFAULT_MUSIC_MAP): TimeRange[] {
  const count = Math.min(levels.harmonic.length, levels.percussive.length, levels.bass.length);
  const sorted = Array.from(levels.harmonic.subarray(0, count)).sort((a, b) => a - b);
  const loud = sorted[Math.floor(0.95 * (sorted.length - 1))] ?? -Infinity;
  const windows: TimeRange[] = [];
  for (let w = 0; w < count; w++) {
    const harmonic = levels.harmonic[w] ?? -Infinity;
    const isMusic =
      harmonic >= loud - options.loudWithinDb &&
      harmonic - (levels.percussive[w] ?? -Infinity) >= options.sustainedDb &&
      harmonic - (levels.bass[w] ?? -Infinity) <= options.bassWithinDb;
    if (isMusic) windows.push({ start: w * levels.windowSeconds, end: (w + 1) * levels.windowSeconds });
  }
  return mergeRanges(windows, options.bridgeSeconds).filter((r) => r.end - r.start >= options.minSeconds);
}

/** RMS level in dBFS of each `windowSeconds` window of `samples` (the last window may be short). */
export function windowLevels(samples: Float32Array, sampleRate: number, windowSeconds: number): Float32Array {
  const size = Math.max(1, Math.round(windowSeconds * sampleRate));
  const levels = new Float32Array(Math.ceil(samples.length / size));
  for (let w = 0; w < levels.length; w++) {
    let sum = 0;
    const end = Math.min(samples.length, (w + 1) * size);
    for (let i = w * size; i < end; i++) sum += (samples[i] ?? 0) ** 2;
    levels[w] = 10 * Math.log10(sum / Math.max(1, end - w * size) + 1e-20);
  }
  return levels;
}
