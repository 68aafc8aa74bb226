import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import { DEFAULT_PRESET_NAME } from '$lib/presets/default-presets';
import { PresetNameSchema } from '$lib/presets/preset';
import { BankSchema } from '../bank';
import PadPanel from './PadPanel.svelte';

export const PadPanelParamsSchema = v.strictObject({
  bank: BankSchema,
  /** What the pads do (case-sensitive preset name). */
  preset: PresetNameSchema,
  /** Receives MIDI for its bank (at most one active pad panel per bank). */
  active: v.optional(v.boolean(), false)
});
export type PadPanelParams = v.InferOutput<typeof PadPanelParamsSchema>;

export const PADS_PER_BANK = 16;

/** Striking nearer the top edge plays louder, like velocity on a real pad. */
export function velocityFromStrike(offsetY: number, height: number): number {
  const ratio = height > 0 ? 1 - offsetY / height : 0.5;
  return Math.max(1, Math.min(127, Math.round(127 * ratio + 20)));
}

export const padPanelKind = definePanelKind({
  type: 'pad',
  title: 'Pads',
  component: PadPanel,
  paramsSchema: PadPanelParamsSchema,
  initialParams: (): PadPanelParams => ({ bank: 'A', preset: DEFAULT_PRESET_NAME, active: false }),
  defaultSize: { width: 360, height: 420 }
});
