/**
 * Plays one stretch of the 16 kHz voice track through the app's AudioContext
 * (the browser resamples the buffer to the context's rate). Only the turn is
 * copied into an AudioBuffer, never the whole recording; starting another
 * turn stops the one playing.
 */
export class TurnPlayer {
  #source: AudioBufferSourceNode | undefined;

  /** Starts the turn; `onEnded` runs when it finishes or is stopped. `taps` also hear it (the output meter). */
  play(context: AudioContext, voice: Float32Array, sampleRate: number, start: number, end: number, onEnded: () => void, taps: readonly AudioNode[] = []): void {
    this.stop();
    const from = Math.max(0, Math.floor(start * sampleRate));
    const to = Math.min(voice.length, Math.ceil(end * sampleRate));
    if (to <= from) {
      onEnded();
      return;
    }
    const buffer = context.createBuffer(1, to - from, sampleRate);
    buffer.getChannelData(0).set(voice.subarray(from, to));
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    for (const tap of taps) source.connect(tap);
    source.onended = () => {
      source.disconnect();
      if (this.#source === source) this.#source = undefined;
      onEnded();
    };
    this.#source = source;
    source.start();
  }

  stop(): void {
    const playing = this.#source;
    this.#source = undefined;
    playing?.stop();
  }
}
