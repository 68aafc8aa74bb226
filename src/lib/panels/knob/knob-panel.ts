import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import { DEFAULT_PRESET_NAME } from '$lib/presets/default-presets';
import { PresetNameSchema } from '$lib/presets/preset';
import { BankSchema } from '../bank';
import KnobPanel from './KnobPanel.svelte';

export const KNOBS_PER_BANK = 8;

export const KnobPanelParamsSchema = v.strictObject({
  bank: BankSchema,
  preset: PresetNameSchema,
  /** Normalised knob positions 0…1, one per knob. */
  values: v.pipe(v.array(v.pipe(v.number(), v.minValue(0), v.maxValue(1))), v.length(KNOBS_PER_BANK)),
  /** Receives MIDI for its bank (at most one active knob panel per bank). */
  active: v.optional(v.boolean(), false),
  /** Follows the controller's current pad bank instead of staying on its own. */
  follow: v.optional(v.boolean(), false)
});
export type KnobPanelParams = v.InferOutput<typeof KnobPanelParamsSchema>;

/** Vertical drag: a full sweep over this many pixels, finer with Shift. */
export const KNOB_DRAG_PIXELS = 160;

export function dragKnob(value: number, deltaPixels: number, fine: boolean): number {
  const next = value - deltaPixels / (KNOB_DRAG_PIXELS * (fine ? 5 : 1));
  return Math.min(1, Math.max(0, next));
}

/** Where a knob rests when reset (double-click): the middle, or the bottom for levels and mixes. */
export const KNOB_REST = 0.5;

export const knobPanelKind = definePanelKind({
  type: 'knob',
  title: 'Knobs',
  component: KnobPanel,
  paramsSchema: KnobPanelParamsSchema,
  initialParams: (): KnobPanelParams => ({ bank: 'A', preset: DEFAULT_PRESET_NAME, values: new Array<number>(KNOBS_PER_BANK).fill(KNOB_REST), active: false, follow: false }),
  defaultSize: { width: 460, height: 260 }
});
