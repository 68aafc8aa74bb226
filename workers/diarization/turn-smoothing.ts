// From per-step speaker scores to speaker turns that don't flicker: a Viterbi
// pass over each speech region (score = cosine similarity to each speaker's
// centroid, minus a penalty per speaker change), then runs shorter than a
// minimum turn are absorbed by their neighbours.

export interface ScoredStep {
  readonly start: number;
  readonly end: number;
  /** Similarity to each speaker's centroid, −1..1. */
  readonly scores: Float32Array;
}

export interface SmoothingOptions {
  /** Cost of changing speaker between consecutive steps, in similarity units. */
  readonly changePenalty: number;
  readonly minTurnSeconds: number;
  /** Softmax temperature turning similarities into a confidence. */
  readonly temperature: number;
  /** A second speaker within this similarity of the first marks the step as possible overlap. */
  readonly overlapMargin: number;
  /** ...provided the second speaker is at least this similar. */
  readonly overlapMinScore: number;
  /** A change of speaker with no pause is marked as overlap this far either side of the change (see markCutIns). */
  readonly cutInSeconds?: number;
}

export interface LabelledRun {
  readonly start: number;
  readonly end: number;
  readonly speaker: number;
  readonly confidence: number;
  readonly overlap: boolean;
}

/** Best label path through consecutive steps of one region. */
export function viterbiPath(steps: readonly ScoredStep[], changePenalty: number): Int32Array {
  const count = steps.length;
  const speakers = steps[0]?.scores.length ?? 0;
  const path = new Int32Array(count);
  if (count === 0 || speakers === 0) return path;
  const back = new Int32Array(count * speakers);
  let total = Float64Array.from(steps[0]?.scores ?? []);
  for (let t = 1; t < count; t++) {
    const scores = steps[t]?.scores ?? new Float32Array(speakers);
    let bestPrevious = 0;
    for (let s = 1; s < speakers; s++) if ((total[s] ?? 0) > (total[bestPrevious] ?? 0)) bestPrevious = s;
    const next = new Float64Array(speakers);
    for (let s = 0; s < speakers; s++) {
      const stay = total[s] ?? 0;
      const change = (total[bestPrevious] ?? 0) - changePenalty;
      const from = stay >= change ? s : bestPrevious;
      back[t * speakers + s] = from;
      next[s] = Math.max(stay, change) + (scores[s] ?? 0);
    }
    total = next;
  }
  let last = 0;
  for (let s = 1; s < speakers; s++) if ((total[s] ?? 0) > (total[last] ?? 0)) last = s;
  for (let t = count - 1; t >= 0; t--) {
    path[t] = last;
    last = back[t * speakers + last] ?? 0;
  }
  return path;
}

/**
 * Labelled runs for one region's steps (which must be consecutive and touching).
 * A stretch of at least `MIN_OVERLAP_STEPS` steps where a second speaker scores
 * nearly as well becomes its own run marked as overlap, with low confidence:
 * one ambiguous step is a boundary, not a duet. Overlap never adds a second turn;
 * it tells the user where a label is least trustworthy.
 */
export function smoothRegion(steps: readonly ScoredStep[], options: SmoothingOptions): LabelledRun[] {
  const path = viterbiPath(steps, options.changePenalty);
  absorbShortRuns(steps, path, options.minTurnSeconds);
  const ambiguous = steps.map((step, t) => secondSpeakerClose(step.scores, path[t] ?? 0, options));
  for (let from = 0; from < ambiguous.length; ) {
    let to = from;
    while (to + 1 < ambiguous.length && ambiguous[to + 1] === ambiguous[from]) to++;
    if (ambiguous[from] && to - from + 1 < MIN_OVERLAP_STEPS) ambiguous.fill(false, from, to + 1);
    from = to + 1;
  }
  const runs: LabelledRun[] = [];
  let from = 0;
  for (let t = 1; t <= steps.length; t++) {
    if (t < steps.length && path[t] === path[from] && ambiguous[t] === ambiguous[from]) continue;
    const speaker = path[from] ?? 0;
    let confidence = 0;
    for (let i = from; i < t; i++) confidence += softmaxAt((steps[i] as ScoredStep).scores, speaker, options.temperature);
    const overlap = ambiguous[from] ?? false;
    confidence /= t - from;
    runs.push({ start: steps[from]?.start ?? 0, end: steps[t - 1]?.end ?? 0, speaker, confidence: overlap ? Math.min(0.3, confidence) : confidence, overlap });
    from = t;
  }
  return runs;
}

