/**
 * Features per analysis step for structure: the step is a beat (or a group of
 * beats on long files) when beats are known, else a fixed block. Each step
 * stacks beat-synchronous chroma (harmony) and standardised timbre, each part
 * unit-normalised and weighted equally, so the self-similarity of two steps is
 * a cosine that neither part can dominate.
 */
import { beatSynchronous, type ChromaSequence } from '../harmony/chroma-sequence';
import { TIMBRE_COEFFICIENTS, type TimbreFrames } from './timbre';

export const FEATURE_DIMS = 12 + TIMBRE_COEFFICIENTS;
/** Keeps the self-similarity matrix under ~16 MB (2000² floats) however long the rehearsal. */
export const MAX_STEPS = 2000;
const BLOCK_SECONDS = 0.5;

export interface StepFeatures {
  starts: Float64Array;
  ends: Float64Array;
  /** Row-major, FEATURE_DIMS per step, unit norm (or zero when silent). */
  features: Float32Array;
  energy: Float32Array;
}

export function stepBoundaries(duration: number, beats: readonly number[] | undefined): number[] {
  const usable = (beats ?? []).filter((t) => t > 0 && t < duration);
  let cuts = usable.length >= 8 ? usable : Array.from({ length: Math.floor(duration / BLOCK_SECONDS) }, (_, i) => (i + 1) * BLOCK_SECONDS);
  const stride = Math.ceil(cuts.length / MAX_STEPS);
  if (stride > 1) cuts = cuts.filter((_, i) => i % stride === 0);
  return cuts;
}

export function stepFeatures(frames: ChromaSequence, timbre: TimbreFrames, beats: readonly number[] | undefined): StepFeatures {
  const duration = frames.ends[frames.ends.length - 1] ?? 0;
  const steps = beatSynchronous(frames, stepBoundaries(duration, beats));
  const count = steps.starts.length;
  const timbreSteps = poolTimbre(frames, timbre, steps);
  standardise(timbreSteps, count, TIMBRE_COEFFICIENTS);
  const features = new Float32Array(count * FEATURE_DIMS);
  for (let i = 0; i < count; i++) {
    let norm = 0;
    for (let c = 0; c < TIMBRE_COEFFICIENTS; c++) norm += (timbreSteps[i * TIMBRE_COEFFICIENTS + c] ?? 0) ** 2;
    const timbreScale = norm > 0 ? Math.SQRT1_2 / Math.sqrt(norm) : 0;
    const silent = (steps.energy[i] ?? 0) <= 0;
    for (let p = 0; p < 12; p++) features[i * FEATURE_DIMS + p] = silent ? 0 : (steps.chroma[i * 12 + p] ?? 0) * Math.SQRT1_2;
    for (let c = 0; c < TIMBRE_COEFFICIENTS; c++) {
      features[i * FEATURE_DIMS + 12 + c] = silent ? 0 : (timbreSteps[i * TIMBRE_COEFFICIENTS + c] ?? 0) * timbreScale;
    }
  }
  return { starts: steps.starts, ends: steps.ends, features, energy: steps.energy };
}

function poolTimbre(frames: ChromaSequence, timbre: TimbreFrames, steps: ChromaSequence): Float32Array {
  const count = steps.starts.length;
  const pooled = new Float32Array(count * TIMBRE_COEFFICIENTS);
  const used = new Float32Array(count);
  let step = 0;
  for (let f = 0; f < Math.min(timbre.frames, frames.starts.length); f++) {
    const centre = 0.5 * ((frames.starts[f] ?? 0) + (frames.ends[f] ?? 0));
    while (step < count - 1 && centre >= (steps.ends[step] ?? 0)) step++;
    for (let c = 0; c < TIMBRE_COEFFICIENTS; c++) {
      pooled[step * TIMBRE_COEFFICIENTS + c] = (pooled[step * TIMBRE_COEFFICIENTS + c] ?? 0) + (timbre.coefficients[f * TIMBRE_COEFFICIENTS + c] ?? 0);
    }
    used[step] = (used[step] ?? 0) + 1;
  }
  for (let i = 0; i < count; i++) {
    const n = used[i] ?? 0;
    for (let c = 0; c < TIMBRE_COEFFICIENTS; c++) pooled[i * TIMBRE_COEFFICIENTS + c] = n > 0 ? (pooled[i * TIMBRE_COEFFICIENTS + c] ?? 0) / n : 0;
  }
  return pooled;
}

/** Zero mean, unit variance per coefficient across the piece: what makes a section differ, not the room's colour. */
function standardise(values: Float32Array, rows: number, dims: number): void {
  for (let d = 0; d < dims; d++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += values[r * dims + d] ?? 0;
    mean /= Math.max(1, rows);
    let variance = 0;
    for (let r = 0; r < rows; r++) variance += ((values[r * dims + d] ?? 0) - mean) ** 2;
    const scale = variance > 0 ? 1 / Math.sqrt(variance / rows) : 0;
    for (let r = 0; r < rows; r++) values[r * dims + d] = ((values[r * dims + d] ?? 0) - mean) * scale;
  }
}
