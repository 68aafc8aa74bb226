import { WebMidi, type Input, type NoteMessageEvent, type ControlChangeMessageEvent, type MessageEvent as MidiMessageEvent } from 'webmidi';
import type { AudioSession } from '$lib/audio/audio-session.svelte';
import type { AppLog } from '$lib/log/app-log';
import type { Notices } from '$lib/shell/notices.svelte';
import { HeldNotes } from './held-notes';
import { partForNote } from './pad-routing';

export type MidiStatus = 'off' | 'enabling' | 'on' | 'denied' | 'unsupported';

/**
 * WebMIDI controllers through webmidi.js. The note path is synchronous: a
 * note event goes straight to the audio engine's command ring, before any
 * logging or UI work. Devices come and go without a reload; unplugging one
 * releases the notes it held and says so.
 */
export class MidiConnection {
  status = $state<MidiStatus>('off');
  devices = $state<string[]>([]);
  error = $state<string | undefined>();
  readonly #held = new HeldNotes();
  readonly #attached = new WeakSet<Input>();
  /** The part each held note went to, so its note-off goes to the same one (bookkeeping, not UI state). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #partOf = new Map<string, number>();
  /** Set by the workspace: whether a pad panel is active on a bank (pads then play the drum kit). */
  padBankActive: (bank: 'A' | 'B') => boolean = () => false;

  constructor(
    private readonly audio: AudioSession,
    private readonly log: AppLog,
    private readonly notices: Notices
  ) {}

  /** Asks for MIDI access; call from a user gesture (Chrome prompts for it). */
  async enable(): Promise<void> {
    if (this.status === 'on' || this.status === 'enabling') return;
    if (typeof navigator === 'undefined' || !('requestMIDIAccess' in navigator)) {
      this.status = 'unsupported';
      this.error = 'This browser has no Web MIDI. Use Chrome or Edge to play MIDI controllers.';
      return;
    }
    this.status = 'enabling';
    try {
      await WebMidi.enable({ sysex: false });
    } catch (error) {
      this.status = 'denied';
      this.error = `MIDI access was refused (${error instanceof Error ? error.message : String(error)}). Allow MIDI for this site in the browser's site settings, then try again.`;
      this.log.warn('midi', this.error);
      return;
    }
    this.status = 'on';
    for (const input of WebMidi.inputs) this.#attach(input);
    WebMidi.addListener('connected', (event) => {
      if (event.port.type === 'input') this.#attach(WebMidi.getInputById(event.port.id));
    });
    WebMidi.addListener('disconnected', (event) => {
      if (event.port.type === 'input') this.#detach(event.port.id, event.port.name);
    });
    this.#refreshDevices();
    this.log.info('midi', `MIDI on: ${this.devices.length} input(s)`);
  }

  #attach(input: Input | undefined): void {
    // webmidi.js reuses an Input object when its device comes back: listen once.
    if (!input || this.#attached.has(input)) {
      this.#refreshDevices();
      return;
    }
    this.#attached.add(input);
    const device = input.id;
    input.addListener('noteon', (event: NoteMessageEvent) => {
      const note = event.note.number;
      const part = partForNote(note, this.padBankActive);
      this.audio.noteOn(note, event.note.rawAttack, part);
      this.#partOf.set(`${device}:${note}`, part);
      this.#held.press(device, note);
    });
    input.addListener('noteoff', (event: NoteMessageEvent) => {
      const key = `${device}:${event.note.number}`;
      this.audio.noteOff(event.note.number, this.#partOf.get(key) ?? 0);
      this.#partOf.delete(key);
      this.#held.release(device, event.note.number);
    });
    input.addListener('controlchange', (event: ControlChangeMessageEvent) => {
      if (event.controller.number === 64) this.audio.engine.setSustain((event.rawValue ?? 0) >= 64);
    });
    input.addListener('pitchbend', (event: MidiMessageEvent) => this.audio.engine.setPitchBend(Number(event.value) || 0));
    this.log.info('midi', `Connected: ${input.name}`);
    this.#refreshDevices();
  }

  #detach(id: string, name: string): void {
    const stuck = this.#held.releaseAll(id);
    for (const note of stuck) {
      this.audio.noteOff(note, this.#partOf.get(`${id}:${note}`) ?? 0);
      this.#partOf.delete(`${id}:${note}`);
    }
    this.#refreshDevices();
    this.log.warn('midi', `Disconnected: ${name}`, { releasedNotes: stuck.length });
    this.notices.show({
      id: `midi-disconnected-${id}`,
      tone: 'warning',
      title: `${name} was disconnected`,
      detail: stuck.length > 0 ? `${stuck.length} held note(s) were released. Plug it back in to keep playing.` : 'Plug it back in to keep playing.'
    });
  }

  #refreshDevices(): void {
    this.devices = WebMidi.inputs.map((input) => input.name);
  }
}
