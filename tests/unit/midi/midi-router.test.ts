import { beforeEach, describe, expect, it } from 'vitest';
import type { LedgerInput } from '$lib/ledger/ledger-row';
import { GENERIC_PROFILE, profileForDevice, type ControllerProfile } from '$lib/midi/controller-profile';
import { MidiRouter, type ControlSink, type SynthPort } from '$lib/midi/midi-router';
import { KEYS_PART, PADS_PART } from '$lib/midi/synth-parts';
import { RoutingIndex, type ControlPanelState } from '$lib/midi/routing-index';
import { blankPreset, defaultPresets } from '$lib/presets/default-presets';
import type { Preset } from '$lib/presets/preset';

/** Records what reached the synth and the UI, in order. */
class Recorder implements SynthPort, ControlSink {
  calls: string[] = [];
  fx = new Map<string, number>();
  noteOn(note: number, velocity: number, part: number) {
    this.calls.push(`on ${note} ${velocity} part${part}`);
  }
  noteOff(note: number, part: number) {
    this.calls.push(`off ${note} part${part}`);
  }
  setSustain(down: boolean) {
    this.calls.push(`sustain ${down}`);
  }
  setPitchBend(amount: number) {
    this.calls.push(`bend ${amount.toFixed(2)}`);
  }
  fxPosition(param: string) {
    return this.fx.get(param) ?? 0;
  }
  setFx(param: string, position: number) {
    this.fx.set(param, position);
    this.calls.push(`fx ${param} ${position.toFixed(3)}`);
  }
  setMasterVolume(position: number) {
    this.calls.push(`master ${position.toFixed(2)}`);
  }
  setPartParam(part: string, param: string, position: number) {
    this.calls.push(`${part} ${param} ${position.toFixed(2)}`);
  }
  padLit(panelId: string, slot: number, velocity: number) {
    this.calls.push(`lit ${panelId} ${slot} ${velocity}`);
  }
  knobMoved(panelId: string, slot: number, position: number) {
    this.calls.push(`knob ${panelId} ${slot} ${position.toFixed(3)}`);
  }
  switchPreset(panelId: string, preset: string) {
    this.calls.push(`preset ${panelId} ${preset}`);
  }
  switchPadBank(bank: string) {
    this.calls.push(`bank ${bank}`);
  }
  toggleRecording() {
    this.calls.push('record');
  }
  learnedProfile: ControllerProfile | undefined;
  learned(device: string, profile: ControllerProfile) {
    this.learnedProfile = profile;
    this.calls.push(`learned ${device}`);
  }
}

let recorder: Recorder;
let routing: RoutingIndex;
let ledger: LedgerInput[];
let router: MidiRouter;
let clock: number;
let presets: Preset[];

function panels(list: ControlPanelState[]): void {
  routing.rebuild(list, (name) => presets.find((preset) => preset.name === name), () => presets[0]!);
}

beforeEach(() => {
  recorder = new Recorder();
  routing = new RoutingIndex();
  ledger = [];
  clock = 1000;
  presets = defaultPresets();
  const learned = new Map<string, ControllerProfile>();
  router = new MidiRouter(recorder, recorder, routing, (device) => profileForDevice(device, learned), (input) => ledger.push(input), () => clock);
  panels([
    { id: 'pad-1', type: 'pad', bank: 'A', active: true, preset: 'Default' },
    { id: 'pad-2', type: 'pad', bank: 'B', active: false, preset: 'Percussion' },
    { id: 'knob-1', type: 'knob', bank: 'A', active: true, preset: 'Default', values: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] }
  ]);
});

