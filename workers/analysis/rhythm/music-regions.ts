/**
 * Splits a recording at long silences. A rehearsal recording is a run of takes
 * with pauses between them; each take may start at another tempo and on
 * another beat, so tempo, beats and the bar grid are found per take. A pause
 * is at least 3 s whose onset strength stays under 1 % of the recording's
 * typical busy level (the 90th percentile of half-second sums): a take's own
 * rests and held chords are far shorter or far busier than that.
 */

export interface FrameRange {
  start: number;
  /** Exclusive. */
  end: number;
}

const WINDOW_SECONDS = 0.5;
const MIN_GAP_SECONDS = 3;
const QUIET_SHARE = 0.01;
/** Shorter bursts (a dropped stick, a cough in silence) carry no tempo. */
const MIN_REGION_SECONDS = 2;

export function musicRegions(strength: Float32Array, frameRate: number): FrameRange[] {
  const window = Math.max(1, Math.round(WINDOW_SECONDS * frameRate));
  const count = Math.ceil(strength.length / window);
  const sums = new Float64Array(count);
  for (let t = 0; t < strength.length; t++) sums[Math.floor(t / window)] = (sums[Math.floor(t / window)] as number) + (strength[t] as number);
  const sorted = Array.from(sums).sort((a, b) => a - b);
  const busy = sorted[Math.floor(0.9 * (count - 1))] ?? 0;
  if (busy <= 0) return [];
  const quiet = (w: number): boolean => (sums[w] as number) < QUIET_SHARE * busy;
  const gapWindows = Math.ceil(MIN_GAP_SECONDS / WINDOW_SECONDS);
  const regions: FrameRange[] = [];
  let start = -1;
  let quietRun = 0;
  const close = (endWindow: number): void => {
    const range = { start: start * window, end: Math.min(strength.length, endWindow * window) };
    if (range.end - range.start >= MIN_REGION_SECONDS * frameRate) regions.push(range);
    start = -1;
  };
  for (let w = 0; w < count; w++) {
    if (!quiet(w)) {
      if (start < 0) start = w;
      quietRun = 0;
    } else if (start >= 0 && ++quietRun >= gapWindows) close(w - quietRun + 1);
  }
  if (start >= 0) close(count - quietRun);
  return regions;
}
