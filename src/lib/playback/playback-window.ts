import type { LoopRegion } from './transport-clock';

/**
 * Which stretch of a recording the player holds in memory. An hour of one
 * stem at the analysis rate is over 300 MB of samples, so the player never
 * reads a stem whole: it holds a window of a couple of minutes around the
 * playhead (every stem the same window, so they stay sample-locked), reads
 * the next one while this one still has REFILL_LEAD_SECONDS to play, and
 * hands over inside the OVERLAP_SECONDS both windows share. A loop is held
 * whole, so looping a section never reads anything.
 */
export interface PlaybackWindow {
  start: number;
  end: number;
}

export const WINDOW_SECONDS = 120;
/** The next window is read when the current one has this long left to play. */
export const REFILL_LEAD_SECONDS = 20;
/** Consecutive windows share this much audio; the handover crossfades inside it. */
export const OVERLAP_SECONDS = 2;
/** Length of the crossfade between the outgoing and incoming window (the same samples, so no level change). */
export const HANDOVER_FADE_SECONDS = 0.05;

/** The window to hold for playing from `position` (a loop that contains the position is held whole). */
export function windowFor(position: number, loop: LoopRegion | undefined, duration: number, length = WINDOW_SECONDS): PlaybackWindow {
  if (loop && position >= loop.start && position < loop.end) return { start: loop.start, end: Math.min(duration, Math.max(loop.end, loop.start + length)) };
  const start = Math.max(0, Math.min(position, duration));
  return { start, end: Math.min(duration, start + length) };
}

/** True when `window` can play from `position` without reading: the whole loop, or the position with enough left to play. */
export function covers(window: PlaybackWindow | undefined, position: number, loop: LoopRegion | undefined, duration: number): boolean {
  if (!window) return false;
  if (loop && position >= loop.start && position < loop.end) return window.start <= loop.start && window.end >= loop.end;
  return window.start <= position && (window.end >= duration || window.end - position > REFILL_LEAD_SECONDS);
}

/** While playing on: whether to read the next window now. */
export function refillDue(window: PlaybackWindow, position: number, duration: number): boolean {
  return window.end < duration && window.end - position <= REFILL_LEAD_SECONDS;
}

/** The window after `current`, sharing OVERLAP_SECONDS with it; undefined at the end of the recording. */
export function nextWindow(current: PlaybackWindow, duration: number, length = WINDOW_SECONDS): PlaybackWindow | undefined {
  if (current.end >= duration) return undefined;
  const start = Math.max(current.start, current.end - OVERLAP_SECONDS);
  return { start, end: Math.min(duration, start + length) };
}

/**
 * The recording position at which to hand over from `current` to `next`:
 * the earliest that can still be scheduled (`earliest`, the playhead plus the
 * scheduling margin) and lies in both windows with room for the crossfade.
 * Undefined when the playhead already ran past that (the read came too late:
 * the player restarts on the new window instead).
 */
export function handoverPosition(current: PlaybackWindow, next: PlaybackWindow, earliest: number): number | undefined {
  const at = Math.max(earliest, next.start);
  return at + HANDOVER_FADE_SECONDS <= current.end ? at : undefined;
}
