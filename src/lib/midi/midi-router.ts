import type { LedgerInput, Verdict } from '$lib/ledger/ledger-row';
import { knobTargetPosition, type KnobConfig, type PadAction } from '$lib/presets/preset';
import type { FxParamId } from '$workers/synth/fx/fx-params';
import type { PartName, PartParam } from '$workers/synth/engine/part-params';
import { bankOf, learnBinding, NO_SLOT, profileTables, slotOf, type Bank, type ControllerProfile, type ProfileTables } from './controller-profile';
import { nextKnobPosition } from './encoder';
import { DEFAULT_FLOOD_LIMIT, FloodLimiter, type FloodLimit } from './flood-limiter';
import { KEYS_PART, PADS_PART } from './synth-parts';
import type { PanelRoute, RoutingIndex } from './routing-index';

/** The sound side: the audio engine's realtime commands (a ring write each, never awaited). */
export interface SynthPort {
  noteOn(note: number, velocity: number, part: number, timestamp: number): void;
  noteOff(note: number, part: number, timestamp: number): void;
  setSustain(down: boolean): void;
  setPitchBend(amount: number): void;
}

/** The UI side of actions: each call is synchronous and cheap; slow work (saving, drawing) is the sink's to defer. */
export interface ControlSink {
  fxPosition(param: FxParamId): number;
  setFx(param: FxParamId, position: number): void;
  setMasterVolume(position: number): void;
  /** A part's volume, attack or release, as a knob position (0…1). */
  setPartParam(part: PartName, param: PartParam, position: number): void;
  padLit(panelId: string, slot: number, velocity: number): void;
  knobMoved(panelId: string, slot: number, position: number): void;
  switchPreset(panelId: string, preset: string): void;
  switchPadBank(bank: Bank): void;
  toggleRecording(): void;
  learned(device: string, profile: ControllerProfile, target: LearnTarget): void;
}

export interface LearnTarget {
  panelId: string;
  control: 'pad' | 'knob';
  bank: Bank;
  slot: number;
}

/** What a held note must undo on note-off, whatever changed in between. */
interface Held {
  note: number;
  part: number;
  momentary?: { param: FxParamId; off: number };
  lit?: { panelId: string; slot: number };
}

interface DeviceState {
  tables: ProfileTables;
  flood: FloodLimiter;
  /** Index = channel * 128 + note. */
  held: Array<Held | undefined>;
  /** Time of the last flood-rejected message written to the ledger (the rest are counted only). */
  lastRejectLogged: number;
}

export interface RouterStats {
  messages: number;
  fired: number;
  ignored: number;
  rejected: number;
  filtered: number;
}

const FIRED = (kind: Extract<Verdict, { kind: 'fired' }>['action']['kind'], detail: string): Verdict => ({ kind: 'fired', action: { kind, detail } });
const FILTERED: Verdict = { kind: 'ignored', reason: 'filtered' };
const UNMAPPED: Verdict = { kind: 'ignored', reason: 'unmapped' };
const INACTIVE: Verdict = { kind: 'ignored', reason: 'inactive-panel' };
const FLOOD: Verdict = { kind: 'rejected', reason: 'flood-limit' };
/** The ledger's name for pads played with a mouse or finger. */
export const SCREEN_DEVICE = 'On-screen';
/** Aftertouch bursts become one ledger row per device per this many ms. */
const PRESSURE_COALESCE_MS = 20;
/** One ledger row per device per this many ms while a flood is being rejected. */
const REJECT_LOG_INTERVAL_MS = 250;

/**
 * The fast path: every MIDI message gets a synchronous verdict, and the
 * synth command goes out before anything else happens (ledger, UI, scoring).
 * Pure apart from the ports it is given, so Node tests drive it directly.
 */
export class MidiRouter {
  readonly stats: RouterStats = { messages: 0, fired: 0, ignored: 0, rejected: 0, filtered: 0 };
  learnTarget: LearnTarget | undefined;
  readonly #devices = new Map<string, DeviceState>();
  readonly #screenHeld = new Map<string, Held>();
  /** The latest aftertouch per device, waiting for its coalesced ledger row. */
  readonly #pressure = new Map<string, { status: number; data1: number; data2: number; timestamp: number; coalesced: number }>();

