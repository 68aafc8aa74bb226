import type { JobStageSpec } from '../../shared/job-protocol';
import { contentKey } from '../../../src/lib/storage/content-key';

/**
 * The diarization job's stages, shared by the worker (which reports these
 * ids) and the main thread (labels, progress weights, time limits). Weights
 * follow measured cost on a 2-core machine: the VAD is about half the work,
 * embeddings + clustering + smoothing the other half, decoding is cheap.
 */
export const DIARIZATION_JOB_KIND = 'diarization';

/** Bump whenever any stage's output changes: every cached stage and result moves to new keys. */
export const DIARIZATION_PIPELINE_VERSION = 'diarization/1';

export const DiarizationStage = {
  Decode: 'decode',
  Speech: 'speech',
  Speakers: 'speakers'
} as const;
export type DiarizationStage = (typeof DiarizationStage)[keyof typeof DiarizationStage];

const MINUTE = 60_000;

// Generous for a two-hour file on a busy 2-core machine (VAD ≈ 100 s per hour
// of audio, speakers ≈ 60 s): past these a stage is hung, not slow.
export const DIARIZATION_STAGES: readonly JobStageSpec[] = [
  { id: DiarizationStage.Decode, label: 'Reading the recording', weight: 10, timeLimitMs: 10 * MINUTE, hasFallback: false },
  { id: DiarizationStage.Speech, label: 'Finding speech', weight: 45, timeLimitMs: 20 * MINUTE, hasFallback: false },
  // The ML path is a user's speaker model; its fallback is the built-in DSP embedder.
  { id: DiarizationStage.Speakers, label: 'Telling voices apart', weight: 45, timeLimitMs: 20 * MINUTE, hasFallback: true }
];

export const DIARIZATION_JOB_TIME_LIMIT_MS = 45 * MINUTE;

/**
 * Models that feed the key: the VAD, and the speaker embedder (the DSP
 * default or the user's model), so a result made with one embedder is never
 * served for another. The user's "number of speakers" changes the answer too.
 */
export function diarizationModelVersions(embedder: string, speakerCount: number | undefined): Record<string, string> {
  return { 'silero-vad': 'v5', embedder, speakers: speakerCount === undefined ? 'auto' : String(speakerCount) };
}

/** The cache key of a stage's output (`stage` absent: the whole result). Decode and speech do not depend on the embedder. */
export function diarizationKey(inputDigest: string, stage?: DiarizationStage, modelVersions: Readonly<Record<string, string>> = {}): Promise<string> {
  const early = stage === DiarizationStage.Decode || stage === DiarizationStage.Speech;
  return contentKey({
    inputDigest,
    pipelineVersion: DIARIZATION_PIPELINE_VERSION,
    modelVersions: early ? { 'silero-vad': 'v5' } : modelVersions,
    ...(stage === undefined ? {} : { stage })
  });
}
