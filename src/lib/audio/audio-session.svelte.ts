import { InstrumentLibrary, sha256Hex, type ImportedInstrument } from '$lib/instruments/instrument-library';
import type { AppLog } from '$lib/log/app-log';
import type { Notices } from '$lib/shell/notices.svelte';
import type { RecordStore } from '$lib/storage/record-store';
import { instrumentFormatOf } from '$workers/synth/instruments/parse-instrument-file';
import type { SettingsState } from '$lib/settings/settings-state.svelte';
import { FX_PARAM_IDS, type FxParamId } from '$workers/synth/fx/fx-params';
import { outputAfterDeviceChange, type AudioConfig } from './audio-config';
import { PARTS, type PartName, type PartParam } from '$workers/synth/engine/part-params';
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
  /** Imported SF2/SFZ instruments, for the instrument picker. */
  imported = $state<ImportedInstrument[]>([]);
  importing = $state(false);
  readonly engine: AudioEngine;
  readonly #library: InstrumentLibrary;

  constructor(
    private readonly settings: SettingsState,
    private readonly log: AppLog,
    store: RecordStore,
    private readonly notices: Notices
  ) {
    this.engine = new AudioEngine(log);
    this.#library = new InstrumentLibrary(store);
    navigator.mediaDevices?.addEventListener?.('devicechange', () => void this.#checkOutputDevice());
  }

  /** An unplugged output device: keep playing on the system default and say so. */
  async #checkOutputDevice(): Promise<void> {
    const chosen = this.settings.current.audio.outputDeviceId;
    if (!chosen || this.status !== 'on') return;
    const outputs = (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === 'audiooutput');
    if (outputAfterDeviceChange(chosen, outputs) === chosen) return;
    const error = await this.applyConfig({ ...this.settings.current.audio, outputDeviceId: '' });
    this.log.warn('audio', 'The chosen audio output disappeared; playing on the system default');
    this.notices.show({
      id: 'output-device',
      tone: 'warning',
      title: 'Your audio output was disconnected',
      detail: error ? `Switching to the system default failed: ${error}` : 'Bandroom now plays on the system default output. Choose another in Settings → Audio.'
    });
  }

  async refreshLibrary(): Promise<void> {
    try {
      const { instruments, unreadable } = await this.#library.list();
      this.imported = instruments;
      if (unreadable.length > 0) this.log.warn('instruments', `Skipped ${unreadable.length} unreadable imported instrument record(s); they are kept as they are`);
    } catch (error) {
      this.log.error('instruments', 'Could not read the imported instruments', { error });
    }
  }

  /**
   * Imports an SF2 file or a zipped SFZ folder: checked in the loader worker,
   * stored in IndexedDB, then selected. A bad file changes nothing and says why.
   */
  async importFile(name: string, bytes: Uint8Array): Promise<boolean> {
    const format = instrumentFormatOf(name);
    if (!format) {
      this.#importFailed(name, 'Bandroom reads SoundFonts (.sf2) and SFZ instruments as a .zip of their folder');
      return false;
    }
    this.importing = true;
    try {
      const summary = await this.engine.inspectInstrument(bytes, name, format);
      const id = await sha256Hex(bytes);
      const instrument: ImportedInstrument = { id, name: summary.name || name, fileName: name, format, sizeBytes: bytes.byteLength, addedAt: Date.now(), presets: summary.presets };
      await this.#library.add(instrument, bytes);
      await this.refreshLibrary();
      for (const warning of summary.warnings.slice(0, 20)) this.log.warn('instruments', `${name}: ${warning}`);
      this.log.info('instruments', `Imported "${instrument.name}" (${summary.presets.length} presets)`, { warnings: summary.warnings.length });
      this.notices.show({ id: 'instrument-import', tone: 'info', title: `Imported ${instrument.name}`, detail: `${summary.presets.length} preset(s)${summary.warnings.length ? `, ${summary.warnings.length} warning(s) in Logs` : ''}.`, dismissAfterMs: 6000 });
      await this.selectInstrument(`user:${id}:0`);
      return true;
    } catch (error) {
      // Loader errors read "<file>: <problem>"; the notice names the file already.
      const message = error instanceof Error ? error.message : String(error);
      this.#importFailed(name, message.replace(/^Error: /, '').replace(`${name}: `, ''));
      return false;
    } finally {
      this.importing = false;
    }
  }

  #importFailed(name: string, problem: string): void {
    this.log.error('instruments', `Could not import ${name}: ${problem}`);
    this.notices.show({ id: 'instrument-import', tone: 'error', title: `Could not load ${name}`, detail: `${problem}. Nothing else was changed.` });
  }

  #starting: Promise<boolean> | undefined;

  /** Starts audio on the first gesture; later calls are free (and share a start in progress). */
  ensureStarted(): Promise<boolean> {
    if (this.status === 'on') return Promise.resolve(true);
    if (this.status === 'starting' && this.#starting) return this.#starting;
    this.#starting = this.#start();
    return this.#starting;
  }

  async #start(): Promise<boolean> {
    this.status = 'starting';
    try {
      await this.engine.start(this.settings.current.audio);
      for (const id of FX_PARAM_IDS) this.engine.setFx(id, this.settings.current.fx[id]);
      await this.#applyInstrument(this.settings.current.instrument);
      // Pad panels play the drum kit on their own part, whatever the keys play.
      await this.engine.selectBuiltIn('drum-kit', 1);
      this.engine.markReady();
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

  /** `part`: 0 keys, 1 pads (the drum kit). */
  noteOn(note: number, velocity: number, part = 0, timestamp?: number): void {
    this.engine.noteOn(note, velocity, part, timestamp);
  }

  noteOff(note: number, part = 0, timestamp?: number): void {
    this.engine.noteOff(note, part, timestamp);
  }

  fxValue(id: FxParamId): number {
    return this.settings.current.fx[id];
  }

  setFx(id: FxParamId, value: number): void {
    this.engine.setFx(id, value);
    this.settings.updateSoon({ fx: { ...this.settings.current.fx, [id]: value } });
  }

  /** Master volume (0…1.5) straight to the engine; saved once the knob stops. */
  setMasterVolume(gain: number): void {
    this.engine.setMasterVolume(gain);
    this.settings.updateSoon({ audio: { ...this.settings.current.audio, masterVolume: gain } });
  }

  partParam(part: PartName, param: PartParam): number {
    return this.settings.current.audio.parts[part][param];
  }

  /** A part's volume/attack/release knob position (0…1) straight to the engine; saved once the knob stops. */
  setPartParam(part: PartName, param: PartParam, position: number): void {
    this.engine.setPartParam(PARTS.indexOf(part), param, position);
    const audio = this.settings.current.audio;
    this.settings.updateSoon({ audio: { ...audio, parts: { ...audio.parts, [part]: { ...audio.parts[part], [param]: position } } } });
  }

  async selectInstrument(id: string): Promise<void> {
    await this.settings.update({ instrument: id });
    // A choice made while audio is starting must win over the one the start applies.
    if (this.status === 'starting') await this.#starting;
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
      const user = /^user:([0-9a-f]{64}):(\d+)$/.exec(id);
      if (user) {
        const [, hash, preset] = user as unknown as [string, string, string];
        const record = await this.#library.get(hash);
        const bytes = await this.#library.bytes(hash);
        if (!record || !bytes) throw new Error('this imported instrument is no longer stored');
        this.instrumentName = await this.engine.selectImported(bytes, record.fileName, record.format, Number(preset));
      } else {
        this.instrumentName = await this.engine.selectBuiltIn(id);
      }
      this.log.info('audio', `Instrument: ${this.instrumentName ?? id}`);
    } catch (error) {
      this.log.error('audio', `Could not select instrument "${id}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