  constructor(
    private readonly synth: SynthPort,
    private readonly sink: ControlSink,
    private readonly routing: RoutingIndex,
    private readonly profileFor: (device: string) => ControllerProfile,
    private readonly record: (input: LedgerInput) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly floodLimit: FloodLimit = DEFAULT_FLOOD_LIMIT,
    /** Runs deferred bookkeeping (coalesced aftertouch) off the message's own stack. */
    private readonly schedule: (task: () => void) => void = (task) => setTimeout(task, PRESSURE_COALESCE_MS)
  ) {}

  /** Routes one message. `timestamp` is the MIDI event's time on the performance.now() clock. */
  handle(device: string, data: ArrayLike<number>, timestamp: number): Verdict {
    this.stats.messages++;
    const status = data[0] ?? 0;
    // Clock, active sensing and other system messages never reach the ledger: 24 clocks a beat is noise.
    if (status >= 0xf0 || status < 0x80) {
      this.stats.filtered++;
      return FILTERED;
    }
    const state = this.#device(device);
    const type = status & 0xf0;
    const channel = status & 0x0f;
    const data1 = data[1] ?? 0;
    const data2 = data[2] ?? 0;
    const isNoteOff = type === 0x80 || (type === 0x90 && data2 === 0);
    if (isNoteOff) return this.#finish(device, status, data1, data2, timestamp, this.#noteOff(state, channel, data1, timestamp));
    // Aftertouch is coalesced: a pressure pad sends hundreds a second, only the latest value per device is kept.
    if (type === 0xa0 || type === 0xd0) {
      this.#coalescePressure(device, status, data1, data2, timestamp);
      this.stats.filtered++;
      return FILTERED;
    }
    if (!state.flood.allow(this.now())) {
      this.stats.rejected++;
      const at = this.now();
      if (at - state.lastRejectLogged >= REJECT_LOG_INTERVAL_MS) {
        state.lastRejectLogged = at;
        this.record({ at, midiTimestamp: timestamp, device, status, data1, data2, verdict: FLOOD });
      }
      return FLOOD;
    }
    let outcome: Outcome;
    if (type === 0x90) outcome = this.#noteOn(device, state, channel, data1, data2, timestamp);
    else if (type === 0xb0) outcome = this.#controlChange(device, state, data1, data2);
    else if (type === 0xe0) {
      this.synth.setPitchBend(((data2 << 7) | data1) / 8192 - 1);
      outcome = { verdict: FIRED('pitch-bend', 'pitch bend') };
    } else outcome = { verdict: UNMAPPED };
    return this.#finish(device, status, data1, data2, timestamp, outcome);
  }

