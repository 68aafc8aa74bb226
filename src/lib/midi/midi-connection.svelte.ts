import { WebMidi, type Input, type MessageEvent as MidiMessageEvent } from 'webmidi';
import type { AppLog } from '$lib/log/app-log';
import type { Notices } from '$lib/shell/notices.svelte';
import type { ControlSurface } from './control-surface.svelte';
import { desiredLeds, ledMessages } from './pad-leds';

export type MidiStatus = 'off' | 'enabling' | 'on' | 'denied' | 'unsupported';

/**
 * WebMIDI controllers through webmidi.js: access on a gesture, hot-plug,
 * and every message handed to the router (which sends the synth command
 * before any logging or UI work). Unplugging a device releases the notes it
 * held and says so.
 */
export class MidiConnection {
  status = $state<MidiStatus>('off');
  devices = $state<string[]>([]);
  error = $state<string | undefined>();
  readonly #attached = new WeakSet<Input>();
  /** What each output port's pad LEDs show now (index = note), so only changes are sent. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #leds = new Map<string, Uint8Array>();

  constructor(
    private readonly controls: ControlSurface,
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
      else this.updateLeds();
    });
    WebMidi.addListener('disconnected', (event) => {
      if (event.port.type === 'input') this.#detach(event.port.name);
      else this.#leds.delete(event.port.id);
    });
    this.controls.onLedsChanged = () => this.updateLeds();
    this.updateLeds();
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
    // One raw listener: the router parses the three bytes itself, synchronously, synth first.
    input.addListener('midimessage', (event: MidiMessageEvent) => {
      this.controls.router.handle(input.name, event.message.rawData, event.timestamp);
    });
    this.log.info('midi', `Connected: ${input.name}`, { profile: this.controls.profileOf(input.name).name });
    this.#refreshDevices();
  }

  #detach(name: string): void {
    const released = this.controls.releaseDevice(name);
    this.#refreshDevices();
    this.log.warn('midi', `Disconnected: ${name}`, { releasedNotes: released });
    this.notices.show({
      id: `midi-disconnected-${name}`,
      tone: 'warning',
      title: `${name} was disconnected`,
      detail: released > 0 ? `${released} held note(s) were released. Plug it back in to keep playing.` : 'Plug it back in to keep playing.'
    });
  }

  /** Sends pad LED changes to every controller output whose profile has LEDs. */
  updateLeds(): void {
    if (this.status !== 'on') return;
    for (const output of WebMidi.outputs) {
      const profile = this.controls.profileOf(output.name);
      if (profile.ledChannel === null || profile.ledChannel === undefined) continue;
      let shown = this.#leds.get(output.id);
      if (!shown) this.#leds.set(output.id, (shown = new Uint8Array(128)));
      for (const message of ledMessages(shown, desiredLeds(profile, this.controls.routing, this.controls.lit), profile.ledChannel)) {
        try {
          output.send(message);
        } catch (error) {
          // A port closing mid-update: the next change retries from the state we believe it shows.
          this.log.warn('midi', `Could not update pad lights on ${output.name}`, { error });
          return;
        }
      }
    }
  }

  #refreshDevices(): void {
    this.devices = WebMidi.inputs.map((input) => input.name);
  }
}
