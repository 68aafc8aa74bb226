import { blockBuffers } from '../engine/block-buffers';
import { DEFAULT_SMOOTHING_MS, ParamSmoother } from './param-smoother';
import type { StereoEffect } from './stereo-effect';

/**
 * Freeverb-style reverb (Jezar's public-domain design): the input, summed to
 * mono, feeds eight parallel low-pass feedback combs and then four series
 * allpasses per channel. The right channel's delays are STEREO_SPREAD samples
 * longer, which decorrelates the two sides. Delay lengths are Freeverb's
 * 44.1 kHz tunings scaled to the running sample rate, so the room sounds the
 * same at 48 or 96 kHz. Size sets comb feedback (longer tail); damping sets
 * the comb low-pass (darker, quieter tail). The filters run over the whole
 * block at a time (combs four at once), which keeps their state in locals and
 * is several times faster in JavaScript than stepping twenty-four filter
 * objects per sample.
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
/**
 * A constant far below hearing (-340 dBFS) added to the reverb's input. The
 * combs and allpasses then settle on it instead of decaying into subnormal
 * numbers (which x86 computes up to 100× slower), so the filters need no
 * per-sample flush: that test cost as much as the filters themselves.
 */
const ANTI_DENORMAL = 1e-17;
const IDLE_LEVEL = 1e-7;

/**
 * Four of one channel's low-pass feedback combs, stepped together: each comb
 * is a chain of dependent multiply-adds (its filter state), so one comb per
 * loop waits on the latency of its own arithmetic, while four independent
 * chains in one loop overlap (measured ~2× faster than one comb at a time).
 */
class CombQuad {
  private readonly buffer0: Float32Array;
  private readonly buffer1: Float32Array;
  private readonly buffer2: Float32Array;
  private readonly buffer3: Float32Array;
  private index0 = 0;
  private index1 = 0;
  private index2 = 0;
  private index3 = 0;
  private store0 = 0;
  private store1 = 0;
  private store2 = 0;
  private store3 = 0;
  feedback = 0;
  damp = 0;

  constructor(lengths: readonly number[]) {
    this.buffer0 = new Float32Array(lengths[0] as number);
    this.buffer1 = new Float32Array(lengths[1] as number);
    this.buffer2 = new Float32Array(lengths[2] as number);
    this.buffer3 = new Float32Array(lengths[3] as number);
  }

  /** Adds the four combs' output for `frames` input samples onto `output`. */
  accumulate(input: Float32Array, output: Float32Array, frames: number): void {
    const b0 = this.buffer0;
    const b1 = this.buffer1;
    const b2 = this.buffer2;
    const b3 = this.buffer3;
    const n0 = b0.length;
    const n1 = b1.length;
    const n2 = b2.length;
    const n3 = b3.length;
    const feedback = this.feedback;
    const damp = this.damp;
    const keep = 1 - damp;
    let i0 = this.index0;
    let i1 = this.index1;
    let i2 = this.index2;
    let i3 = this.index3;
    let s0 = this.store0;
    let s1 = this.store1;
    let s2 = this.store2;
    let s3 = this.store3;
    for (let j = 0; j < frames; j++) {
      const x = input[j] as number;
      const y0 = b0[i0] as number;
      const y1 = b1[i1] as number;
      const y2 = b2[i2] as number;
      const y3 = b3[i3] as number;
      s0 = y0 * keep + s0 * damp;
      s1 = y1 * keep + s1 * damp;
      s2 = y2 * keep + s2 * damp;
      s3 = y3 * keep + s3 * damp;
      b0[i0] = x + s0 * feedback;
      b1[i1] = x + s1 * feedback;
      b2[i2] = x + s2 * feedback;
      b3[i3] = x + s3 * feedback;
      if (++i0 === n0) i0 = 0;
      if (++i1 === n1) i1 = 0;
      if (++i2 === n2) i2 = 0;
      if (++i3 === n3) i3 = 0;
      output[j] = (output[j] as number) + (y0 + y1 + (y2 + y3));
    }
    this.index0 = i0;
    this.index1 = i1;
    this.index2 = i2;
    this.index3 = i3;
    this.store0 = s0;
    this.store1 = s1;
    this.store2 = s2;
    this.store3 = s3;
  }

  clear(): void {
    this.buffer0.fill(0);
    this.buffer1.fill(0);
    this.buffer2.fill(0);
    this.buffer3.fill(0);
    this.index0 = this.index1 = this.index2 = this.index3 = 0;
    this.store0 = this.store1 = this.store2 = this.store3 = 0;
  }
}

/**
 * A left and a right allpass of the same stage, stepped together (they are
 * independent, so one loop does both for little more than the cost of one).
 */
class AllpassPair {
  private readonly left: Float32Array;
  private readonly right: Float32Array;
  private indexLeft = 0;
  private indexRight = 0;

  constructor(lengthLeft: number, lengthRight: number) {
    this.left = new Float32Array(lengthLeft);
    this.right = new Float32Array(lengthRight);
  }