describe('verdicts', () => {
  it('fires a pad of the active panel on the drum kit, synth first, then the ledger row', () => {
    const verdict = router.handle('MPD218', [0x90, 38, 90], 999);
    expect(verdict).toEqual({ kind: 'fired', action: { kind: 'note', detail: 'Snare (note 38)' } });
    expect(recorder.calls[0]).toBe(`on 38 90 part${PADS_PART}`);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ device: 'MPD218', status: 0x90, data1: 38, data2: 90, midiTimestamp: 999, panel: { type: 'pad', bank: 'A', slot: 2, panelId: 'pad-1' } });
  });

  it('ignores a pad controller\'s pads on a bank whose panel is inactive', () => {
    expect(router.handle('MPD218', [0x90, 53, 90], 0)).toEqual({ kind: 'ignored', reason: 'inactive-panel' });
    expect(recorder.calls).toEqual([]);
  });

  it('sends a keyboard\'s notes to the piano when no pad panel takes them', () => {
    expect(router.handle('Keystation 49', [0x90, 53, 90], 0)).toMatchObject({ kind: 'fired', action: { kind: 'piano-note' } });
    expect(recorder.calls).toEqual([`on 53 90 part${KEYS_PART}`]);
  });

  it('ignores unmapped controls and filters clock and active sensing without a ledger row', () => {
    expect(router.handle('MPD218', [0xb0, 99, 3], 0)).toEqual({ kind: 'ignored', reason: 'unmapped' });
    expect(router.handle('MPD218', [0xf8], 0)).toEqual({ kind: 'ignored', reason: 'filtered' });
    expect(router.handle('MPD218', [0xfe], 0)).toEqual({ kind: 'ignored', reason: 'filtered' });
    expect(router.handle('MPD218', [0xd0, 40], 0)).toEqual({ kind: 'ignored', reason: 'filtered' });
    expect(ledger).toHaveLength(1); // the aftertouch row comes later, coalesced
    expect(router.stats).toMatchObject({ messages: 4, filtered: 3, ignored: 1 });
  });

  it('coalesces an aftertouch burst into one ledger row carrying the latest pressure', () => {
    const tasks: Array<() => void> = [];
    const coalescing = new MidiRouter(recorder, recorder, routing, (device) => profileForDevice(device, new Map()), (input) => ledger.push(input), () => clock, undefined, (task) => tasks.push(task));
    for (let pressure = 0; pressure < 200; pressure++) coalescing.handle('MPD218', [0xd9, pressure % 128], 0);
    expect(ledger).toHaveLength(0);
    expect(tasks).toHaveLength(1);
    tasks[0]!();
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ status: 0xd9, data1: 199 % 128, verdict: { kind: 'ignored', reason: 'unmapped' } });
  });

  it('treats note-on with velocity 0 as a note-off', () => {
    router.handle('MPD218', [0x90, 36, 100], 0);
    router.handle('MPD218', [0x90, 36, 0], 0);
    expect(recorder.calls).toContain(`off 36 part${PADS_PART}`);
  });
});

describe('note-offs', () => {
  it('go where the note-on went even if the panel was deactivated in between', () => {
    router.handle('MPD218', [0x90, 36, 100], 0);
    panels([{ id: 'pad-1', type: 'pad', bank: 'A', active: false, preset: 'Default' }]);
    router.handle('MPD218', [0x80, 36, 0], 0);
    expect(recorder.calls).toEqual([`on 36 100 part${PADS_PART}`, 'lit pad-1 0 100', `off 36 part${PADS_PART}`, 'lit pad-1 0 0']);
  });

  it('are never rejected by the flood limit, so no note sticks', () => {
    const held: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const note = 36 + (i % 16);
      if (router.handle('MPD218', [0x90, note, 100], 0).kind === 'fired') held.push(note);
      router.handle('MPD218', [0x80, note, 0], 0);
    }
    expect(router.stats.rejected).toBeGreaterThan(0);
    const ons = recorder.calls.filter((call) => call.startsWith('on ')).length;
    const offs = recorder.calls.filter((call) => call.startsWith('off ')).length;
    expect(offs).toBe(ons);
    expect(ons).toBe(held.length);
    // Only a handful of rejected rows reach the ledger (the rest are counted).
    expect(ledger.filter((row) => row.verdict.kind === 'rejected').length).toBe(1);
  });

  it('are all released when the device is unplugged', () => {
    router.handle('Keystation 49', [0x90, 60, 100], 0);
    router.handle('Keystation 49', [0x90, 64, 100], 0);
    expect(router.releaseDevice('Keystation 49')).toBe(2);
    expect(recorder.calls.slice(-2)).toEqual([`off 60 part${KEYS_PART}`, `off 64 part${KEYS_PART}`]);
  });
});

