import * as v from 'valibot';

/**
 * The request the main thread sends the groove worker: only the pad hits, not
 * whole ledger rows, so each call posts a few hundred bytes. Validated on
 * arrival (worker messages are a boundary).
 */
const finite = v.pipe(v.number(), v.finite());

export const PadHitSchema = v.strictObject({
  time: finite,
  pad: v.pipe(v.string(), v.maxLength(256)),
  velocity: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(127))
});

export const TempoGridSchema = v.strictObject({
  bpm: v.pipe(v.number(), v.minValue(20), v.maxValue(400)),
  beatAtMs: finite,
  subdivision: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(12)))
});

export const GrooveRequestSchema = v.strictObject({
  hit: PadHitSchema,
  history: v.pipe(v.array(PadHitSchema), v.maxLength(512)),
  metronome: v.optional(TempoGridSchema)
});
export type GrooveRequest = v.InferOutput<typeof GrooveRequestSchema>;
