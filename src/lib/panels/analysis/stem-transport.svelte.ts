import type { PlaybackWindow } from '$lib/playback/playback-window';
import { StemPlayer, type PlaybackOutput, type StemSamples } from '$lib/playback/stem-player';
import { audibleStems, toggled, type PlaybackStem } from '$lib/playback/stem-mix';
import type { LoopRegion } from '$lib/playback/transport-clock';

/**
 * The panel's transport: a StemPlayer with reactive state for the markup
 * (playing, playhead, loop, mute/solo, errors). The playhead follows the
 * audio clock on animation frames while playing, and only then.
 */
export class StemTransport {
  playing = $state(false);
  position = $state(0);
  loop = $state.raw<LoopRegion | undefined>();
  // Replaced whole on every toggle (immutable), so a plain Set under $state.raw is reactive enough.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  muted = $state.raw<ReadonlySet<string>>(new Set());
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  soloed = $state.raw<ReadonlySet<string>>(new Set());
  /** Stem ids read into memory (for the "loaded" hint and tests). */
  loaded = $state.raw<string[]>([]);
  starting = $state(false);
  /** Stems' level against the live synth, 0…1.5. */
  volume = $state(1);
  error = $state<string | undefined>();
  readonly stems: readonly PlaybackStem[];
  readonly duration: number;
  readonly #player: StemPlayer;
  #frame = 0;

  constructor(options: { stems: readonly PlaybackStem[]; duration: number; output(): Promise<PlaybackOutput | undefined>; load(id: string, range: PlaybackWindow): Promise<StemSamples> }) {
    this.stems = options.stems;
    this.duration = options.duration;
    this.#player = new StemPlayer({
      ...options,
      onChange: () => this.#sync(),
      onError: (message) => {
        this.error = message;
      }
    });
  }

  get audible(): string[] {
    return audibleStems(this.stems, { muted: this.muted, soloed: this.soloed });
  }

  async toggle(): Promise<void> {
    if (this.playing) {
      this.#player.pause();
      return;
    }
    this.error = undefined;
    this.starting = true;
    try {
      await this.#player.play();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.starting = false;
    }
  }

  seek(position: number): void {
    void this.#run(this.#player.seek(position));
    this.position = this.#player.position();
  }

  /** Jumps to a region and loops it (a section or cue was clicked). */
  loopRegion(region: LoopRegion): void {
    void this.#run(this.#player.setLoop(region));
    this.position = this.#player.position();
  }

  endLoop(): void {
    void this.#run(this.#player.setLoop(undefined));
  }

  setVolume(gain: number): void {
    this.volume = gain;
    this.#player.setVolume(gain);
  }

  toggleMute(id: string): void {
    this.muted = toggled(this.muted, id);
    void this.#applyMix();
  }

  toggleSolo(id: string): void {
    this.soloed = toggled(this.soloed, id);
    void this.#applyMix();
  }

  release(): void {
    cancelAnimationFrame(this.#frame);
    this.#player.release();
    this.#sync();
  }

  #applyMix(): Promise<void> {
    return this.#run(this.#player.setMix({ muted: this.muted, soloed: this.soloed }));
  }

  /** Waits for a player step that may read from the cache, and shows why if it fails. */
  async #run(step: Promise<void>): Promise<void> {
    try {
      await step;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  #sync(): void {
    this.playing = this.#player.playing;
    this.loop = this.#player.loop;
    this.loaded = this.#player.loaded;
    this.position = this.#player.position();
    cancelAnimationFrame(this.#frame);
    if (this.playing) this.#frame = requestAnimationFrame(() => this.#tick());
  }

  #tick(): void {
    this.position = this.#player.position();
    if (this.#player.playing) this.#frame = requestAnimationFrame(() => this.#tick());
    else this.#sync();
  }
}
