/**
 * The time axis the waveform, the ruler and the piano rolls share: seconds
 * to pixels and back, and the ruler's marks from the analysis' beat grid
 * (bar 1 at the first downbeat, as the cue list counts). Labels thin out as
 * bars get narrow (every 1, 2, 4, 8… bars) so numbers never overlap.
 */
export interface TimeAxis {
  duration: number;
  width: number;
}

export function timeToX(axis: TimeAxis, time: number): number {
  return axis.duration > 0 ? (time / axis.duration) * axis.width : 0;
}

export function xToTime(axis: TimeAxis, x: number): number {
  if (axis.width <= 0) return 0;
  return Math.min(axis.duration, Math.max(0, (x / axis.width) * axis.duration));
}

export interface BarMark {
  time: number;
  bar: number;
  labelled: boolean;
}

export interface RulerMarks {
  bars: BarMark[];
  /** Beats between bar lines, only when they are far enough apart to read. */
  beats: number[];
  /** A label on every `labelEvery` bars. */
  labelEvery: number;
}

/** Narrowest gap between two bar numbers, in CSS pixels (room for "128"). */
const MIN_LABEL_GAP = 30;
/** Beats closer than this are noise, not a grid. */
const MIN_BEAT_GAP = 5;

export function rulerMarks(axis: TimeAxis, grid: { beats: readonly number[]; downbeats: readonly number[] }): RulerMarks {
  const downbeats = grid.downbeats.filter((t) => t <= axis.duration);
  const barPixels = downbeats.length > 1 ? timeToX(axis, (downbeats[downbeats.length - 1]! - downbeats[0]!) / (downbeats.length - 1)) : axis.width;
  let labelEvery = 1;
  while (barPixels * labelEvery < MIN_LABEL_GAP && labelEvery < 1024) labelEvery *= 2;
  const bars = downbeats.map((time, i) => ({ time, bar: i + 1, labelled: i % labelEvery === 0 }));
  const beatPixels = grid.beats.length > 1 ? timeToX(axis, (grid.beats[grid.beats.length - 1]! - grid.beats[0]!) / (grid.beats.length - 1)) : 0;
  const onBar = new Set(downbeats.map((t) => Math.round(t * 1000)));
  const beats = beatPixels >= MIN_BEAT_GAP ? grid.beats.filter((t) => t <= axis.duration && !onBar.has(Math.round(t * 1000))) : [];
  return { bars, beats, labelEvery };
}

/** "bar.beat" at a time (1.1 at the first downbeat), or "–" before it: the playhead's musical position. */
export function barBeatAt(grid: { beats: readonly number[]; downbeats: readonly number[] }, time: number): string {
  const tolerance = 0.02;
  let bar = 0;
  let barStart = -Infinity;
  for (const downbeat of grid.downbeats) {
    if (downbeat > time + tolerance) break;
    bar++;
    barStart = downbeat;
  }
  if (bar === 0) return '–';
  const beat = grid.beats.filter((t) => t >= barStart - tolerance && t <= time + tolerance).length;
  return `${bar}.${Math.max(1, beat)}`;
}

/** m:ss.t, for the transport. */
export function clockTime(seconds: number): string {
  const safe = Math.max(0, seconds);
  const minutes = Math.floor(safe / 60);
  const rest = safe - minutes * 60;
  return `${minutes}:${rest.toFixed(1).padStart(4, '0')}`;
}
