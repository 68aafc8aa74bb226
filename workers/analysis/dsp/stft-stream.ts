/**
 * The STFT in pieces, for audio too long to transform at once. `FrameStream`
 * cuts centred frames from consecutive chunks; `OverlapAddStream` turns
 * processed frames back into samples. Both follow stft.ts's conventions, so
 * stream → process → overlap-add equals the whole-signal stft/istft, and
 * memory is one frame of history per stream whatever the audio's length.
 */
import { FrameTransform, safeDivide, type Spectrum } from './stft';

export type FrameHandler = (spectrum: Spectrum, frameIndex: number) => void;

export class FrameStream {
  readonly transform: FrameTransform;
  private readonly spectrum: Spectrum;
  private buffer: Float32Array;
  private length: number;
  private frameIndex = 0;
  private inputLength = 0;

  constructor(
    readonly size: number,
    readonly hop: number
  ) {
    this.transform = new FrameTransform(size);
    this.spectrum = this.transform.newSpectrum();
    this.buffer = new Float32Array(size * 4);
    // Centred frames: the signal starts size/2 samples into the first frame.
    this.length = size / 2;
  }

  /** Frames this many input samples make once flushed (as stft.ts: ⌊n / hop⌋ + 1). */
  static frameCount(inputLength: number, hop: number): number {
    return Math.floor(inputLength / hop) + 1;
  }

  /** Adds samples and calls `onFrame` (with a reused spectrum) for every frame they complete. */
  push(input: Float32Array, onFrame: FrameHandler): void {
    this.inputLength += input.length;
    if (this.length + input.length > this.buffer.length) {
      const grown = new Float32Array(Math.max(this.length + input.length, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(input, this.length);
    this.length += input.length;
    this.emit(onFrame, FrameStream.frameCount(this.inputLength, this.hop) - 1);
  }

  /** Pads the end with zeros and emits the remaining frames. */
  flush(onFrame: FrameHandler): void {
    const total = FrameStream.frameCount(this.inputLength, this.hop);
    const padding = new Float32Array(this.size);
    const wanted = this.length + this.size;
    if (wanted > this.buffer.length) {
      const grown = new Float32Array(wanted);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(padding, this.length);
    this.length += this.size;
    this.emit(onFrame, total);
  }

  private emit(onFrame: FrameHandler, limit: number): void {
    let start = 0;
    while (this.frameIndex < limit && start + this.size <= this.length) {
      this.transform.forward(this.buffer, start, this.spectrum);
      onFrame(this.spectrum, this.frameIndex);
      this.frameIndex++;
      start += this.hop;
    }
    this.buffer.copyWithin(0, start, this.length);
    this.length -= start;
  }
}

export class OverlapAddStream {
  readonly transform: FrameTransform;
  private readonly frame: Float32Array;
  private readonly sum: Float64Array;
  private readonly energy: Float64Array;
  private output: Float32Array;
  private outputLength = 0;
  /** Padded samples still to drop at the start (the centring offset). */
  private skip: number;
  private emitted = 0;

  constructor(
    readonly size: number,
    readonly hop: number
  ) {
    this.transform = new FrameTransform(size);
    this.frame = new Float32Array(size);
    this.sum = new Float64Array(size);
    this.energy = new Float64Array(size);
    this.output = new Float32Array(hop * 64);
    this.skip = size / 2;
  }

  /** Inverse-transforms the next frame and adds it in; `hop` more samples become final. */
  add(spectrum: Spectrum): void {
    const { frame, sum, energy, size, hop } = this;
    const window = this.transform.window;
    this.transform.inverse(spectrum, frame);
    for (let i = 0; i < size; i++) {
      sum[i] = (sum[i] as number) + (frame[i] as number);
      energy[i] = (energy[i] as number) + (window[i] as number) ** 2;
    }
    this.release(hop);
  }

  /** The samples finished since the last call (a fresh array each time). */
  take(): Float32Array {
    const out = this.output.slice(0, this.outputLength);
    this.outputLength = 0;
    return out;
  }

  /** After the last frame: releases what is left, cut to the signal's `length`, and returns it. */
  finish(length: number): Float32Array {
    this.release(this.size);
    const out = this.take();
    const excess = this.emitted - length;
    return excess > 0 ? out.subarray(0, Math.max(0, out.length - excess)) : out;
  }

  private release(count: number): void {
    const { sum, energy, size } = this;
    const drop = Math.min(this.skip, count);
    this.skip -= drop;
    const keep = count - drop;
    if (this.outputLength + keep > this.output.length) {
      const grown = new Float32Array(Math.max(this.outputLength + keep, this.output.length * 2));
      grown.set(this.output.subarray(0, this.outputLength));
      this.output = grown;
    }
    for (let i = drop; i < count; i++) this.output[this.outputLength++] = safeDivide(sum[i] ?? 0, energy[i] ?? 0);
    this.emitted += keep;
    sum.copyWithin(0, Math.min(count, size));
    energy.copyWithin(0, Math.min(count, size));
    sum.fill(0, Math.max(0, size - count));
    energy.fill(0, Math.max(0, size - count));
  }
}
