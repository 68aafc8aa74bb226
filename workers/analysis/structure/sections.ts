/**
 * Sections: step features → self-similarity → Foote novelty → boundaries →
 * repeated-section labels. Boundaries carry their novelty strength as
 * confidence; the first section starts at 0 and the last ends at the end.
 */
import type { ChromaSequence } from '../harmony/chroma-sequence';
import { footeNovelty, pickPeaks } from './novelty';
import { FEATURE_DIMS, stepFeatures } from './section-features';
import { labelSegments } from './section-labels';
import { selfSimilarity } from './self-similarity';
import { computeTimbre } from './timbre';

export interface Section {
  start: number;
  end: number;
  /** A, B, C… by similarity: equal letters sound alike. */
  label: string;
  /** 0…1 confidence in the label. */
  labelConfidence: number;
  /** 0…1 confidence that a section really starts here (1 for the first). */
  boundaryConfidence: number;
}

export interface SectionOptions {
  /** Beat times in seconds; steps are beats when given, half-second blocks otherwise. */
  beats?: readonly number[];
  /** Half-width of the novelty kernel (default 8 s: a little over 2 bars at most tempos). */
  kernelSeconds?: number;
  /** Shortest section (default 6 s): boundaries closer than this compete, the stronger wins. */
  minSectionSeconds?: number;
  /** Peak height over the novelty median, relative to the tallest peak (default 0.2). */
  sensitivity?: number;
  /** Normalised similarity at which two segments share a letter (default 0.8). */
  labelThreshold?: number;
}

export interface SectionEstimate {
  sections: Section[];
  /** Step times and novelty, for plotting and for tests. */
  stepStarts: Float64Array;
  novelty: Float32Array;
}

export function estimateSections(samples: Float32Array, sampleRate: number, frames: ChromaSequence, hop: number, options: SectionOptions = {}): SectionEstimate {
  const timbre = computeTimbre(samples, sampleRate, hop);
  const steps = stepFeatures(frames, timbre, options.beats);
  const count = steps.starts.length;
  const duration = steps.ends[count - 1] ?? 0;
  if (count < 4) {
    return { sections: [{ start: 0, end: duration, label: 'A', labelConfidence: 0, boundaryConfidence: 1 }], stepStarts: steps.starts, novelty: new Float32Array(count) };
  }
  const stepSeconds = duration / count;
  const matrix = selfSimilarity(steps.features, FEATURE_DIMS);
  const halfWidth = Math.max(2, Math.round((options.kernelSeconds ?? 8) / stepSeconds));
  const novelty = footeNovelty(matrix, halfWidth);
  const spacing = Math.max(1, Math.round((options.minSectionSeconds ?? 6) / stepSeconds));
  const peaks = pickPeaks(novelty, spacing, options.sensitivity).filter((p) => p.index >= spacing && count - p.index >= spacing);
  const bounds = [0, ...peaks.map((p) => p.index), count];
  const labels = labelSegments(matrix, bounds, options.labelThreshold);
  const sections: Section[] = labels.map((l, i) => ({
    start: steps.starts[bounds[i] ?? 0] ?? 0,
    end: i + 1 < labels.length ? (steps.starts[bounds[i + 1] ?? 0] ?? duration) : duration,
    label: l.label,
    labelConfidence: l.confidence,
    boundaryConfidence: i === 0 ? 1 : (peaks[i - 1]?.strength ?? 0)
  }));
  return { sections, stepStarts: steps.starts, novelty };
}