describe('pad actions', () => {
  function withPad(action: Preset['pads'][number]['action']): void {
    const preset = blankPreset('Default');
    preset.pads[0] = { label: 'action', action };
    presets = [preset];
    panels([{ id: 'pad-1', type: 'pad', bank: 'A', active: true, preset: 'Default' }]);
  }

  it('toggle an FX parameter on each hit', () => {
    withPad({ type: 'fx-toggle', param: 'reverb.enabled', on: 1, off: 0 });
    router.handle('MPD218', [0x90, 36, 100], 0);
    router.handle('MPD218', [0x80, 36, 0], 0);
    router.handle('MPD218', [0x90, 36, 100], 0);
    expect(recorder.calls.filter((call) => call.startsWith('fx'))).toEqual(['fx reverb.enabled 1.000', 'fx reverb.enabled 0.000']);
  });

  it('hold an FX parameter while momentary pads are down', () => {
    withPad({ type: 'fx-momentary', param: 'delay.mix', on: 0.8, off: 0.1 });
    router.handle('MPD218', [0x90, 36, 100], 0);
    router.handle('MPD218', [0x80, 36, 0], 0);
    expect(recorder.calls.filter((call) => call.startsWith('fx'))).toEqual(['fx delay.mix 0.800', 'fx delay.mix 0.100']);
  });

  it('tell knob panels that follow the pad bank when the controller moves to another bank', () => {
    panels([
      { id: 'pad-1', type: 'pad', bank: 'A', active: true, preset: 'Default' },
      { id: 'pad-2', type: 'pad', bank: 'B', active: true, preset: 'Percussion' }
    ]);
    router.handle('MPD218', [0x99, 36, 100], 0);
    router.handle('MPD218', [0x99, 52, 100], 0);
    router.handle('MPD218', [0x99, 53, 100], 0);
    expect(recorder.calls.filter((call) => call.startsWith('bank'))).toEqual(['bank B']);
  });

  it('switch preset, bank and recording', () => {
    withPad({ type: 'bank', bank: 'toggle' });
    router.handle('MPD218', [0x90, 36, 100], 0);
    expect(routing.currentPadBank).toBe('B');
    withPad({ type: 'preset', preset: 'Other' });
    router.handle('MPD218', [0x90, 36, 100], 0);
    withPad({ type: 'record' });
    router.handle('MPD218', [0x90, 36, 100], 0);
    expect(recorder.calls.filter((call) => /^(bank|preset|record)/.test(call))).toEqual(['bank B', 'bank A', 'preset pad-1 Other', 'record']);
  });
});

describe('knobs', () => {
  it('move the mapped FX parameter of the active knob panel\'s preset', () => {
    // MPD218 knob 7 (CC 16) is reverb mix in the default preset.
    router.handle('MPD218', [0xb0, 16, 127], 0);
    expect(recorder.calls).toEqual(['fx reverb.mix 1.000', 'knob knob-1 6 1.000']);
  });

  it('drive master volume and respect range and curve', () => {
    const preset = blankPreset('Default');
    preset.knobs[0] = { label: 'Vol', target: { type: 'master-volume' }, min: 0.2, max: 0.6, curve: 'exponential' };
    presets = [preset];
    panels([{ id: 'knob-1', type: 'knob', bank: 'A', active: true, preset: 'Default', values: new Array(8).fill(0) }]);
    router.handle('MPD218', [0xb0, 3, 127], 0);
    router.handle('MPD218', [0xb0, 3, 0], 0);
    expect(recorder.calls.filter((call) => call.startsWith('master'))).toEqual(['master 0.60', 'master 0.20']);
  });

  it('drive an instrument parameter of the part they name', () => {
    const preset = blankPreset('Default');
    preset.knobs[0] = { label: 'Keys vol', target: { type: 'instrument', part: 'keys', param: 'volume' }, min: 0, max: 1, curve: 'linear' };
    preset.knobs[1] = { label: 'Kit rel', target: { type: 'instrument', part: 'pads', param: 'release' }, min: 1, max: 0, curve: 'linear' };
    presets = [preset];
    panels([{ id: 'knob-1', type: 'knob', bank: 'A', active: true, preset: 'Default', values: new Array(8).fill(0) }]);
    router.handle('MPD218', [0xb0, 3, 127], 0);
    router.handle('MPD218', [0xb0, 9, 127], 0);
    expect(recorder.calls.filter((call) => /^(keys|pads) /.test(call))).toEqual(['keys volume 1.00', 'pads release 0.00']);
  });

  it('read relative encoders as ticks from the current position', () => {
    router.handle('Arturia MiniLab', [0xb0, 80, 70], 0); // knob A7, +6 ticks from 0.5
    expect(recorder.calls.at(-1)).toBe(`knob knob-1 6 ${(0.5 + 6 / 127).toFixed(3)}`);
  });

  it('of an inactive bank do nothing', () => {
    expect(router.handle('MPD218', [0xb0, 18, 100], 0)).toEqual({ kind: 'ignored', reason: 'inactive-panel' });
    expect(recorder.calls).toEqual([]);
  });
});

describe('MIDI learn', () => {
  it('binds the next CC to the armed knob for that device only', () => {
    router.learnTarget = { panelId: 'knob-1', control: 'knob', bank: 'A', slot: 6 };
    expect(router.handle('Keystation 49', [0xb0, 21, 40], 0)).toMatchObject({ kind: 'fired', action: { kind: 'learn' } });
    expect(recorder.learnedProfile?.knobs.A[6]).toBe(21);
    expect(router.learnTarget).toBeUndefined();
    router.handle('Keystation 49', [0xb0, 21, 127], 0);
    expect(recorder.calls.at(-2)).toBe('fx reverb.mix 1.000');
    expect(GENERIC_PROFILE.knobs.A[6]).toBe(76);
  });
});
