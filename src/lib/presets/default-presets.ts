import type { FxParamId } from '$workers/synth/fx/fx-params';
import { fxParamSpec } from '$workers/synth/fx/fx-params';
import type { KnobConfig, PadConfig, Preset } from './preset';

/** General MIDI percussion names, for labelling note pads. */
const GM_DRUMS: Record<number, string> = {
  35: 'Kick 2', 36: 'Kick', 37: 'Rim', 38: 'Snare', 39: 'Clap', 40: 'Snare 2', 41: 'Low tom 2',
  42: 'Closed hat', 43: 'Low tom', 44: 'Pedal hat', 45: 'Mid tom 2', 46: 'Open hat', 47: 'Mid tom',
  48: 'High tom 2', 49: 'Crash', 50: 'High tom', 51: 'Ride', 52: 'China', 53: 'Ride bell',
  54: 'Tambourine', 55: 'Splash', 56: 'Cowbell', 57: 'Crash 2', 58: 'Vibraslap', 59: 'Ride 2',
  60: 'Hi bongo', 61: 'Lo bongo', 62: 'Mute conga', 63: 'Open conga', 64: 'Lo conga',
  65: 'Hi timbale', 66: 'Lo timbale', 67: 'Hi agogo'
};

export function drumLabel(note: number): string {
  return GM_DRUMS[note] ?? `Note ${note}`;
}

function drumPads(firstNote: number): PadConfig[] {
  return Array.from({ length: 16 }, (_, slot) => ({
    label: drumLabel(firstNote + slot),
    action: { type: 'note', note: firstNote + slot, part: 'pads' }
  }));
}

function fxKnob(param: FxParamId): KnobConfig {
  return { label: fxParamSpec(param).label, target: { type: 'fx', param }, min: 0, max: 1, curve: 'linear' };
}

/** Knobs follow the FX chain left to right, as printed on most 8-knob controllers. */
export function defaultKnobs(): KnobConfig[] {
  return [
    { label: 'Master', target: { type: 'master-volume' }, min: 0, max: 1, curve: 'linear' },
    fxKnob('filter.cutoff'),
    fxKnob('filter.resonance'),
    fxKnob('chorus.mix'),
    fxKnob('delay.mix'),
    fxKnob('delay.feedback'),
    fxKnob('reverb.mix'),
    fxKnob('pan.position')
  ];
}

export const DEFAULT_PRESET_NAME = 'Default';

/** A fresh preset: the GM kit on the pads (36–51, MPD layout) and the FX chain on the knobs. */
export function blankPreset(name: string): Preset {
  return { name, pads: drumPads(36), knobs: defaultKnobs() };
}

/** What a new install starts with: the kit, and the percussion notes above it for a second bank. */
export function defaultPresets(): Preset[] {
  return [blankPreset(DEFAULT_PRESET_NAME), { name: 'Percussion', pads: drumPads(52), knobs: defaultKnobs() }];
}