const MIN_OVERLAP_STEPS = 2;

/** Relabels runs shorter than `minSeconds` with the neighbour that scores better over them. */
function absorbShortRuns(steps: readonly ScoredStep[], path: Int32Array, minSeconds: number): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (let from = 0; from < path.length; ) {
      let to = from;
      while (to + 1 < path.length && path[to + 1] === path[from]) to++;
      const seconds = (steps[to]?.end ?? 0) - (steps[from]?.start ?? 0);
      const before = from > 0 ? path[from - 1] : undefined;
      const after = to + 1 < path.length ? path[to + 1] : undefined;
      if (seconds < minSeconds && (before !== undefined || after !== undefined)) {
        const score = (speaker: number | undefined): number => {
          if (speaker === undefined) return -Infinity;
          let sum = 0;
          for (let t = from; t <= to; t++) sum += steps[t]?.scores[speaker] ?? 0;
          return sum;
        };
        const winner = (score(before) >= score(after) ? before : after) as number;
        path.fill(winner, from, to + 1);
        changed = true;
      }
      from = to + 1;
    }
  }
}

function softmaxAt(scores: Float32Array, index: number, temperature: number): number {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (const s of scores) sum += Math.exp((s - max) / temperature);
  return Math.exp(((scores[index] ?? 0) - max) / temperature) / sum;
}

function secondSpeakerClose(scores: Float32Array, speaker: number, options: SmoothingOptions): boolean {
  const own = scores[speaker] ?? 0;
  for (let s = 0; s < scores.length; s++) {
    if (s === speaker) continue;
    const other = scores[s] ?? 0;
    // Close, not better: a step Viterbi overruled is low-confidence, not a duet.
    if (other >= options.overlapMinScore && Math.abs(other - own) <= options.overlapMargin) return true;
  }
  return false;
}

/**
 * Marks cut-ins. Two people talking at once blend into one embedding that
 * scores like neither, so similarity alone misses most overlaps (measured on
 * the fixtures: 1 in 5). What does show is the shape: a change of speaker
 * inside one stretch of speech, with no pause between, is where the second
 * voice came in over the first. The stretch `reach` seconds either side of
 * such a change (never more than half of either turn) is split off and
 * marked overlap with low confidence; labels do not change, so the DER is
 * untouched and the user sees where a label is least trustworthy.
 */
export function markCutIns(runs: readonly LabelledRun[], reach: number): LabelledRun[] {
  if (!(reach > 0) || runs.length < 2) return [...runs];
  const cuts = runs.map(() => ({ before: 0, after: 0 }));
  for (let i = 1; i < runs.length; i++) {
    const previous = runs[i - 1] as LabelledRun;
    const next = runs[i] as LabelledRun;
    if (previous.speaker === next.speaker || previous.overlap || next.overlap || next.start - previous.end > 1e-6) continue;
    (cuts[i - 1] as { after: number }).after = Math.min(reach, (previous.end - previous.start) / 2);
    (cuts[i] as { before: number }).before = Math.min(reach, (next.end - next.start) / 2);
  }
  return runs.flatMap((run, i) => {
    const { before, after } = cuts[i] as { before: number; after: number };
    const pieces: LabelledRun[] = [];
    const marked = (start: number, end: number): LabelledRun => ({ ...run, start, end, overlap: true, confidence: Math.min(0.3, run.confidence) });
    if (before > 0) pieces.push(marked(run.start, run.start + before));
    if (run.end - after > run.start + before) pieces.push({ ...run, start: run.start + before, end: run.end - after });
    if (after > 0) pieces.push(marked(run.end - after, run.end));
    return pieces;
  });
}
