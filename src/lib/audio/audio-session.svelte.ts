import type { AppLog } from '$lib/log/app-log';
import type { SettingsState } from '$lib/settings/settings-state.svelte';
import { FX_PARAM_IDS, type FxParamId } from '$workers/synth/fx/fx-params';
import type { AudioConfig } from './audio-config';
import { AudioEngine } from './audio-engine';

export type AudioStatus = 'off' | 'starting' | 'on' | 'failed';

/**
 * The audio engine as the UI sees it: reactive status, and the musician's
 * choices (instrument, FX, audio config) kept in settings and re-applied to
 * the engine whenever it starts or is reconfigured.
 */
export class AudioSession {
  status = $state<AudioStatus>('off');
  error = $state<string | undefined>();
  instrumentName = $state<string | undefined>();
  readonly engine: AudioEngine;

  constructor(
    private readonly settings: SettingsState,
    private readonly log: AppLog
  ) {
    this.engine = new AudioEngine(log);
  }

  /** Starts audio on the first gesture; later calls are free. */
  async ensureStarted(): Promise<boolean> {
    if (this.status === 'on') return true;
    if (this.status === 'starting') return false;
    this.status = 'starting';
    try {
      await this.engine.start(this.settings.current.audio);
      for (const id of FX_PARAM_IDS) this.engine.setFx(id, this.settings.current.fx[id]);
      await this.#applyInstrument(this.settings.current.instrument);
      this.status = 'on';
      this.error = undefined;
      return true;
    } catch (error) {
      this.status = 'failed';
      this.error = error instanceof Error ? error.message : String(error);
      this.log.error('audio', `Audio could not start: ${this.error}`);
      return false;
    }
  }

  noteOn(note: number, velocity: number): void {
    this.engine.noteOn(note, velocity);
  }

  noteOff(note: number): void {
    this.engine.noteOff(note);
  }

  setFx(id: FxParamId, value: number): void {
    this.engine.setFx(id, value);
    void this.settings.update({ fx: { ...this.settings.current.fx, [id]: value } });
  }

  async selectInstrument(id: string): Promise<void> {
    await this.settings.update({ instrument: id });
    if (this.status === 'on') await this.#applyInstrument(id);
  }

  /** Applies new audio settings; on failure the engine keeps the old ones and the error is returned. */
  async applyConfig(config: AudioConfig): Promise<string | undefined> {
    if (this.status !== 'on') {
      await this.settings.update({ audio: config });
      return undefined;
    }
    try {
      await this.engine.reconfigure(config);
      await this.settings.update({ audio: config });
      return undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error('audio', `Audio settings not applied, kept the previous ones: ${message}`);
      return message;
    }
  }

  async #applyInstrument(id: string): Promise<void> {
    try {
      this.instrumentName = await this.engine.selectBuiltIn(id);
      this.log.info('audio', `Instrument: ${this.instrumentName ?? id}`);
    } catch (error) {
      this.log.error('audio', `Could not select instrument "${id}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
