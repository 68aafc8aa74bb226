import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import { BankSchema, DEFAULT_PRESET, PresetNameSchema } from '../bank';
import KnobPanel from './KnobPanel.svelte';

export const KNOBS_PER_BANK = 8;

/** Default knob targets follow the FX chain, left to right. */
export const KNOB_LABELS = ['Volume', 'Cutoff', 'Resonance', 'Pitch', 'Chorus', 'Delay', 'Reverb', 'Pan'] as const;
const DEFAULT_VALUES = [0.8, 1, 0.1, 0.5, 0, 0, 0.2, 0.5];

export const KnobPanelParamsSchema = v.strictObject({
  bank: BankSchema,
  preset: PresetNameSchema,
  /** Normalised knob positions 0…1, one per knob. */
  values: v.pipe(v.array(v.pipe(v.number(), v.minValue(0), v.maxValue(1))), v.length(KNOBS_PER_BANK)),
  /** Receives MIDI for its bank (at most one active knob panel per bank). */
  active: v.optional(v.boolean(), false)
});
export type KnobPanelParams = v.InferOutput<typeof KnobPanelParamsSchema>;

/** Vertical drag: a full sweep over this many pixels, finer with Shift. */
export const KNOB_DRAG_PIXELS = 160;

export function dragKnob(value: number, deltaPixels: number, fine: boolean): number {
  const next = value - deltaPixels / (KNOB_DRAG_PIXELS * (fine ? 5 : 1));
  return Math.min(1, Math.max(0, next));
}

export const knobPanelKind = definePanelKind({
  type: 'knob',
  title: 'Knobs',
  component: KnobPanel,
  paramsSchema: KnobPanelParamsSchema,
  initialParams: (): KnobPanelParams => ({ bank: 'A', preset: DEFAULT_PRESET, values: [...DEFAULT_VALUES], active: false }),
  defaultSize: { width: 460, height: 260 }
});

export function defaultKnobValue(index: number): number {
  return DEFAULT_VALUES[index] ?? 0;
}
