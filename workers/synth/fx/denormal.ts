/**
 * Feedback loops (delay, reverb, filter state) decay towards zero forever and
 * eventually hold subnormal numbers, which x86 CPUs process up to 100× slower:
 * a silent tail would then cost more CPU than music. Values this small are
 * below -400 dBFS, so they are flushed to exact zero where they are stored.
 */
const FLUSH_BELOW = 1e-20;

export function flushDenormal(value: number): number {
  // One predictable branch (almost never taken), unlike a two-sided test on signed audio.
  return Math.abs(value) < FLUSH_BELOW ? 0 : value;
}
