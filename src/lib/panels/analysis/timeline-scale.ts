/**
 * The time axis the waveform, the ruler and the piano rolls share: a view
 * (start and span, for zooming) mapped to pixels and back, the view
 * following the playhead, and the ruler's marks from the analysis' beat grid
 * (bar 1 at the first downbeat, as the cue list counts). Labels thin out as
 * bars get narrow (every 1, 2, 4, 8… bars) so numbers never overlap.
 */
export interface TimeAxis {
  /** First second in view. */
  start: number;
  /** Seconds in view (the whole recording when zoomed out). */
  span: number;
  width: number;
}

export function timeToX(axis: TimeAxis, time: number): number {
  return axis.span > 0 ? ((time - axis.start) / axis.span) * axis.width : 0;
}

export function xToTime(axis: TimeAxis, x: number): number {
  if (axis.width <= 0) return axis.start;
  return Math.min(axis.start + axis.span, Math.max(axis.start, axis.start + (x / axis.width) * axis.span));
}

/** Closest zoom: a few seconds is as close as a rehearsal view needs (about two bars at most tempos). */
export const MIN_SPAN_SECONDS = 4;

/** The span after zooming by `factor` (<1 in, >1 out), kept between MIN_SPAN_SECONDS and the whole recording. */
export function zoomSpan(span: number, factor: number, duration: number): number {
  return Math.min(duration, Math.max(Math.min(MIN_SPAN_SECONDS, duration), span * factor));
}

/** A view start that keeps `centre` in view at this span, inside the recording. */
export function viewStartAround(centre: number, span: number, duration: number): number {
  return Math.min(Math.max(0, duration - span), Math.max(0, centre - span / 2));
}

/**
 * Where the view starts while the playhead moves: unchanged while the
 * playhead is inside it, otherwise turned like a page so the playhead sits a
 * tenth in (a view that scrolls every frame is hard to read).
 */
export function followPlayhead(start: number, span: number, duration: number, position: number): number {
  if (position >= start && position < start + span) return start;
  return Math.min(Math.max(0, duration - span), Math.max(0, position - span / 10));
}

export interface BarMark {
  time: number;
  bar: number;
  labelled: boolean;
}

export interface RulerMarks {
  /** Bar lines in view, numbered over the whole recording. */
  bars: BarMark[];
  /** Beats between bar lines, only when they are far enough apart to read. */
  beats: number[];
  /** A label on every `labelEvery` bars (counting from bar 1). */
  labelEvery: number;
}

/** Narrowest gap between two bar numbers, in CSS pixels (room for "128"). */
const MIN_LABEL_GAP = 30;
/** Beats closer than this are noise, not a grid. */
const MIN_BEAT_GAP = 5;

export function rulerMarks(axis: TimeAxis, grid: { beats: readonly number[]; downbeats: readonly number[] }): RulerMarks {
  const end = axis.start + axis.span;
  const inView = (t: number): boolean => t >= axis.start && t <= end;
  const { downbeats, beats } = grid;
  const pixelsPerSecond = axis.span > 0 ? axis.width / axis.span : 0;
  const barPixels = downbeats.length > 1 ? (pixelsPerSecond * (downbeats[downbeats.length - 1]! - downbeats[0]!)) / (downbeats.length - 1) : axis.width;
  let labelEvery = 1;
  while (barPixels * labelEvery < MIN_LABEL_GAP && labelEvery < 1024) labelEvery *= 2;
  const bars = downbeats.flatMap((time, i) => (inView(time) ? [{ time, bar: i + 1, labelled: i % labelEvery === 0 }] : []));
  const beatPixels = beats.length > 1 ? (pixelsPerSecond * (beats[beats.length - 1]! - beats[0]!)) / (beats.length - 1) : 0;
  const onBar = new Set(downbeats.map((t) => Math.round(t * 1000)));
  const shownBeats = beatPixels >= MIN_BEAT_GAP ? beats.filter((t) => inView(t) && !onBar.has(Math.round(t * 1000))) : [];
  return { bars, beats: shownBeats, labelEvery };
}

/**
 * Whole bars covering a dragged span (the ruler's loop selection): from the
 * bar line at or before the earlier point to the bar line after the later
 * one (the recording's end after the last bar). Before bar 1 there is no bar
 * line: the span starts at 0.
 */
export function barsCovering(downbeats: readonly number[], duration: number, a: number, b: number): { start: number; end: number } {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  let start = 0;
  for (const t of downbeats) if (t <= from + 1e-6) start = t;
  const end = downbeats.find((t) => t > to + 1e-6) ?? duration;
  return { start, end: Math.min(end, duration) };
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
