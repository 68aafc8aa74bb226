import { covers, handoverPosition, HANDOVER_FADE_SECONDS, nextWindow, refillDue, windowFor, type PlaybackWindow } from './playback-window';
import { audibleStems, type MixState, type PlaybackStem } from './stem-mix';
import { clampPosition, loopWithin, positionAt, reachedEnd, type LoopRegion, type TransportState } from './transport-clock';

/** Where the player's sound goes: the app's output context and an input node into it. */
export interface PlaybackOutput {
  context: AudioContext;
  input: AudioNode;
}

/** A stretch of one stem's samples, as the cache hands them back. */
export interface StemSamples {
  sampleRate: number;
  channels: readonly Float32Array[];
  /** Seconds into the recording of the first sample. */
  start: number;
}

export interface StemPlayerOptions {
  stems: readonly PlaybackStem[];
  duration: number;
  /** The output to play into, starting audio if needed (a user gesture calls `play`); undefined when audio cannot start. */
  output(): Promise<PlaybackOutput | undefined>;
  /** Reads one stem's samples over `range` (seconds, from the cache); rejects with a message a musician can act on. */
  load(stemId: string, range: PlaybackWindow): Promise<StemSamples>;
  /** Called whenever playing, loop, mix or loaded stems change (not for the moving playhead). */
  onChange?(): void;
  /** A problem while playing on (the next stretch could not be read), in words. */
  onError?(message: string): void;
}

interface Voice {
  /** Mute/solo. */
  gain: GainNode;
  source: AudioBufferSourceNode | undefined;
  /** The source's own gain, for the crossfade when a new window takes over. */
  fade: GainNode | undefined;
}

/** One stem's samples for the window in memory. */
interface WindowBuffer {
  buffer: AudioBuffer;
  /** Seconds into the recording of the buffer's first sample. */
  start: number;
}

/** Gain ramps this long on mute/solo: instant enough to feel immediate, long enough not to click. */
const RAMP_SECONDS = 0.01;
/** Sources start this far ahead so every stem's first sample lands on the same frame. */
const START_AHEAD_SECONDS = 0.03;
/** How often a playing transport checks whether the next window is due. */
const WINDOW_CHECK_MS = 250;

/**
 * Plays a recording's stems in sync through the app's output: one
 * AudioBufferSourceNode per loaded stem, all started at the same context
 * time, each through its own gain (mute/solo ramps it), all into one bus
 * that joins the output beside the synth. Seeking or changing the loop
 * restarts every source at one shared time; mute and solo only move gains,
 * so stems never drift apart.
 *
 * Memory: only a window of a couple of minutes around the playhead is held
 * (playback-window.ts), read when a stem first has to sound; muted stems
 * that never played are never read. `release()` drops every buffer.
 */
export class StemPlayer {
  readonly stems: readonly PlaybackStem[];
  readonly duration: number;
  #mix: MixState = { muted: new Set(), soloed: new Set() };
  #volume = 1;
  #transport: TransportState;
  #context: AudioContext | undefined;
  #bus: GainNode | undefined;
  readonly #voices = new Map<string, Voice>();
  /** The window in memory and each read stem's samples over it. */
  #window: PlaybackWindow | undefined;
  #buffers = new Map<string, WindowBuffer>();
  #loading = new Map<string, Promise<WindowBuffer>>();
  readonly #options: StemPlayerOptions;
  /** Bumped by every (re)start, so a late load cannot start a source for a start that was superseded. */
  #generation = 0;
  #windowTimer: ReturnType<typeof setInterval> | undefined;
  #refilling = false;

  constructor(options: StemPlayerOptions) {
    this.#options = options;
    this.stems = options.stems;
    this.duration = options.duration;
    this.#transport = { playing: false, anchorTime: 0, anchorPosition: 0, loop: undefined, duration: options.duration };
  }

  get playing(): boolean {
    return this.#transport.playing;
  }

  get loop(): LoopRegion | undefined {
    return this.#transport.loop;
  }

  get mix(): MixState {
    return this.#mix;
  }

