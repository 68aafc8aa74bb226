/**
 * Beat tracking by dynamic programming (Ellis 2007, "Beat tracking by dynamic
 * programming"): the best beat sequence maximises onset strength at the beats
 * minus a penalty α·log²(interval / period) for every interval that departs
 * from the beat period. One forward pass keeps, per frame, the best score of
 * a sequence ending there and its previous beat; a backtrace from the best end
 * gives the beats. The period may vary per frame (from the local tempo), which
 * lets the grid follow a band that drifts; α = 100 as in librosa.
 *
 * Cost: frames × 1.5·period, ~50 M steps for an hour. Memory: 3 arrays of frames.
 */

export interface BeatTrackOptions {
  /** Penalty weight for tempo deviations; higher is stiffer. */
  tightness?: number;
}

/** Beat frames (fractional positions are not needed at 11.6 ms per frame); `periods` gives the beat period at each frame. */
export function trackBeats(envelope: Float32Array, periods: Float32Array, options: BeatTrackOptions = {}): number[] {
  const frames = envelope.length;
  if (frames === 0) return [];
  const tightness = options.tightness ?? 100;
  const local = localScore(envelope, periods[frames >> 1] as number);
  const cumulative = new Float64Array(frames);
  const backlink = new Int32Array(frames).fill(-1);
  for (let t = 0; t < frames; t++) {
    const period = periods[t] as number;
    const from = Math.max(0, t - Math.round(2 * period));
    const to = t - Math.round(period / 2);
    let best = -Infinity;
    let bestFrame = -1;
    for (let prev = from; prev <= to; prev++) {
      const deviation = Math.log((t - prev) / period);
      const score = (cumulative[prev] as number) - tightness * deviation * deviation;
      if (score > best) [best, bestFrame] = [score, prev];
    }
    // A sequence may start anywhere: never inherit a negative past.
    if (bestFrame >= 0 && best > 0) {
      cumulative[t] = (local[t] as number) + best;
      backlink[t] = bestFrame;
    } else cumulative[t] = local[t] as number;
  }
  const beats: number[] = [];
  for (let t = lastBeat(cumulative); t >= 0; t = backlink[t] as number) beats.push(t);
  beats.reverse();
  return trimWeakEnds(beats, local);
}

/** The onset envelope scaled to unit deviation and lightly smoothed (Gaussian, σ = period/32), as Ellis does. */
function localScore(envelope: Float32Array, period: number): Float32Array {
  let mean = 0;
  for (let i = 0; i < envelope.length; i++) mean += envelope[i] as number;
  mean /= envelope.length;
  let variance = 0;
  for (let i = 0; i < envelope.length; i++) variance += ((envelope[i] as number) - mean) ** 2;
  const std = Math.sqrt(variance / envelope.length) || 1;
  const sigma = Math.max(1, period / 32);
  const half = Math.ceil(3 * sigma);
  const kernel = Float32Array.from({ length: 2 * half + 1 }, (_, i) => Math.exp(-0.5 * ((i - half) / sigma) ** 2));
  const out = new Float32Array(envelope.length);
  for (let t = 0; t < envelope.length; t++) {
    let sum = 0;
    for (let j = -half; j <= half; j++) sum += ((envelope[t + j] ?? 0) / std) * (kernel[j + half] as number);
    out[t] = sum;
  }
  return out;
}

/** The last local maximum of the cumulative score that reaches half the median maximum (librosa's rule). */
function lastBeat(cumulative: Float64Array): number {
  const maxima: number[] = [];
  for (let t = 1; t < cumulative.length - 1; t++) {
    const c = cumulative[t] as number;
    if (c > (cumulative[t - 1] as number) && c >= (cumulative[t + 1] as number)) maxima.push(t);
  }
  if (maxima.length === 0) return cumulative.length - 1;
  const sorted = maxima.map((t) => cumulative[t] as number).sort((a, b) => a - b);
  const threshold = 0.5 * (sorted[sorted.length >> 1] as number);
  for (let i = maxima.length - 1; i >= 0; i--) if ((cumulative[maxima[i] as number] as number) >= threshold) return maxima[i] as number;
  return maxima[maxima.length - 1] as number;
}

/** Drops beats at either end that fall in near-silence (the DP pads the grid into lead-in and tail). */
function trimWeakEnds(beats: number[], local: Float32Array): number[] {
  if (beats.length === 0) return beats;
  let square = 0;
  for (const t of beats) square += (local[t] as number) ** 2;
  const threshold = 0.5 * Math.sqrt(square / beats.length);
  let start = 0;
  let end = beats.length;
  while (start < end && (local[beats[start] as number] as number) < threshold) start++;
  while (end > start && (local[beats[end - 1] as number] as number) < threshold) end--;
  return beats.slice(start, end);
}
