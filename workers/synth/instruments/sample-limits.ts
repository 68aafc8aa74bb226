/**
 * Limits every loader applies to samples, matching what the producer accepts
 * (workers/shared/instrument-schema.ts) and what the voice can play.
 */

/** The spec's lowest reproducible rate is 400 Hz (SF2 §7.10); the producer accepts up to 192 kHz. */
export const MIN_SAMPLE_RATE = 400;
export const MAX_SAMPLE_RATE = 192_000;

/** A loop shorter than two frames can't be interpolated; the voice ignores such loops, so loaders drop them. */
export const MIN_LOOP_FRAMES = 2;