  /** Stems read into memory (over the current window). */
  get loaded(): string[] {
    return [...this.#buffers.keys()];
  }

  /** The stretch of the recording held in memory, if any. */
  get window(): PlaybackWindow | undefined {
    return this.#window;
  }

  /** The playhead in seconds; stops the transport once a non-looping playback reaches the end. */
  position(): number {
    const now = this.#context?.currentTime ?? 0;
    if (reachedEnd(this.#transport, now)) {
      this.#stopSources();
      this.#transport = { ...this.#transport, playing: false, anchorPosition: this.duration };
      this.#changed();
    }
    return positionAt(this.#transport, now);
  }

  async play(): Promise<void> {
    if (this.#transport.playing) return;
    const output = await this.#options.output();
    if (!output) throw new Error('Audio could not start, so the stems cannot play. Check Settings → Audio.');
    this.#connect(output);
    // From the end, play starts again at the top (or the loop's start).
    const at = this.#transport.anchorPosition >= this.duration ? (this.#transport.loop?.start ?? 0) : this.#transport.anchorPosition;
    await this.#startWithWindow(at);
  }

  pause(): void {
    if (!this.#transport.playing) return;
    const position = this.position();
    this.#generation++;
    this.#stopSources();
    this.#transport = { ...this.#transport, playing: false, anchorPosition: position };
    this.#changed();
  }

  /** Moves the playhead; a position outside the loop ends the loop (the musician went elsewhere). Reads a new window if it must. */
  async seek(position: number): Promise<void> {
    const to = clampPosition(position, this.duration);
    const loop = this.#transport.loop;
    if (loop && (to < loop.start || to >= loop.end)) this.#transport = { ...this.#transport, loop: undefined };
    if (this.#transport.playing) {
      await this.#startWithWindow(to);
      return;
    }
    this.#transport = { ...this.#transport, anchorPosition: to };
    this.#changed();
  }

  /** Loops a region and jumps to its start (clicking a section or cue); undefined ends the loop where the playhead is. */
  async setLoop(region: LoopRegion | undefined): Promise<void> {
    if (!region) {
      const position = this.position();
      this.#transport = { ...this.#transport, loop: undefined };
      this.#changed();
      if (this.#transport.playing) await this.#startWithWindow(position);
      return;
    }
    const loop = loopWithin(region, this.duration);
    this.#transport = { ...this.#transport, loop };
    await this.seek(loop?.start ?? region.start);
  }

  /** The stems' level against the live synth (0…1.5), on the bus: a backing track can sit under the band. */
  setVolume(gain: number): void {
    this.#volume = Math.min(1.5, Math.max(0, Number.isFinite(gain) ? gain : 1));
    if (this.#context && this.#bus) this.#bus.gain.setTargetAtTime(this.#volume, this.#context.currentTime, RAMP_SECONDS / 3);
  }

  async setMix(mix: MixState): Promise<void> {
    this.#mix = mix;
    this.#applyGains();
    this.#changed();
    if (!this.#transport.playing) return;
    const generation = this.#generation;
    await this.#loadAudible();
    // Stems read just now join the running playback at the shared clock.
    if (generation === this.#generation && this.#transport.playing) {
      const when = (this.#context?.currentTime ?? 0) + START_AHEAD_SECONDS;
      for (const id of this.#buffers.keys()) if (!this.#voices.get(id)?.source) this.#startSource(id, when, positionAt(this.#transport, when));
    }
  }

  /** Stops and drops every buffer and node (the panel closed or shows another recording). */
  release(): void {
    this.#generation++;
    this.#stopSources();
    this.#transport = { ...this.#transport, playing: false };
    for (const voice of this.#voices.values()) voice.gain.disconnect();
    this.#voices.clear();
    this.#bus?.disconnect();
    this.#bus = undefined;
    this.#context = undefined;
    this.#dropWindow();
  }

  #connect(output: PlaybackOutput): void {
    if (this.#context === output.context && this.#bus) return;
    // A new context (first play, or audio settings changed): new nodes; buffers are context-free and stay.
    for (const voice of this.#voices.values()) voice.gain.disconnect();
    this.#voices.clear();
    this.#bus?.disconnect();
    const context = output.context;
    this.#context = context;
    this.#bus = context.createGain();
    this.#bus.gain.value = this.#volume;
    this.#bus.connect(output.input);
    context.addEventListener('statechange', () => {
      // The engine closed this context (reconfigure, shutdown): the sound stopped, so must the transport.
      if (context.state === 'closed' && this.#context === context && this.#transport.playing) {
        this.#transport = { ...this.#transport, playing: false, anchorPosition: positionAt(this.#transport, context.currentTime) };
        this.#stopWindowTimer();
        this.#changed();
      }
    });
  }

  /** Makes sure the window in memory can play from `position` (reading a new one if not), then starts there. */
  async #startWithWindow(position: number): Promise<void> {
    const generation = ++this.#generation;
    if (!covers(this.#window, position, this.#transport.loop, this.duration)) {
      this.#stopSources();
      this.#dropWindow();
      this.#window = windowFor(position, this.#transport.loop, this.duration);
    }
    await this.#loadAudible();
    // A pause, seek or release while reading wins.
    if (generation !== this.#generation) return;
    this.#start(position);
  }

  async #loadAudible(): Promise<void> {
    await Promise.all(audibleStems(this.stems, this.#mix).map((id) => this.#buffer(id)));
  }

  #buffer(id: string): Promise<WindowBuffer> {
    const ready = this.#buffers.get(id);
    if (ready) return Promise.resolve(ready);
    const window = this.#window ?? windowFor(this.#transport.anchorPosition, this.#transport.loop, this.duration);
    this.#window = window;
    let pending = this.#loading.get(id);
    if (!pending) {
      pending = this.#read(id, window).then((read) => {
        // Only the window still in use keeps what was read for it.
        if (this.#window === window) {
          this.#buffers.set(id, read);
          this.#changed();
        }
        return read;
      });
      const loading = this.#loading;
      pending.finally(() => loading.delete(id)).catch(() => undefined);
      loading.set(id, pending);
    }
    return pending;
  }

  async #read(id: string, window: PlaybackWindow): Promise<WindowBuffer> {
    const samples = await this.#options.load(id, window);
    const length = samples.channels[0]?.length ?? 0;
    const buffer = new AudioBuffer({ length: Math.max(1, length), numberOfChannels: Math.max(1, samples.channels.length), sampleRate: samples.sampleRate });
    samples.channels.forEach((channel, c) => buffer.copyToChannel(channel as Float32Array<ArrayBuffer>, c));
    return { buffer, start: samples.start };
  }

  #start(position: number): void {
    this.#stopSources();
    const context = this.#context;
    if (!context) return;
    const when = context.currentTime + START_AHEAD_SECONDS;
    this.#transport = { ...this.#transport, playing: true, anchorTime: when, anchorPosition: position };
    this.#applyGains();
    for (const id of this.#buffers.keys()) this.#startSource(id, when, position);
    this.#startWindowTimer();
    this.#changed();
  }

  #startSource(id: string, when: number, position: number, fadeIn = false): void {
    const context = this.#context;
    const read = this.#buffers.get(id);
    if (!context || !this.#bus || !read) return;
    const voice = this.#voice(id);
    const source = context.createBufferSource();
    source.buffer = read.buffer;
    const loop = this.#transport.loop;
    if (loop) {
      source.loop = true;
      source.loopStart = loop.start - read.start;
      source.loopEnd = loop.end - read.start;
    }
    const fade = context.createGain();
    if (fadeIn) {
      fade.gain.setValueAtTime(0, when);
      fade.gain.linearRampToValueAtTime(1, when + HANDOVER_FADE_SECONDS);
    }
    source.connect(fade);
    fade.connect(voice.gain);
    source.start(when, Math.max(0, Math.min(position - read.start, read.buffer.duration)));
    voice.source = source;
    voice.fade = fade;
  }

  #voice(id: string): Voice {
    let voice = this.#voices.get(id);
    if (!voice && this.#context && this.#bus) {
      const gain = this.#context.createGain();
      gain.gain.value = audibleStems(this.stems, this.#mix).includes(id) ? 1 : 0;
      gain.connect(this.#bus);
      voice = { gain, source: undefined, fade: undefined };
      this.#voices.set(id, voice);
    }
    return voice as Voice;
  }

  #applyGains(): void {
    const context = this.#context;
    if (!context) return;
    const audible = new Set(audibleStems(this.stems, this.#mix));
    for (const id of this.#buffers.keys()) this.#voice(id).gain.gain.setTargetAtTime(audible.has(id) ? 1 : 0, context.currentTime, RAMP_SECONDS / 3);
  }

  #stopSources(): void {
    this.#stopWindowTimer();
    for (const voice of this.#voices.values()) {
      if (!voice.source) continue;
      voice.source.onended = null;
      try {
        voice.source.stop();
      } catch {
        // Never started (its context closed first): nothing to stop.
      }
      voice.source.disconnect();
      voice.fade?.disconnect();
      voice.source = undefined;
      voice.fade = undefined;
    }
  }

  #dropWindow(): void {
    this.#window = undefined;
    this.#buffers = new Map();
    this.#loading = new Map();
  }

  #startWindowTimer(): void {
    this.#stopWindowTimer();
    // A loop is held whole; only straight playback reads ahead.
    if (!this.#transport.loop) this.#windowTimer = setInterval(() => void this.#readAhead(), WINDOW_CHECK_MS);
  }

  #stopWindowTimer(): void {
    if (this.#windowTimer !== undefined) clearInterval(this.#windowTimer);
    this.#windowTimer = undefined;
  }

  /**
   * Straight playback near the end of its window: reads the next window for
   * every stem in memory and hands over to it, sample-locked, at one context
   * time inside the stretch both windows hold, with a short crossfade of the
   * same samples. Too late (a very slow read), it restarts on the new window.
   */
  async #readAhead(): Promise<void> {
    const current = this.#window;
    const context = this.#context;
    if (this.#refilling || !current || !context || !this.#transport.playing || this.#transport.loop) return;
    if (!refillDue(current, this.position(), this.duration)) return;
    const next = nextWindow(current, this.duration);
    if (!next) return;
    this.#refilling = true;
    const generation = this.#generation;
    try {
      const ids = [...new Set([...this.#buffers.keys(), ...audibleStems(this.stems, this.#mix)])];
      const reads = await Promise.all(ids.map(async (id) => [id, await this.#read(id, next)] as const));
      if (generation !== this.#generation || this.#window !== current || !this.#transport.playing) return;
      this.#window = next;
      this.#buffers = new Map(reads);
      this.#loading = new Map();
      const now = context.currentTime;
      const at = handoverPosition(current, next, positionAt(this.#transport, now + START_AHEAD_SECONDS));
      if (at === undefined) {
        this.#start(this.position());
        return;
      }
      const when = this.#transport.anchorTime + (at - this.#transport.anchorPosition);
      for (const id of ids) {
        const voice = this.#voice(id);
        const outgoing = voice.source;
        const outgoingFade = voice.fade;
        if (outgoing && outgoingFade) {
          outgoingFade.gain.setValueAtTime(1, when);
          outgoingFade.gain.linearRampToValueAtTime(0, when + HANDOVER_FADE_SECONDS);
          outgoing.stop(when + HANDOVER_FADE_SECONDS);
          outgoing.onended = () => {
            outgoing.disconnect();
            outgoingFade.disconnect();
          };
        }
        this.#startSource(id, when, at, outgoing !== undefined);
      }
      this.#applyGains();
      this.#changed();
    } catch (error) {
      // Playback runs to the end of what it has, and the musician is told why it will stop.
      this.#options.onError?.(error instanceof Error ? error.message : String(error));
    } finally {
      this.#refilling = false;
    }
  }

  #changed(): void {
    this.#options.onChange?.();
  }
}
