import * as v from 'valibot';
import type { AudioSession } from '$lib/audio/audio-session.svelte';
import type { LedgerInput } from '$lib/ledger/ledger-row';
import type { AppLog } from '$lib/log/app-log';
import type { PresetLibrary } from '$lib/presets/preset-library.svelte';
import { Store } from '$lib/storage/schema';
import type { RecordStore } from '$lib/storage/record-store';
import { fxParamFromNormalized, fxParamSpec, fxParamToNormalized, type FxParamId } from '$workers/synth/fx/fx-params';
import type { PartName, PartParam } from '$workers/synth/engine/part-params';
import { ControllerProfileSchema, profileForDevice, type Bank, type ControllerProfile } from './controller-profile';
import { MidiRouter, type ControlSink, type LearnTarget } from './midi-router';
import { RoutingIndex, routeOf, type ControlPanelState, type PanelRoute } from './routing-index';

/** The master-volume knob's full travel, matching the audio settings' range. */
export const MASTER_VOLUME_MAX = 1.5;
const PROFILES_KEY = 'controller-profiles';
const LearnedProfilesSchema = v.record(v.string(), ControllerProfileSchema);

/** What the control surface needs from the workspace, which owns panel state. */
export interface PanelHost {
  panels(): ControlPanelState[];
  params(panelId: string): Record<string, unknown> | undefined;
  changePanelParams(panelId: string, next: Record<string, unknown>): void;
}

/**
 * The browser glue around the MIDI router: it keeps the routing index in
 * step with panels and presets, carries out the UI side of actions (lights,
 * knob positions, preset and bank switches, learn), and persists learned
 * controller profiles. Anything slow is deferred to the next frame.
 */
export class ControlSurface implements ControlSink {
  readonly routing = new RoutingIndex();
  readonly router: MidiRouter;
  /** Lit pads per panel (slot → velocity), for the pad panels to draw. */
  lit = $state<Record<string, Record<number, number>>>({});
  /** The control waiting for "touch the hardware", if any. */
  learning = $state<LearnTarget | undefined>();
  recording = $state(false);
  // Read on every new device only; the UI never draws it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #learned = new Map<string, ControllerProfile>();
  #host: PanelHost | undefined;
  // Plain collections: bookkeeping flushed once a frame, not UI state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #pendingLit = new Map<string, Map<number, number>>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #pendingKnobs = new Set<string>();
  #frame = 0;
  /** Who hears about every verdict (the action ledger); set once the ledger is open. */
  onVerdict: (input: LedgerInput) => void = () => undefined;
  /** Told when routing or lit pads changed, so pad LEDs on controllers can follow (once a frame at most). */
  onLedsChanged: () => void = () => undefined;

