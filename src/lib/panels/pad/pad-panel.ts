import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import { BankSchema, DEFAULT_PRESET, PresetNameSchema, type Bank } from '../bank';
import PadPanel from './PadPanel.svelte';

export const PadPanelParamsSchema = v.strictObject({
  bank: BankSchema,
  preset: PresetNameSchema,
  /** Receives MIDI for its bank (at most one active pad panel per bank). */
  active: v.optional(v.boolean(), false)
});
export type PadPanelParams = v.InferOutput<typeof PadPanelParamsSchema>;

export const PADS_PER_BANK = 16;

/** General MIDI percussion names, for labelling pads with the note they send. */
const GM_DRUMS: Record<number, string> = {
  35: 'Kick 2', 36: 'Kick', 37: 'Rim', 38: 'Snare', 39: 'Clap', 40: 'Snare 2', 41: 'Low tom 2',
  42: 'Closed hat', 43: 'Low tom', 44: 'Pedal hat', 45: 'Mid tom 2', 46: 'Open hat', 47: 'Mid tom',
  48: 'High tom 2', 49: 'Crash', 50: 'High tom', 51: 'Ride', 52: 'China', 53: 'Ride bell',
  54: 'Tambourine', 55: 'Splash', 56: 'Cowbell', 57: 'Crash 2', 58: 'Vibraslap', 59: 'Ride 2',
  60: 'Hi bongo', 61: 'Lo bongo', 62: 'Mute conga', 63: 'Open conga', 64: 'Lo conga',
  65: 'Hi timbale', 66: 'Lo timbale', 67: 'Hi agogo'
};

export interface PadSlot {
  slot: number;
  note: number;
  label: string;
}

/** Bank A covers GM notes 36–51 (MPD-style 4×4), bank B the next sixteen. */
export function padSlots(bank: Bank): PadSlot[] {
  const first = bank === 'A' ? 36 : 52;
  return Array.from({ length: PADS_PER_BANK }, (_, slot) => {
    const note = first + slot;
    return { slot, note, label: GM_DRUMS[note] ?? `Note ${note}` };
  });
}

export const padPanelKind = definePanelKind({
  type: 'pad',
  title: 'Pads',
  component: PadPanel,
  paramsSchema: PadPanelParamsSchema,
  initialParams: (): PadPanelParams => ({ bank: 'A', preset: DEFAULT_PRESET, active: false }),
  defaultSize: { width: 360, height: 420 }
});
