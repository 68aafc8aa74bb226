import type { JobStageSpec } from '../../shared/job-protocol';
import { contentKey } from '../../../src/lib/storage/content-key';

/**
 * The analysis job's stages, shared by the worker (which reports these ids)
 * and the main thread (which shows the labels, weighs progress and enforces
 * the limits). Weights follow measured cost on a 2-core machine: stems and
 * notes dominate, key/chords/sections are cheap.
 */
export const ANALYSIS_JOB_KIND = 'analysis';

/** Bump whenever any stage's output changes: every cached stage and result moves to new keys. */
export const ANALYSIS_PIPELINE_VERSION = 'analysis/4';
/** Model versions that feed the key (the notes stage runs Basic Pitch from models/manifest.json). */
export const ANALYSIS_MODEL_VERSIONS: Readonly<Record<string, string>> = { 'basic-pitch': 'manifest-1' };

export const AnalysisStage = {
  Decode: 'decode',
  Stems: 'stems',
  Notes: 'notes',
  Rhythm: 'rhythm',
  Harmony: 'harmony',
  Sections: 'sections',
  Cues: 'cues'
} as const;
export type AnalysisStage = (typeof AnalysisStage)[keyof typeof AnalysisStage];

const MINUTE = 60_000;

// Limits are generous for an hour-long rehearsal (stems run ~18x real time,
// notes over the whole recording ~10x in a browser); a
// stage past them is hung, not slow. Notes has a fallback (DSP pitch tracking),
// and so do stems when a user's stem model runs them (the built-in DSP stems).
export const ANALYSIS_STAGES: readonly JobStageSpec[] = [
  { id: AnalysisStage.Decode, label: 'Reading the recording', weight: 10, timeLimitMs: 10 * MINUTE, hasFallback: false },
  { id: AnalysisStage.Stems, label: 'Separating stems', weight: 30, timeLimitMs: 15 * MINUTE, hasFallback: true },
  { id: AnalysisStage.Notes, label: 'Finding notes', weight: 25, timeLimitMs: 20 * MINUTE, hasFallback: true },
  { id: AnalysisStage.Rhythm, label: 'Tempo and beats', weight: 15, timeLimitMs: 10 * MINUTE, hasFallback: false },
  { id: AnalysisStage.Harmony, label: 'Key and chords', weight: 10, timeLimitMs: 10 * MINUTE, hasFallback: false },
  { id: AnalysisStage.Sections, label: 'Sections', weight: 8, timeLimitMs: 10 * MINUTE, hasFallback: false },
  { id: AnalysisStage.Cues, label: 'Rehearsal cues', weight: 2, timeLimitMs: 2 * MINUTE, hasFallback: false }
];

export const ANALYSIS_JOB_TIME_LIMIT_MS = 60 * MINUTE;

/**
 * The cache key of one stage's output for this input (`stage` absent: the
 * whole result). `userModels` names user-supplied models that shaped it (the
 * stem separator's SHA-256), so results with and without one never mix.
 */
export function analysisKey(inputDigest: string, stage?: AnalysisStage, userModels: Readonly<Record<string, string>> = {}): Promise<string> {
  return contentKey({
    inputDigest,
    pipelineVersion: ANALYSIS_PIPELINE_VERSION,
    modelVersions: { ...ANALYSIS_MODEL_VERSIONS, ...userModels },
    ...(stage === undefined ? {} : { stage })
  });
}

/** The cache key of one segment of a stage's long audio (see audio-segments.ts). */
export function analysisSegmentKey(inputDigest: string, stage: AnalysisStage, index: number, userModels: Readonly<Record<string, string>> = {}): Promise<string> {
  return contentKey({ inputDigest, pipelineVersion: ANALYSIS_PIPELINE_VERSION, modelVersions: { ...ANALYSIS_MODEL_VERSIONS, ...userModels }, stage: `${stage}/segment-${index}` });
}

/** Where the dropped file's bytes wait for the worker: versioned apart from the pipeline, so a pipeline bump keeps them. */
export function inputKey(inputDigest: string): Promise<string> {
  return contentKey({ inputDigest, pipelineVersion: 'input/2', modelVersions: {}, stage: 'input' });
}
