import { CHANNELS } from '../shared/audio-ring';

export interface PortQueueStats {
  underruns: number;
  framesPlayed: number;
  peakLeft: number;
  peakRight: number;
  framesQueued: number;
}

/**
 * The fallback transport's consumer (no SharedArrayBuffer): blocks arrive as
 * messages on the audio thread and are copied into a local queue that
 * process() drains. It keeps `targetFrames` queued by asking for more blocks
 * ahead of time — a larger buffer than the shared ring, because message
 * delivery is less punctual than a shared-memory write.
 */
export class PortQueueReader {
  readonly #queue: Float32Array;
  #read = 0;
  #write = 0;
  #queued = 0;
  #requested = 0;
  #primed = false;
  readonly stats: PortQueueStats = { underruns: 0, framesPlayed: 0, peakLeft: 0, peakRight: 0, framesQueued: 0 };

  constructor(
    readonly targetFrames: number,
    readonly blockFrames: number
  ) {
    this.#queue = new Float32Array((targetFrames + blockFrames * 8) * CHANNELS);
  }

  /** A block of interleaved frames from the producer; dropped if it would overflow. */
  enqueue(block: Float32Array): void {
    const frames = block.length / CHANNELS;
    this.#requested = Math.max(0, this.#requested - frames);
    const capacity = this.#queue.length / CHANNELS;
    if (this.#queued + frames > capacity) return;
    for (let i = 0; i < block.length; i++) {
      this.#queue[this.#write] = block[i]!;
      this.#write = (this.#write + 1) % this.#queue.length;
    }
    this.#queued += frames;
  }

  read(left: Float32Array, right: Float32Array, frames: number): void {
    const take = Math.min(frames, this.#queued);
    let peakLeft = 0;
    let peakRight = 0;
    for (let i = 0; i < take; i++) {
      const l = this.#queue[this.#read]!;
      const r = this.#queue[this.#read + 1]!;
      this.#read = (this.#read + 2) % this.#queue.length;
      left[i] = l;
      right[i] = r;
      peakLeft = Math.max(peakLeft, Math.abs(l));
      peakRight = Math.max(peakRight, Math.abs(r));
    }
    this.#queued -= take;
    if (take < frames) {
      left.fill(0, take, frames);
      if (right !== left) right.fill(0, take, frames);
      if (this.#primed) this.stats.underruns++;
    }
    if (take > 0) this.#primed = true;
    this.stats.framesPlayed += frames;
    this.stats.peakLeft = Math.max(peakLeft, this.stats.peakLeft * 0.89);
    this.stats.peakRight = Math.max(peakRight, this.stats.peakRight * 0.89);
    this.stats.framesQueued = this.#queued;
  }

  /** Blocks to ask the producer for now, counting those already on their way. */
  blocksToRequest(): number {
    const missing = this.targetFrames - this.#queued - this.#requested;
    if (missing < this.blockFrames) return 0;
    const blocks = Math.floor(missing / this.blockFrames);
    this.#requested += blocks * this.blockFrames;
    return blocks;
  }
}
