/**
 * Bars and local tempo from the beat grid: which bar a moment falls in
 * (counting from 1 at the first downbeat, as musicians count), and the tempo
 * of a stretch from its beat intervals (median, so one missed beat does not
 * halve the tempo).
 */
export interface BeatGrid {
  beats: readonly number[];
  downbeats: readonly number[];
}

function medianOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : 0.5 * ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0));
}

export function medianBeatSeconds(grid: BeatGrid): number {
  const intervals = grid.beats.slice(1).map((t, i) => t - (grid.beats[i] ?? 0));
  return medianOf(intervals);
}

/** Bar number at `time`: a moment within a quarter beat before a downbeat belongs to that bar (boundaries are estimated). */
export function barAt(grid: BeatGrid, time: number): number {
  const tolerance = medianBeatSeconds(grid) / 4;
  let bar = 0;
  for (const downbeat of grid.downbeats) if (downbeat <= time + tolerance) bar++;
  return Math.max(1, bar);
}

export function beatsPerBar(grid: BeatGrid): number {
  const counts: number[] = [];
  for (let i = 0; i + 1 < grid.downbeats.length; i++) {
    const a = grid.downbeats[i] ?? 0;
    const b = grid.downbeats[i + 1] ?? 0;
    counts.push(grid.beats.filter((t) => t >= a - 1e-3 && t < b - 1e-3).length);
  }
  return Math.min(16, Math.max(1, Math.round(medianOf(counts)) || 4));
}

/** Tempo (BPM) over the beats in [from, to); undefined with fewer than `minimum` intervals. */
export function tempoBetween(grid: BeatGrid, from: number, to: number, minimum = 2): number | undefined {
  const inside = grid.beats.filter((t) => t >= from && t < to);
  const intervals = inside.slice(1).map((t, i) => t - (inside[i] ?? 0));
  if (intervals.length < minimum) return undefined;
  const seconds = medianOf(intervals);
  return seconds > 0 ? 60 / seconds : undefined;
}

/** BPM change from the start of [from, to) to its end, from the first and last `window` beat intervals. */
export function tempoDrift(grid: BeatGrid, from: number, to: number, window = 8): number | undefined {
  const inside = grid.beats.filter((t) => t >= from && t < to);
  const intervals = inside.slice(1).map((t, i) => t - (inside[i] ?? 0));
  if (intervals.length < 2 * window) return undefined;
  const early = medianOf(intervals.slice(0, window));
  const late = medianOf(intervals.slice(-window));
  return early > 0 && late > 0 ? 60 / late - 60 / early : undefined;
}
