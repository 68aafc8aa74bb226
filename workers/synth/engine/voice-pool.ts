import { Voice } from './voice';

/**
 * A fixed set of voices, allocated once. `maxVoices` may sound at a time;
 * a few extra slots let stolen voices finish their fade while the new note
 * already plays in another slot.
 */
export class VoicePool {
  readonly voices: Voice[];
  #order = 0;

  constructor(
    readonly maxVoices: number,
    readonly fadeSlots = 8
  ) {
    this.voices = Array.from({ length: maxVoices + fadeSlots }, () => new Voice());
  }

  nextOrder(): number {
    return ++this.#order;
  }

  /** Voices that count toward polyphony: sounding and not being faded out. */
  get sounding(): number {
    let count = 0;
    for (const voice of this.voices) if (voice.active && voice.fadeRemaining === 0) count++;
    return count;
  }

  /** A voice for a new note: a free one, or one taken from the quietest-to-lose note. */
  allocate(): Voice {
    if (this.sounding >= this.maxVoices) this.stealVoice()?.steal();
    const free = this.voices.find((voice) => !voice.active);
    if (free) return free;
    // Every fade slot is busy too: cut the fade that started first.
    const oldestFade = this.#oldest((voice) => voice.fadeRemaining > 0) ?? this.voices[0]!;
    oldestFade.free();
    return oldestFade;
  }

  /**
   * Picks the voice to steal: releasing voices first (they are already on
   * their way out), then the oldest sounding one.
   */
  stealVoice(): Voice | undefined {
    return (
      this.#oldest((voice) => voice.active && voice.fadeRemaining === 0 && voice.releasing) ??
      this.#oldest((voice) => voice.active && voice.fadeRemaining === 0)
    );
  }

  #oldest(predicate: (voice: Voice) => boolean): Voice | undefined {
    let oldest: Voice | undefined;
    for (const voice of this.voices) if (predicate(voice) && (!oldest || voice.startedAt < oldest.startedAt)) oldest = voice;
    return oldest;
  }
}
