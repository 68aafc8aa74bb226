/**
 * What the level meter shows, quantised so a steady sound changes nothing on
 * screen. Every visible change costs a composited frame, and in a browser
 * without GPU compositing (headless, some laptops) a meter redrawn 60 times a
 * second took more CPU than the synth itself and starved the producer worker.
 */

/** The bar's scale: 60 dB, from −60 dBFS (empty) to 0 dBFS (full). */
export const METER_RANGE_DB = 60;
/** 1 dB per step: finer than the eye reads on a 120 px bar. */
export const METER_STEPS = 60;
/** Redraws per second at most; a peak meter with hold and fall reads well at this rate. */
export const METER_HZ = 20;
/** The "ms queued" figure changes every burst; a readable figure changes a few times a second. */
export const LATENCY_REFRESH_MS = 250;

/** A peak (linear, 0..) as a step of the bar, 0 (below −60 dBFS) to METER_STEPS (0 dBFS or over). */
export function meterStep(peak: number): number {
  if (!(peak > 0)) return 0;
  const db = 20 * Math.log10(peak);
  return Math.min(METER_STEPS, Math.max(0, Math.round(((db + METER_RANGE_DB) / METER_RANGE_DB) * METER_STEPS)));
}

/** A step as the dBFS it stands for (−60 for an empty bar). */
export function stepDb(step: number): number {
  return Math.round((step / METER_STEPS - 1) * METER_RANGE_DB);
}

/** Whether a peak is shown as clipping. */
export function isHot(peak: number): boolean {
  return peak > 0.98;
}
