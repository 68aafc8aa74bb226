import { flushDenormal } from './denormal';
import { DEFAULT_SMOOTHING_MS, ParamSmoother } from './param-smoother';
import type { StereoEffect } from './stereo-effect';

/**
 * Freeverb-style reverb (Jezar's public-domain design): the input, summed to
 * mono, feeds eight parallel low-pass feedback combs and then four series
 * allpasses per channel. The right channel's delays are STEREO_SPREAD samples
 * longer, which decorrelates the two sides. Delay lengths are Freeverb's
 * 44.1 kHz tunings scaled to the running sample rate, so the room sounds the
 * same at 48 or 96 kHz. Size sets comb feedback (longer tail); damping sets
 * the comb low-pass (darker, quieter tail). Each filter runs over the whole
 * block at a time, which keeps its state in locals and is several times faster
 * in JavaScript than stepping twenty-four filters per sample.
 */

const COMB_TUNINGS = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
const ALLPASS_TUNINGS = [556, 441, 341, 225];
const STEREO_SPREAD = 23;
const TUNING_SAMPLE_RATE = 44100;
/** Input attenuation so eight resonant combs stay near unity gain. */
const FIXED_GAIN = 0.015;
const SCALE_ROOM = 0.28;
const OFFSET_ROOM = 0.7;
const SCALE_DAMP = 0.4;
const ALLPASS_FEEDBACK = 0.5;
/**
 * Wet level: half of Freeverb's wet scale (3), so that a mid-size room's tail
 * is about as loud as the dry signal (measured on noise: ±1 dB at size 0.5,
 * +4 dB at size 1) and the mix knob crossfades without a jump in loudness.
 */
const WET_GAIN = 1.5;

class CombFilter {
  private readonly buffer: Float32Array;
  private index = 0;
  private store = 0;
  feedback = 0;
  damp = 0;

  constructor(length: number) {
    this.buffer = new Float32Array(length);
  }

  /** Adds this comb's output for `frames` input samples onto `output`. */
  accumulate(input: Float32Array, output: Float32Array, frames: number): void {
    const buffer = this.buffer;
    const length = buffer.length;
    const feedback = this.feedback;
    const damp = this.damp;
    const keep = 1 - damp;
    let index = this.index;
    let store = this.store;
    for (let j = 0; j < frames; j++) {
      const delayed = buffer[index] as number;
      store = flushDenormal(delayed * keep + store * damp);
      buffer[index] = flushDenormal((input[j] as number) + store * feedback);
      if (++index === length) index = 0;
      output[j] = (output[j] as number) + delayed;
    }
    this.index = index;
    this.store = store;
  }

  clear(): void {
    this.buffer.fill(0);
    this.index = 0;
    this.store = 0;
  }
}

class AllpassFilter {
  private readonly buffer: Float32Array;
  private index = 0;

  constructor(length: number) {
    this.buffer = new Float32Array(length);
  }

  processInPlace(signal: Float32Array, frames: number): void {
    const buffer = this.buffer;
    const length = buffer.length;
    let index = this.index;
    for (let j = 0; j < frames; j++) {
      const input = signal[j] as number;
      const delayed = buffer[index] as number;
      buffer[index] = flushDenormal(input + delayed * ALLPASS_FEEDBACK);
      if (++index === length) index = 0;
      signal[j] = delayed - input;
    }
    this.index = index;
  }

  clear(): void {
    this.buffer.fill(0);
    this.index = 0;
  }
}

export class Reverb implements StereoEffect {
  private readonly combsLeft: CombFilter[];
  private readonly combsRight: CombFilter[];
  private readonly allpassesLeft: AllpassFilter[];
  private readonly allpassesRight: AllpassFilter[];
  private readonly monoInput: Float32Array;
  private readonly wetLeft: Float32Array;
  private readonly wetRight: Float32Array;
  private readonly size: ParamSmoother;
  private readonly damping: ParamSmoother;
  private readonly mix: ParamSmoother;

