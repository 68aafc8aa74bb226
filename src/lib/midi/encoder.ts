import type { EncoderMode } from './controller-profile';

/**
 * Knob CC values to positions. Absolute knobs send their position; endless
 * encoders send signed ticks in one of three encodings that manufacturers
 * disagree on, so the profile says which.
 */
export function relativeTicks(value: number, mode: Exclude<EncoderMode, 'absolute'>): number {
  switch (mode) {
    case 'relative-twos-complement':
      return value < 64 ? value : value - 128; // 1 = +1, 127 = −1
    case 'relative-offset':
      return value - 64; // 65 = +1, 63 = −1
    case 'relative-sign-bit':
      return value & 64 ? -(value & 63) : value & 63; // 1 = +1, 65 = −1
  }
}

/** One tick moves a knob by this much: a full sweep in 127 ticks, like an absolute knob. */
export const TICK = 1 / 127;

/** The knob's next position (0…1) after a CC value arrives. */
export function nextKnobPosition(current: number, value: number, mode: EncoderMode): number {
  if (mode === 'absolute') return value / 127;
  return Math.min(1, Math.max(0, current + relativeTicks(value, mode) * TICK));
}
