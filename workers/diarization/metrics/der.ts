// Diarization error rate on 10 ms frames: (missed + false alarm + confusion) /
// total reference speech, after the one-to-one speaker mapping that maximises
// overlap time (Hungarian). Overlapped reference speech counts once per speaker.
// The collar excludes frames within ±collar of any reference boundary, as in
// NIST md-eval; `skipOverlap` drops frames where the reference has 2+ speakers.
import { maximumAssignment } from './hungarian.ts';

export interface LabelledSegment {
  readonly start: number;
  readonly end: number;
  readonly speaker: string;
}

export interface DerOptions {
  /** Seconds either side of each reference boundary left unscored (0.25 is the usual forgiving collar). */
  readonly collar: number;
  readonly skipOverlap?: boolean;
  readonly frameSeconds?: number;
}

export interface DerReport {
  /** Error over reference speech; Infinity when there is no reference speech but the hypothesis has some. */
  readonly der: number;
  /** Seconds. */
  readonly missed: number;
  readonly falseAlarm: number;
  readonly confusion: number;
  readonly referenceSpeech: number;
  /** Hypothesis speaker → reference speaker, for the mapped pairs. */
  readonly mapping: ReadonlyMap<string, string>;
  readonly referenceSpeakers: number;
  readonly hypothesisSpeakers: number;
  /** Hypothesis speaker count minus reference speaker count. */
  readonly speakerCountError: number;
}

/** One activity row per speaker: frame f is active if its centre lies in a segment. */
function activity(segments: readonly LabelledSegment[], frames: number, step: number): { names: string[]; rows: Uint8Array[] } {
  const names = [...new Set(segments.map((s) => s.speaker))];
  const rows = names.map(() => new Uint8Array(frames));
  for (const segment of segments) {
    const row = rows[names.indexOf(segment.speaker)] as Uint8Array;
    const first = Math.max(0, Math.ceil(segment.start / step - 0.5));
    const last = Math.min(frames, Math.ceil(segment.end / step - 0.5));
    row.fill(1, first, last);
  }
  return { names, rows };
}

export function diarizationErrorRate(reference: readonly LabelledSegment[], hypothesis: readonly LabelledSegment[], options: DerOptions): DerReport {
  const step = options.frameSeconds ?? 0.01;
  const end = Math.max(0, ...reference.map((s) => s.end), ...hypothesis.map((s) => s.end));
  const frames = Math.ceil(end / step) + 1;
  const ref = activity(reference, frames, step);
  const hyp = activity(hypothesis, frames, step);

  const scored = new Uint8Array(frames).fill(1);
  if (options.collar > 0) {
    for (const s of reference) {
      for (const boundary of [s.start, s.end]) {
        scored.fill(0, Math.max(0, Math.ceil((boundary - options.collar) / step - 0.5)), Math.min(frames, Math.ceil((boundary + options.collar) / step - 0.5)));
      }
    }
  }
  const refCount = new Uint8Array(frames);
  for (const row of ref.rows) for (let f = 0; f < frames; f++) refCount[f] = (refCount[f] ?? 0) + (row[f] ?? 0);
  if (options.skipOverlap) for (let f = 0; f < frames; f++) if ((refCount[f] ?? 0) > 1) scored[f] = 0;

  const overlapFrames = hyp.rows.map((h) => ref.rows.map((r) => countBoth(h, r, scored)));
  const assigned = maximumAssignment(overlapFrames);
  const mapping = new Map<string, string>();
  assigned.forEach((r, h) => {
    if (r >= 0) mapping.set(hyp.names[h] ?? '', ref.names[r] ?? '');
  });

  let missed = 0;
  let falseAlarm = 0;
  let confusion = 0;
  let total = 0;
  for (let f = 0; f < frames; f++) {
    if (!scored[f]) continue;
    const nRef = refCount[f] ?? 0;
    let nHyp = 0;
    let correct = 0;
    hyp.rows.forEach((row, h) => {
      if (!row[f]) return;
      nHyp++;
      const r = assigned[h] ?? -1;
      if (r >= 0 && ref.rows[r]?.[f]) correct++;
    });
    total += nRef;
    missed += Math.max(0, nRef - nHyp);
    falseAlarm += Math.max(0, nHyp - nRef);
    confusion += Math.min(nRef, nHyp) - correct;
  }
  const errors = missed + falseAlarm + confusion;
  return {
    der: total > 0 ? errors / total : errors > 0 ? Infinity : 0,
    missed: missed * step,
    falseAlarm: falseAlarm * step,
    confusion: confusion * step,
    referenceSpeech: total * step,
    mapping,
    referenceSpeakers: ref.names.length,
    hypothesisSpeakers: hyp.names.length,
    speakerCountError: hyp.names.length - ref.names.length
  };
}

function countBoth(a: Uint8Array, b: Uint8Array, scored: Uint8Array): number {
  let count = 0;
  for (let f = 0; f < a.length; f++) if (a[f] && b[f] && scored[f]) count++;
  return count;
}
