import { audibleStems, type MixState, type PlaybackStem } from './stem-mix';
import { clampPosition, loopWithin, positionAt, reachedEnd, type LoopRegion, type TransportState } from './transport-clock';

/** Where the player's sound goes: the app's output context and an input node into it. */
export interface PlaybackOutput {
  context: AudioContext;
  input: AudioNode;
}

/** One stem's samples, as the cache hands them back. */
export interface StemSamples {
  sampleRate: number;
  channels: readonly Float32Array[];
}

export interface StemPlayerOptions {
  stems: readonly PlaybackStem[];
  duration: number;
  /** The output to play into, starting audio if needed (a user gesture calls `play`); undefined when audio cannot start. */
  output(): Promise<PlaybackOutput | undefined>;
  /** Reads one stem (from the cache); rejects with a message a musician can act on. */
  load(stemId: string): Promise<StemSamples>;
  /** Called whenever playing, loop, mix or loaded stems change (not for the moving playhead). */
  onChange?(): void;
}

interface Voice {
  gain: GainNode;
  source: AudioBufferSourceNode | undefined;
}

/** Gain ramps this long on mute/solo: instant enough to feel immediate, long enough not to click. */
const RAMP_SECONDS = 0.01;
/** Sources start this far ahead so every stem's first sample lands on the same frame. */
const START_AHEAD_SECONDS = 0.03;

/**
 * Plays a recording's stems in sync through the app's output: one
 * AudioBufferSourceNode per loaded stem, all started at the same context
 * time, each through its own gain (mute/solo ramps it), all into one bus
 * that joins the output beside the synth. Seeking or changing the loop
 * restarts every source at one shared time; mute and solo only move gains,
 * so stems never drift apart.
 *
 * Memory: a stem is read from the cache the first time it must sound (not
 * when the panel opens), and muted stems that never played are never read.
 * `release()` drops every buffer.
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
  readonly #buffers = new Map<string, AudioBuffer>();
  readonly #loading = new Map<string, Promise<AudioBuffer>>();
  readonly #options: StemPlayerOptions;
  /** Bumped by every (re)start, so a late load cannot start a source for a start that was superseded. */
  #generation = 0;

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

  /** Stems read into memory so far. */
  get loaded(): string[] {
    return [...this.#buffers.keys()];
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
    await this.#loadAudible();
    this.#start(at);
  }

  pause(): void {
    if (!this.#transport.playing) return;
    const position = this.position();
    this.#stopSources();
    this.#transport = { ...this.#transport, playing: false, anchorPosition: position };
    this.#changed();
  }

  /** Moves the playhead; a position outside the loop ends the loop (the musician went elsewhere). */
  seek(position: number): void {
    const to = clampPosition(position, this.duration);
    const loop = this.#transport.loop;
    if (loop && (to < loop.start || to >= loop.end)) this.#transport = { ...this.#transport, loop: undefined };
    if (this.#transport.playing) this.#start(to);
    else this.#transport = { ...this.#transport, anchorPosition: to };
    this.#changed();
  }

  /** Loops a region and jumps to its start (clicking a section or cue); undefined ends the loop where the playhead is. */
  setLoop(region: LoopRegion | undefined): void {
    if (!region) {
      const position = this.position();
      this.#transport = { ...this.#transport, loop: undefined };
      if (this.#transport.playing) this.#start(position);
      this.#changed();
      return;
    }
    const loop = loopWithin(region, this.duration);
    this.#transport = { ...this.#transport, loop };
    this.seek(loop?.start ?? region.start);
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
    this.#stopSources();
    this.#transport = { ...this.#transport, playing: false };
    for (const voice of this.#voices.values()) voice.gain.disconnect();
    this.#voices.clear();
    this.#bus?.disconnect();
    this.#bus = undefined;
    this.#context = undefined;
    this.#buffers.clear();
    this.#loading.clear();
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
        this.#changed();
      }
    });
  }

  async #loadAudible(): Promise<void> {
    await Promise.all(audibleStems(this.stems, this.#mix).map((id) => this.#buffer(id)));
  }

  #buffer(id: string): Promise<AudioBuffer> {
    const ready = this.#buffers.get(id);
    if (ready) return Promise.resolve(ready);
    let pending = this.#loading.get(id);
    if (!pending) {
      pending = this.#options.load(id).then((samples) => {
        const length = samples.channels[0]?.length ?? 0;
        const buffer = new AudioBuffer({ length: Math.max(1, length), numberOfChannels: Math.max(1, samples.channels.length), sampleRate: samples.sampleRate });
        samples.channels.forEach((channel, c) => buffer.copyToChannel(channel as Float32Array<ArrayBuffer>, c));
        this.#buffers.set(id, buffer);
        this.#changed();
        return buffer;
      });
      pending.finally(() => this.#loading.delete(id)).catch(() => undefined);
      this.#loading.set(id, pending);
    }
    return pending;
  }

  #start(position: number): void {
    this.#stopSources();
    const context = this.#context;
    if (!context) return;
    const when = context.currentTime + START_AHEAD_SECONDS;
    this.#generation++;
    this.#transport = { ...this.#transport, playing: true, anchorTime: when, anchorPosition: position };
    this.#applyGains();
    for (const id of this.#buffers.keys()) this.#startSource(id, when, position);
    this.#changed();
  }

  #startSource(id: string, when: number, position: number): void {
    const context = this.#context;
    const buffer = this.#buffers.get(id);
    if (!context || !this.#bus || !buffer) return;
    const voice = this.#voice(id);
    const source = context.createBufferSource();
    source.buffer = buffer;
    const loop = this.#transport.loop;
    if (loop) {
      source.loop = true;
      source.loopStart = loop.start;
      source.loopEnd = loop.end;
    }
    source.connect(voice.gain);
    source.start(when, Math.min(position, buffer.duration));
    voice.source = source;
  }

  #voice(id: string): Voice {
    let voice = this.#voices.get(id);
    if (!voice && this.#context && this.#bus) {
      const gain = this.#context.createGain();
      gain.gain.value = audibleStems(this.stems, this.#mix).includes(id) ? 1 : 0;
      gain.connect(this.#bus);
      voice = { gain, source: undefined };
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
    for (const voice of this.#voices.values()) {
      if (!voice.source) continue;
      voice.source.onended = null;
      try {
        voice.source.stop();
      } catch {
        // Never started (its context closed first): nothing to stop.
      }
      voice.source.disconnect();
      voice.source = undefined;
    }
  }

  #changed(): void {
    this.#options.onChange?.();
  }
}