  /**
   * A pad clicked or touched on screen: the panel's own pad fires whether or
   * not the panel is active (activation is about hardware routing).
   */
  pressScreenPad(route: PanelRoute, slot: number, velocity: number): Verdict {
    const key = `${route.panelId}:${slot}`;
    const previous = this.#screenHeld.get(key);
    if (previous) this.#undo(previous, this.now());
    this.#screenHeld.delete(key);
    const at = this.now();
    const verdict = this.#firePad(route, slot, velocity, at, (held) => this.#screenHeld.set(key, held));
    const action = route.preset.pads[slot]?.action;
    this.#finish(SCREEN_DEVICE, 0x90, action?.type === 'note' ? action.note : slot, velocity, at, {
      verdict,
      panel: { type: 'pad', bank: route.bank, slot, panelId: route.panelId }
    });
    return verdict;
  }

  releaseScreenPad(panelId: string, slot: number): void {
    const key = `${panelId}:${slot}`;
    const held = this.#screenHeld.get(key);
    this.#screenHeld.delete(key);
    if (held) this.#undo(held, this.now());
  }

  /** A knob turned on screen: applies its target like hardware would (the panel saves the position itself). */
  turnScreenKnob(route: PanelRoute, slot: number, position: number): void {
    route.positions[slot] = position;
    const knob = route.preset.knobs[slot];
    if (knob) this.#applyKnob(knob, position);
  }

  /** Releases everything a device holds (it was unplugged); returns how many notes were released. */
  releaseDevice(device: string): number {
    const state = this.#devices.get(device);
    if (!state) return 0;
    let released = 0;
    state.held.forEach((held, index) => {
      if (!held) return;
      this.#undo(held, this.now());
      state.held[index] = undefined;
      released++;
    });
    this.#devices.delete(device);
    return released;
  }

  /** A device's profile changed (learned or edited): rebuild its lookup tables, keep what it holds. */
  profileChanged(device: string): void {
    const state = this.#devices.get(device);
    if (state) state.tables = profileTables(this.profileFor(device));
  }

  #device(device: string): DeviceState {
    let state = this.#devices.get(device);
    if (!state) {
      state = { tables: profileTables(this.profileFor(device)), flood: new FloodLimiter(this.floodLimit), held: new Array<Held | undefined>(16 * 128), lastRejectLogged: -Infinity };
      this.#devices.set(device, state);
    }
    return state;
  }

  #noteOn(device: string, state: DeviceState, channel: number, note: number, velocity: number, timestamp: number): Outcome {
    const code = state.tables.padByNote[note]!;
    if (this.learnTarget?.control === 'pad') return this.#learn(device, state, note);
    const index = channel * 128 + note;
    // A repeated note-on without a note-off (some pads do this) must not orphan the first voice.
    if (state.held[index]) this.#undo(state.held[index], timestamp);
    state.held[index] = undefined;
    if (code !== NO_SLOT) {
      const bank = bankOf(code);
      const slot = slotOf(code);
      const route = this.routing.pad[bank];
      if (route) {
        if (this.routing.currentPadBank !== bank) {
          // The controller moved to another pad bank: knob panels that follow it move too.
          this.routing.currentPadBank = bank;
          this.sink.switchPadBank(bank);
        }
        const panel = { type: 'pad' as const, bank, slot, panelId: route.panelId };
        return { verdict: this.#firePad(route, slot, velocity, timestamp, (held) => (state.held[index] = held)), panel };
      }
      if (!state.tables.profile.notesToPiano) return { verdict: INACTIVE, panel: { type: 'pad', bank, slot, panelId: '' } };
    } else if (!state.tables.profile.notesToPiano) return { verdict: UNMAPPED };
    this.synth.noteOn(note, velocity, KEYS_PART, timestamp);
    state.held[index] = { note, part: KEYS_PART };
    return { verdict: FIRED('piano-note', `note ${note}`) };
  }

  #firePad(route: PanelRoute, slot: number, velocity: number, timestamp: number, hold: (held: Held) => void): Verdict {
    const pad = route.preset.pads[slot];
    const action: PadAction = pad?.action ?? { type: 'none' };
    const lit = { panelId: route.panelId, slot };
    switch (action.type) {
      case 'note': {
        const part = action.part === 'pads' ? PADS_PART : KEYS_PART;
        this.synth.noteOn(action.note, velocity, part, timestamp);
        hold({ note: action.note, part, lit });
        this.sink.padLit(route.panelId, slot, velocity);
        return FIRED('note', `${pad?.label || 'pad'} (note ${action.note})`);
      }
      case 'fx-toggle': {
        const next = Math.abs(this.sink.fxPosition(action.param) - action.on) < 1e-6 ? action.off : action.on;
        this.sink.setFx(action.param, next);
        this.#light(hold, lit, velocity);
        return FIRED('fx-toggle', `${action.param} → ${next === action.on ? 'on' : 'off'}`);
      }
      case 'fx-momentary':
        this.sink.setFx(action.param, action.on);
        hold({ note: -1, part: -1, momentary: { param: action.param, off: action.off }, lit });
        this.sink.padLit(route.panelId, slot, velocity);
        return FIRED('fx-momentary', `${action.param} held`);
      case 'preset':
        this.sink.switchPreset(route.panelId, action.preset);
        this.#light(hold, lit, velocity);
        return FIRED('preset', `preset "${action.preset}"`);
      case 'bank': {
        const bank: Bank = action.bank === 'toggle' ? (this.routing.currentPadBank === 'A' ? 'B' : 'A') : action.bank;
        this.routing.currentPadBank = bank;
        this.sink.switchPadBank(bank);
        this.#light(hold, lit, velocity);
        return FIRED('bank', `bank ${bank}`);
      }
      case 'record':
        this.sink.toggleRecording();
        this.#light(hold, lit, velocity);
        return FIRED('record', 'record on/off');
      case 'none':
        return UNMAPPED;
    }
  }

  #light(hold: (held: Held) => void, lit: { panelId: string; slot: number }, velocity: number): void {
    hold({ note: -1, part: -1, lit });
    this.sink.padLit(lit.panelId, lit.slot, velocity);
  }

  #noteOff(state: DeviceState, channel: number, note: number, timestamp: number): Outcome {
    const index = channel * 128 + note;
    const held = state.held[index];
    if (!held) return { verdict: UNMAPPED };
    state.held[index] = undefined;
    this.#undo(held, timestamp);
    return { verdict: held.part === KEYS_PART && !held.lit ? FIRED('piano-note', `note ${note} off`) : FIRED(held.momentary ? 'fx-momentary' : 'note', `release ${note}`) };
  }

  #undo(held: Held, timestamp: number): void {
    if (held.note >= 0) this.synth.noteOff(held.note, held.part, timestamp);
    if (held.momentary) this.sink.setFx(held.momentary.param, held.momentary.off);
    if (held.lit) this.sink.padLit(held.lit.panelId, held.lit.slot, 0);
  }

  #controlChange(device: string, state: DeviceState, cc: number, value: number): Outcome {
    if (this.learnTarget?.control === 'knob') return this.#learn(device, state, cc);
    const code = state.tables.knobByCc[cc]!;
    if (code === NO_SLOT) {
      if (cc === 64) {
        this.synth.setSustain(value >= 64);
        return { verdict: FIRED('sustain', value >= 64 ? 'sustain down' : 'sustain up') };
      }
      return { verdict: UNMAPPED };
    }
    const bank = bankOf(code);
    const slot = slotOf(code);
    const route = this.routing.knob[bank];
    if (!route) return { verdict: INACTIVE, panel: { type: 'knob', bank, slot, panelId: '' } };
    const position = nextKnobPosition(route.positions[slot] ?? 0, value, state.tables.profile.encoder);
    route.positions[slot] = position;
    const knob = route.preset.knobs[slot];
    if (knob) this.#applyKnob(knob, position);
    this.sink.knobMoved(route.panelId, slot, position);
    return { verdict: FIRED('knob', `${knob?.label || `knob ${slot + 1}`} ${Math.round(position * 100)}%`), panel: { type: 'knob', bank, slot, panelId: route.panelId } };
  }

  #applyKnob(knob: KnobConfig, position: number): void {
    const target = knobTargetPosition(knob, position);
    switch (knob.target.type) {
      case 'fx':
        this.sink.setFx(knob.target.param, target);
        break;
      case 'master-volume':
        this.sink.setMasterVolume(target);
        break;
      case 'pitch-bend':
        this.synth.setPitchBend(target * 2 - 1);
        break;
      case 'instrument':
        this.sink.setPartParam(knob.target.part, knob.target.param, target);
        break;
      case 'none':
        break;
    }
  }

  #learn(device: string, state: DeviceState, value: number): Outcome {
    const target = this.learnTarget!;
    this.learnTarget = undefined;
    const profile = learnBinding(state.tables.profile, device, target.control, target.bank, target.slot, value);
    state.tables = profileTables(profile);
    this.sink.learned(device, profile, target);
    const what = target.control === 'pad' ? `note ${value}` : `CC ${value}`;
    return { verdict: FIRED('learn', `${what} → ${target.control} ${target.bank}${target.slot + 1}`), panel: { type: target.control, bank: target.bank, slot: target.slot, panelId: target.panelId } };
  }

  #coalescePressure(device: string, status: number, data1: number, data2: number, timestamp: number): void {
    const pending = this.#pressure.get(device);
    if (pending) {
      pending.status = status;
      pending.data1 = data1;
      pending.data2 = data2;
      pending.timestamp = timestamp;
      pending.coalesced++;
      return;
    }
    this.#pressure.set(device, { status, data1, data2, timestamp, coalesced: 1 });
    this.schedule(() => {
      const latest = this.#pressure.get(device);
      this.#pressure.delete(device);
      if (!latest) return;
      // One row for the burst; nothing is mapped to pressure yet, so the latest value goes nowhere.
      this.stats.ignored++;
      this.record({ at: this.now(), midiTimestamp: latest.timestamp, device, status: latest.status, data1: latest.data1, data2: latest.data2, verdict: UNMAPPED });
    });
  }

  #finish(device: string, status: number, data1: number, data2: number, timestamp: number, outcome: Outcome): Verdict {
    const { verdict } = outcome;
    if (verdict.kind === 'fired') this.stats.fired++;
    else this.stats.ignored++;
    this.record({ at: this.now(), midiTimestamp: timestamp, device, status, data1, data2, ...(outcome.panel ? { panel: outcome.panel } : {}), verdict });
    return verdict;
  }
}

interface Outcome {
  verdict: Verdict;
  panel?: LedgerInput['panel'];
}
