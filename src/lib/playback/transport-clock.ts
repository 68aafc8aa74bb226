/**
 * Where the playhead is, from the audio clock. Playback starts at a context
 * time (`anchorTime`) from a position in the recording (`anchorPosition`);
 * from then on the position is pure arithmetic on `context.currentTime`, the
 * same clock the sources are scheduled on, so the playhead and the sound
 * cannot drift apart. A loop wraps the position the way an
 * AudioBufferSourceNode with `loop` does.
 */
export interface LoopRegion {
  start: number;
  end: number;
}

export interface TransportState {
  playing: boolean;
  /** Context time at which `anchorPosition` plays (sources start then). */
  anchorTime: number;
  /** Seconds into the recording at `anchorTime`; the position itself while paused. */
  anchorPosition: number;
  loop: LoopRegion | undefined;
  duration: number;
}

/** Shortest loop worth playing: below it the wrap would buzz rather than repeat. */
export const MIN_LOOP_SECONDS = 0.25;

export function positionAt(state: TransportState, now: number): number {
  if (!state.playing) return state.anchorPosition;
  const raw = state.anchorPosition + Math.max(0, now - state.anchorTime);
  const loop = state.loop;
  if (loop && state.anchorPosition < loop.end && raw >= loop.end) return loop.start + ((raw - loop.start) % (loop.end - loop.start));
  return Math.min(raw, state.duration);
}

/** True once a non-looping playback has reached the end of the recording. */
export function reachedEnd(state: TransportState, now: number): boolean {
  return state.playing && !state.loop && state.anchorPosition + (now - state.anchorTime) >= state.duration;
}

export function clampPosition(position: number, duration: number): number {
  if (!Number.isFinite(position)) return 0;
  return Math.min(Math.max(0, position), Math.max(0, duration));
}

/** A loop inside the recording, or undefined when the region is too short to loop. */
export function loopWithin(region: LoopRegion, duration: number): LoopRegion | undefined {
  const start = clampPosition(region.start, duration);
  const end = clampPosition(region.end, duration);
  return end - start >= MIN_LOOP_SECONDS ? { start, end } : undefined;
}
