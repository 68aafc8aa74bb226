/**
 * Chord recognition: template matching + HMM smoothing (the classic
 * Fujishima 1999 / Bello & Pickens 2005 pipeline, tuned as in Cho & Bello
 * 2014, where the self-transition prior does most of the smoothing work).
 *
 * Emission: β·cos(chroma, template) + prior; N scores a constant, so a flat or
 * noisy chroma (cosine ≈ 0.5 to any triad) becomes "no chord" rather than a
 * guess. Confidence of a segment: the mean posterior of its label, from a
 * per-span softmax of the same emissions.
 */
import { chordVocabulary, type ChordState, type VocabularyOptions } from './chord-vocabulary';
import { spanCount, type ChromaSequence } from './chroma-sequence';
import { viterbiSelfTransition } from './chord-viterbi';

/** The default chroma hop (2048 samples at 22.05 kHz): the unit of evidence for the HMM. */
const REFERENCE_FRAME_SECONDS = 2048 / 22050;

export interface ChordSegment {
  start: number;
  end: number;
  /** MajMin vocabulary: "C", "A:min", "N". */
  label: string;
  /** 0…1: mean posterior of this label over the segment. */
  confidence: number;
}

export interface ChordOptions extends VocabularyOptions {
  /** Expected seconds between chord changes; sets the self-transition probability (default 2 s). */
  expectedChordSeconds?: number;
  /** Emission sharpness β (default 20). */
  sharpness?: number;
  /** Cosine below which a span is "N" (default 0.6). */
  noChordThreshold?: number;
  /** Segments shorter than this are merged into their neighbour (default 0). */
  minSegmentSeconds?: number;
}

export function estimateChords(sequence: ChromaSequence, options: ChordOptions = {}): ChordSegment[] {
  const states = chordVocabulary(options);
  const steps = spanCount(sequence);
  if (steps === 0) return [];
  const sharpness = options.sharpness ?? 20;
  const noChord = options.noChordThreshold ?? 0.6;
  const emission = new Float32Array(steps * states.length);
  const posterior = new Float32Array(steps * states.length);
  for (let t = 0; t < steps; t++) emitSpan(sequence, t, states, sharpness, noChord, emission, posterior);
  const meanStep = ((sequence.ends[steps - 1] ?? 0) - (sequence.starts[0] ?? 0)) / steps;
  const self = Math.min(0.995, Math.max(0.05, 1 - meanStep / (options.expectedChordSeconds ?? 2)));
  const { path } = viterbiSelfTransition(emission, steps, states.length, self);
  const segments = mergeByLabel(sequence, path, states, posterior);
  return options.minSegmentSeconds ? absorbShort(segments, options.minSegmentSeconds) : segments;
}

function emitSpan(
  sequence: ChromaSequence,
  t: number,
  states: ChordState[],
  sharpness: number,
  noChord: number,
  emission: Float32Array,
  posterior: Float32Array
): void {
  const row = t * states.length;
  const silent = (sequence.energy[t] ?? 0) <= 0;
  let max = -Infinity;
  for (let s = 0; s < states.length; s++) {
    const state = states[s] as ChordState;
    let score: number;
    if (state.root < 0) score = silent ? 1 : noChord;
    else if (silent) score = 0;
    else {
      score = 0;
      for (let p = 0; p < 12; p++) score += (sequence.chroma[t * 12 + p] ?? 0) * (state.template[p] ?? 0);
    }
    const value = sharpness * score + state.logPrior;
    emission[row + s] = value;
    max = Math.max(max, value);
  }
  let sum = 0;
  // A long span (a beat) is several frames' worth of evidence against the transition prior: scale its
  // log-likelihood by its length in reference frames, so frame and beat decoding smooth alike.
  const evidence = Math.max(1, ((sequence.ends[t] ?? 0) - (sequence.starts[t] ?? 0)) / REFERENCE_FRAME_SECONDS);
  for (let s = 0; s < states.length; s++) {
    const p = Math.exp((emission[row + s] ?? 0) - max);
    emission[row + s] = (emission[row + s] ?? 0) * evidence;
    posterior[row + s] = p;
    sum += p;
  }
  for (let s = 0; s < states.length; s++) posterior[row + s] = (posterior[row + s] ?? 0) / sum;
}

function mergeByLabel(sequence: ChromaSequence, path: Int32Array, states: ChordState[], posterior: Float32Array): ChordSegment[] {
  const segments: ChordSegment[] = [];
  let weighted = 0;
  for (let t = 0; t < path.length; t++) {
    const label = (states[path[t] ?? 0] as ChordState).label;
    const start = sequence.starts[t] ?? 0;
    const end = sequence.ends[t] ?? start;
    // Posterior of the label, summed over the states that report it (C and C:7 both say "C").
    let labelPosterior = 0;
    for (let s = 0; s < states.length; s++) if ((states[s] as ChordState).label === label) labelPosterior += posterior[t * states.length + s] ?? 0;
    const last = segments[segments.length - 1];
    if (last && last.label === label) {
      last.end = end;
      weighted += labelPosterior * (end - start);
    } else {
      if (last) last.confidence = weighted / Math.max(1e-9, last.end - last.start);
      segments.push({ start, end, label, confidence: 0 });
      weighted = labelPosterior * (end - start);
    }
  }
  const last = segments[segments.length - 1];
  if (last) last.confidence = weighted / Math.max(1e-9, last.end - last.start);
  return segments;
}

/** Folds segments shorter than `minimum` into the longer neighbour (a passing chord a band would not write down). */
function absorbShort(segments: ChordSegment[], minimum: number): ChordSegment[] {
  const out: ChordSegment[] = [];
  for (const segment of segments) {
    const last = out[out.length - 1];
    if (last && (segment.end - segment.start < minimum || last.label === segment.label)) last.end = segment.end;
    else if (last && last.end - last.start < minimum) out[out.length - 1] = { ...segment, start: last.start };
    else out.push({ ...segment });
  }
  return out;
}