  processInPlace(signalLeft: Float32Array, signalRight: Float32Array, frames: number): void {
    const bl = this.left;
    const br = this.right;
    const nl = bl.length;
    const nr = br.length;
    let il = this.indexLeft;
    let ir = this.indexRight;
    for (let j = 0; j < frames; j++) {
      const inL = signalLeft[j] as number;
      const inR = signalRight[j] as number;
      const dl = bl[il] as number;
      const dr = br[ir] as number;
      bl[il] = inL + dl * ALLPASS_FEEDBACK;
      br[ir] = inR + dr * ALLPASS_FEEDBACK;
      if (++il === nl) il = 0;
      if (++ir === nr) ir = 0;
      signalLeft[j] = dl - inL;
      signalRight[j] = dr - inR;
    }
    this.indexLeft = il;
    this.indexRight = ir;
  }

  clear(): void {
    this.left.fill(0);
    this.right.fill(0);
    this.indexLeft = this.indexRight = 0;
  }
}

export class Reverb implements StereoEffect {
  private readonly combsLeft: CombQuad[];
  private readonly combsRight: CombQuad[];
  private readonly allpasses: AllpassPair[];
  private readonly monoInput: Float32Array;
  private readonly wetLeft: Float32Array;
  private readonly wetRight: Float32Array;
  private readonly size: ParamSmoother;
  private readonly damping: ParamSmoother;
  private readonly mix: ParamSmoother;
  /** Cleared and fed silence: nothing to compute until sound comes in. */
  private idle = true;
  private quietFrames = 0;
  private readonly longestPath: number;

  constructor(sampleRate: number, maxBlockFrames: number, size = 0.5, damping = 0.5, mix = 0.25) {
    const scale = (frames: number): number => Math.max(1, Math.round((frames * sampleRate) / TUNING_SAMPLE_RATE));
    const quads = (spread: number): CombQuad[] => [0, 4].map((first) => new CombQuad(COMB_TUNINGS.slice(first, first + 4).map((t) => scale(t + spread))));
    this.combsLeft = quads(0);
    this.longestPath = scale(Math.max(...COMB_TUNINGS) + ALLPASS_TUNINGS.reduce((sum, t) => sum + t, 0) + 2 * STEREO_SPREAD);
    this.combsRight = quads(STEREO_SPREAD);
    this.allpasses = ALLPASS_TUNINGS.map((t) => new AllpassPair(scale(t), scale(t + STEREO_SPREAD)));
    [this.monoInput, this.wetLeft, this.wetRight] = blockBuffers(maxBlockFrames, 3);
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
    let inputPeak = 0;
    for (let j = 0; j < frames; j++) {
      const sum = (left[start + j] as number) + (right[start + j] as number);
      inputPeak = Math.max(inputPeak, Math.abs(sum));
      mono[j] = sum * FIXED_GAIN + ANTI_DENORMAL;
      wetLeft[j] = 0;
      wetRight[j] = 0;
    }
    if (this.idle && inputPeak === 0) {
      // Silence in, the tail long gone: silence out (the dry part is zero too), no filter work.
      this.mix.advance(frames);
      return;
    }
    this.idle = false;
    for (let c = 0; c < this.combsLeft.length; c++) {
      (this.combsLeft[c] as CombQuad).accumulate(mono, wetLeft, frames);
      (this.combsRight[c] as CombQuad).accumulate(mono, wetRight, frames);
    }
    for (let a = 0; a < this.allpasses.length; a++) (this.allpasses[a] as AllpassPair).processInPlace(wetLeft, wetRight, frames);
    for (let j = 0; j < frames; j++) {
      const mix = this.mix.next();
      const i = start + j;
      const xl = left[i] as number;
      const xr = right[i] as number;
      left[i] = xl + ((wetLeft[j] as number) * WET_GAIN - xl) * mix;
      right[i] = xr + ((wetRight[j] as number) * WET_GAIN - xr) * mix;
    }
    // A tail under -140 dBFS for as long as the longest delay path, with nothing coming in,
    // is over (every delay line has been read out below that level): clear it, so silence stays exact zero.
    this.quietFrames = inputPeak === 0 && peak(wetLeft, wetRight, frames) * WET_GAIN < IDLE_LEVEL ? this.quietFrames + frames : 0;
    if (this.quietFrames >= this.longestPath) this.reset();
  }

  reset(): void {
    this.idle = true;
    this.quietFrames = 0;
    for (const comb of this.combsLeft) comb.clear();
    for (const comb of this.combsRight) comb.clear();
    for (const allpass of this.allpasses) allpass.clear();
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
      const left = this.combsLeft[c] as CombQuad;
      const right = this.combsRight[c] as CombQuad;
      left.feedback = right.feedback = feedback;
      left.damp = right.damp = damp;
    }
  }
}

function peak(left: Float32Array, right: Float32Array, frames: number): number {
  let max = 0;
  for (let j = 0; j < frames; j++) max = Math.max(max, Math.abs(left[j] as number), Math.abs(right[j] as number));
  return max;
}