  constructor(
    private readonly audio: AudioSession,
    private readonly presets: PresetLibrary,
    private readonly store: RecordStore,
    private readonly log: AppLog
  ) {
    this.router = new MidiRouter(audio.engine, this, this.routing, (device) => profileForDevice(device, this.#learned), (input) => this.onVerdict(input));
    presets.onChange(() => this.sync());
  }

  async loadProfiles(): Promise<void> {
    try {
      const saved = v.safeParse(LearnedProfilesSchema, await this.store.get(Store.Settings, PROFILES_KEY));
      if (saved.success) for (const [device, profile] of Object.entries(saved.output)) this.#learned.set(device, profile);
    } catch (error) {
      this.log.warn('midi', 'Learned controller mappings could not be read; using the built-in profiles', { error });
    }
  }

  attach(host: PanelHost): void {
    this.#host = host;
    this.sync();
  }

  /** Rebuilds routing from the panels and presets as they are now (called after every change to either). */
  sync(): void {
    if (!this.#host) return;
    this.routing.rebuild(this.#host.panels(), this.#presetNamed, this.#firstPreset);
    this.onLedsChanged();
  }

  /** The route a panel's own on-screen controls use, active or not. */
  routeFor(panel: ControlPanelState): PanelRoute {
    return routeOf(panel, this.#presetNamed, this.#firstPreset);
  }

  readonly #presetNamed = (name: string) => this.presets.get(name);
  readonly #firstPreset = () => this.presets.presets[0]!;

  learn(target: LearnTarget | undefined): void {
    this.learning = target;
    this.router.learnTarget = target;
  }

  profileOf(device: string): ControllerProfile {
    return profileForDevice(device, this.#learned);
  }

  /** Bumped whenever a device's profile changes, so settings views re-read `profileOf`. */
  profilesVersion = $state(0);

  /** Uses a built-in profile for a device (a per-device copy), or returns it to automatic matching. */
  chooseProfile(device: string, builtIn: ControllerProfile | undefined): void {
    if (builtIn) this.#learned.set(device, { ...structuredClone(builtIn), id: `device:${device}`.slice(0, 64), name: builtIn.name, matches: [device.slice(0, 80)] });
    else this.#learned.delete(device);
    this.router.profileChanged(device);
    this.profilesVersion++;
    this.sync();
    this.log.info('midi', builtIn ? `${device} now uses the "${builtIn.name}" profile` : `${device}: learned mappings forgotten, automatic profile`);
    this.#saveProfiles();
  }

  hasOwnProfile(device: string): boolean {
    return this.#learned.has(device);
  }

  #saveProfiles(): void {
    void this.store.put(Store.Settings, PROFILES_KEY, Object.fromEntries(this.#learned)).catch((error: unknown) => {
      this.log.error('midi', 'The controller mapping works now but could not be saved', { error });
    });
  }

  // --- ControlSink: called synchronously by the router, after the synth command went out ---

  fxPosition(param: FxParamId): number {
    return fxParamToNormalized(fxParamSpec(param), this.audio.fxValue(param));
  }

  setFx(param: FxParamId, position: number): void {
    this.audio.setFx(param, fxParamFromNormalized(fxParamSpec(param), position));
  }

  setMasterVolume(position: number): void {
    this.audio.setMasterVolume(position * MASTER_VOLUME_MAX);
  }

  setPartParam(part: PartName, param: PartParam, position: number): void {
    this.audio.setPartParam(part, param, position);
  }

  padLit(panelId: string, slot: number, velocity: number): void {
    let slots = this.#pendingLit.get(panelId);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    if (!slots) this.#pendingLit.set(panelId, (slots = new Map()));
    slots.set(slot, velocity);
    this.#schedule();
  }

  knobMoved(panelId: string): void {
    this.#pendingKnobs.add(panelId);
    this.#schedule();
  }

  switchPreset(panelId: string, preset: string): void {
    const params = this.#host?.params(panelId);
    if (!params) return;
    if (!this.presets.get(preset)) {
      this.log.warn('midi', `A pad asked for preset "${preset}", which does not exist (names are case-sensitive)`);
      return;
    }
    this.#host?.changePanelParams(panelId, { ...params, preset });
  }

  switchPadBank(bank: Bank): void {
    for (const panel of this.#host?.panels() ?? []) {
      const params = this.#host?.params(panel.id);
      if (panel.type === 'knob' && params?.['follow'] === true && panel.bank !== bank) this.#host?.changePanelParams(panel.id, { ...params, bank });
    }
  }

  toggleRecording(): void {
    this.recording = !this.recording;
    this.log.info('midi', this.recording ? 'Recording started from a pad' : 'Recording stopped from a pad');
  }

  learned(device: string, profile: ControllerProfile, target: LearnTarget): void {
    this.#learned.set(device, profile);
    this.learning = undefined;
    const bound = profile[target.control === 'pad' ? 'pads' : 'knobs'][target.bank][target.slot];
    this.log.info('midi', `Learned: ${device} ${target.control === 'pad' ? 'note' : 'CC'} ${bound} → ${target.control} ${target.bank}${target.slot + 1}`);
    this.profilesVersion++;
    this.#saveProfiles();
  }

  /** Released notes and unlit pads of a device that went away. */
  releaseDevice(device: string): number {
    return this.router.releaseDevice(device);
  }

  #schedule(): void {
    if (this.#frame !== 0) return;
    const flush = (): void => {
      this.#frame = 0;
      this.#flush();
    };
    this.#frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(flush) : (setTimeout(flush, 16) as unknown as number);
  }

  #flush(): void {
    if (this.#pendingLit.size > 0) {
      const next = { ...this.lit };
      for (const [panelId, slots] of this.#pendingLit) {
        const panel = { ...next[panelId] };
        for (const [slot, velocity] of slots) {
          if (velocity > 0) panel[slot] = velocity;
          else delete panel[slot];
        }
        next[panelId] = panel;
      }
      this.#pendingLit.clear();
      this.lit = next;
      this.onLedsChanged();
    }
    for (const panelId of this.#pendingKnobs) {
      const route = this.routing.knob.A?.panelId === panelId ? this.routing.knob.A : this.routing.knob.B?.panelId === panelId ? this.routing.knob.B : undefined;
      const params = this.#host?.params(panelId);
      if (route && params) this.#host?.changePanelParams(panelId, { ...params, values: [...route.positions] });
    }
    this.#pendingKnobs.clear();
  }
}
