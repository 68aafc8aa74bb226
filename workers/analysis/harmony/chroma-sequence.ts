/**
 * A chroma sequence: consecutive time spans (STFT frames or beats), each with a
 * 12-bin pitch-class profile and a loudness. Key, chords and sections all read
 * this one shape, so frame-level and beat-synchronous analysis share code.
 */
export interface ChromaSequence {
  /** Span starts and ends in seconds, ascending, ends[i] === starts[i + 1]. */
  starts: Float64Array;
  ends: Float64Array;
  /** Row-major, 12 per span, pitch class 0 = C; each row has unit L2 norm, or is zero when silent. */
  chroma: Float32Array;
  /** Loudness per span relative to the loudest frame of the file, 0…1 (0 = silent). */
  energy: Float32Array;
}

export function spanCount(sequence: ChromaSequence): number {
  return sequence.starts.length;
}

/** Scales each 12-bin row to unit L2 norm; rows with no energy stay zero. */
export function normaliseRows(chroma: Float32Array): void {
  for (let row = 0; row < chroma.length; row += 12) {
    let sum = 0;
    for (let p = 0; p < 12; p++) sum += (chroma[row + p] ?? 0) ** 2;
    const norm = Math.sqrt(sum);
    const scale = norm > 1e-9 ? 1 / norm : 0;
    for (let p = 0; p < 12; p++) chroma[row + p] = (chroma[row + p] ?? 0) * scale;
  }
}

/**
 * Beat-synchronous chroma (Bartsch & Wakefield; Ellis's beat-sync features):
 * averages the frames whose centre falls between consecutive beats, so one
 * span is one beat and chord changes line up with the beat grid. The spans
 * before the first beat and after the last are kept, so nothing is dropped.
 */
export function beatSynchronous(frames: ChromaSequence, beatTimes: readonly number[]): ChromaSequence {
  const frameTotal = spanCount(frames);
  if (frameTotal === 0) return frames;
  const end = frames.ends[frameTotal - 1] ?? 0;
  const cuts = [0, ...beatTimes.filter((t) => t > 0 && t < end), end];
  cuts.sort((a, b) => a - b);
  const bounds = cuts.filter((t, i) => i === 0 || t - (cuts[i - 1] ?? 0) > 1e-6);
  const count = bounds.length - 1;
  const out: ChromaSequence = {
    starts: new Float64Array(count),
    ends: new Float64Array(count),
    chroma: new Float32Array(count * 12),
    energy: new Float32Array(count)
  };
  let frame = 0;
  for (let span = 0; span < count; span++) {
    const start = bounds[span] ?? 0;
    const stop = bounds[span + 1] ?? start;
    out.starts[span] = start;
    out.ends[span] = stop;
    let used = 0;
    while (frame < frameTotal && centre(frames, frame) < stop) {
      accumulate(out, span, frames, frame);
      used++;
      frame++;
    }
    if (used === 0) {
      // A beat shorter than a frame: borrow the frame that covers it.
      accumulate(out, span, frames, nearestFrame(frames, (start + stop) / 2));
      used = 1;
    }
    out.energy[span] = (out.energy[span] ?? 0) / used;
  }
  normaliseRows(out.chroma);
  return out;
}

function centre(sequence: ChromaSequence, i: number): number {
  return 0.5 * ((sequence.starts[i] ?? 0) + (sequence.ends[i] ?? 0));
}

function accumulate(out: ChromaSequence, span: number, frames: ChromaSequence, frame: number): void {
  const weight = frames.energy[frame] ?? 0;
  for (let p = 0; p < 12; p++) out.chroma[span * 12 + p] = (out.chroma[span * 12 + p] ?? 0) + weight * (frames.chroma[frame * 12 + p] ?? 0);
  out.energy[span] = (out.energy[span] ?? 0) + weight;
}

function nearestFrame(frames: ChromaSequence, time: number): number {
  const hop = (frames.ends[0] ?? 1) - (frames.starts[0] ?? 0);
  return Math.min(spanCount(frames) - 1, Math.max(0, Math.floor((time - (frames.starts[0] ?? 0)) / hop)));
}
