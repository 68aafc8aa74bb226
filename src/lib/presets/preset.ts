import * as v from 'valibot';
import { FX_PARAM_IDS, type FxParamId } from '$workers/synth/fx/fx-params';
import { PART_PARAMS, PARTS } from '$workers/synth/engine/part-params';

/**
 * A preset says what each pad and knob of a controller panel does. Presets
 * are independent of banks: the bank picks which physical controls reach a
 * panel, the preset picks what they do there. Names are case-sensitive
 * everywhere ("Verse" and "verse" are two presets).
 */
export const PADS_PER_PRESET = 16;
export const KNOBS_PER_PRESET = 8;

export const PresetNameSchema = v.pipe(
  v.string(),
  v.check((name) => name.trim().length > 0, 'A preset name cannot be empty'),
  v.maxLength(64, 'A preset name has at most 64 characters')
);

const FxParamIdSchema = v.custom<FxParamId>((id) => typeof id === 'string' && (FX_PARAM_IDS as readonly string[]).includes(id), 'Unknown FX parameter');
const MidiValue = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(127));
const Unit = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

/** What a pad does when hit (note-on) and released (note-off). */
export const PadActionSchema = v.variant('type', [
  /** Plays a note, velocity-sensitive, on the drum kit ('pads') or the current instrument ('keys'). */
  v.strictObject({ type: v.literal('note'), note: MidiValue, part: v.picklist(['pads', 'keys']) }),
  /** Each hit flips the parameter between `off` and `on` (normalised 0…1 positions). */
  v.strictObject({ type: v.literal('fx-toggle'), param: FxParamIdSchema, on: Unit, off: Unit }),
  /** `on` while the pad is held, `off` when released. */
  v.strictObject({ type: v.literal('fx-momentary'), param: FxParamIdSchema, on: Unit, off: Unit }),
  /** Switches the hit panel to another preset. */
  v.strictObject({ type: v.literal('preset'), preset: PresetNameSchema }),
  /** Switches the controller's current pad bank (A, B, or the other one). */
  v.strictObject({ type: v.literal('bank'), bank: v.picklist(['A', 'B', 'toggle']) }),
  /** Starts or stops recording a session. */
  v.strictObject({ type: v.literal('record') }),
  v.strictObject({ type: v.literal('none') })
]);
export type PadAction = v.InferOutput<typeof PadActionSchema>;

export const KnobTargetSchema = v.variant('type', [
  v.strictObject({ type: v.literal('fx'), param: FxParamIdSchema }),
  v.strictObject({ type: v.literal('master-volume') }),
  /** The pitch-bend amount of the current instrument (−1…+1 over the knob's range). */
  v.strictObject({ type: v.literal('pitch-bend') }),
  /** An instrument parameter of one part: its volume, or how fast its notes start or fade (see part-params.ts). */
  v.strictObject({ type: v.literal('instrument'), part: v.picklist(PARTS), param: v.picklist(PART_PARAMS) }),
  v.strictObject({ type: v.literal('none') })
]);
export type KnobTarget = v.InferOutput<typeof KnobTargetSchema>;

/** How the knob's travel maps onto its range: even, fine at the bottom, or fine at the top. */
export const KNOB_CURVES = ['linear', 'exponential', 'logarithmic'] as const;
export type KnobCurve = (typeof KNOB_CURVES)[number];

export const PadConfigSchema = v.strictObject({ label: v.pipe(v.string(), v.maxLength(24)), action: PadActionSchema });
export type PadConfig = v.InferOutput<typeof PadConfigSchema>;

export const KnobConfigSchema = v.strictObject({
  label: v.pipe(v.string(), v.maxLength(24)),
  target: KnobTargetSchema,
  /** The part of the target's range the knob sweeps, as normalised positions (min may exceed max to invert). */
  min: Unit,
  max: Unit,
  curve: v.picklist(KNOB_CURVES)
});
export type KnobConfig = v.InferOutput<typeof KnobConfigSchema>;

export const PresetSchema = v.strictObject({
  name: PresetNameSchema,
  pads: v.pipe(v.array(PadConfigSchema), v.length(PADS_PER_PRESET)),
  knobs: v.pipe(v.array(KnobConfigSchema), v.length(KNOBS_PER_PRESET))
});
export type Preset = v.InferOutput<typeof PresetSchema>;

/** Shapes a knob position (0…1) by the knob's curve and range into the target's normalised position. */
export function knobTargetPosition(knob: KnobConfig, position: number): number {
  const t = Math.min(1, Math.max(0, Number.isFinite(position) ? position : 0));
  const shaped = knob.curve === 'exponential' ? t * t : knob.curve === 'logarithmic' ? 1 - (1 - t) * (1 - t) : t;
  return knob.min + (knob.max - knob.min) * shaped;
}