  constructor(sampleRate: number, maxBlockFrames: number, size = 0.5, damping = 0.5, mix = 0.25) {
    const scale = (frames: number): number => Math.max(1, Math.round((frames * sampleRate) / TUNING_SAMPLE_RATE));
    this.combsLeft = COMB_TUNINGS.map((t) => new CombFilter(scale(t)));
    this.combsRight = COMB_TUNINGS.map((t) => new CombFilter(scale(t + STEREO_SPREAD)));
    this.allpassesLeft = ALLPASS_TUNINGS.map((t) => new AllpassFilter(scale(t)));
    this.allpassesRight = ALLPASS_TUNINGS.map((t) => new AllpassFilter(scale(t + STEREO_SPREAD)));
    this.monoInput = new Float32Array(maxBlockFrames);
    this.wetLeft = new Float32Array(maxBlockFrames);
    this.wetRight = new Float32Array(maxBlockFrames);
    // Size and damping are applied once per block: comb feedback moving in
    // 128-frame steps is inaudible, and it keeps the comb loops constant.
    this.size = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, size, 1e-5);
    this.damping = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, damping, 1e-5);
    this.mix = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, mix, 1e-5);
    this.updateCombs();
  }

  setSize(size: number): void {
    this.size.setTarget(size);
  }

  setDamping(damping: number): void {
    this.damping.setTarget(damping);
  }

  setMix(mix: number): void {
    this.mix.setTarget(mix);
  }

  /** `end - start` must not exceed the maxBlockFrames given at construction (FxChain guarantees it). */
  process(left: Float32Array, right: Float32Array, start: number, end: number): void {
    const frames = end - start;
    if (!this.size.settled || !this.damping.settled) {
      this.size.advance(frames);
      this.damping.advance(frames);
      this.updateCombs();
    }
    const mono = this.monoInput;
    const wetLeft = this.wetLeft;
    const wetRight = this.wetRight;
    for (let j = 0; j < frames; j++) {
      mono[j] = ((left[start + j] as number) + (right[start + j] as number)) * FIXED_GAIN;
      wetLeft[j] = 0;
      wetRight[j] = 0;
    }
    for (let c = 0; c < this.combsLeft.length; c++) {
      (this.combsLeft[c] as CombFilter).accumulate(mono, wetLeft, frames);
      (this.combsRight[c] as CombFilter).accumulate(mono, wetRight, frames);
    }
    for (let a = 0; a < this.allpassesLeft.length; a++) {
      (this.allpassesLeft[a] as AllpassFilter).processInPlace(wetLeft, frames);
      (this.allpassesRight[a] as AllpassFilter).processInPlace(wetRight, frames);
    }
    for (let j = 0; j < frames; j++) {
      const mix = this.mix.next();
      const i = start + j;
      const xl = left[i] as number;
      const xr = right[i] as number;
      left[i] = xl + ((wetLeft[j] as number) * WET_GAIN - xl) * mix;
      right[i] = xr + ((wetRight[j] as number) * WET_GAIN - xr) * mix;
    }
  }

  reset(): void {
    for (const comb of this.combsLeft) comb.clear();
    for (const comb of this.combsRight) comb.clear();
    for (const allpass of this.allpassesLeft) allpass.clear();
    for (const allpass of this.allpassesRight) allpass.clear();
  }

  settle(): void {
    this.size.settle();
    this.damping.settle();
    this.mix.settle();
    this.updateCombs();
  }

  private updateCombs(): void {
    const feedback = this.size.value * SCALE_ROOM + OFFSET_ROOM;
    const damp = this.damping.value * SCALE_DAMP;
    for (let c = 0; c < this.combsLeft.length; c++) {
      const left = this.combsLeft[c] as CombFilter;
      const right = this.combsRight[c] as CombFilter;
      left.feedback = right.feedback = feedback;
      left.damp = right.damp = damp;
    }
  }
}
