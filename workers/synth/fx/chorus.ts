import { blockBuffers } from '../engine/block-buffers';
import { DelayLine } from './delay-line';
import { DEFAULT_SMOOTHING_MS, ParamSmoother } from './param-smoother';
import type { StereoEffect } from './stereo-effect';

/**
 * Chorus: each channel is mixed with a copy of itself read from a delay that
 * a sine LFO sweeps between BASE_DELAY_MS and BASE_DELAY_MS + depth. The right
 * channel's LFO runs a quarter cycle ahead of the left, which is what makes
 * the chorus wide. Depth and mix are smoothed (a jump in delay is a click);
 * rate needs no smoothing because the LFO phase stays continuous.
 *
 * The LFO is a rotating (sin, cos) pair rather than two Math.sin calls per
 * frame: sin drives the left delay and cos, the same wave a quarter cycle
 * ahead, the right. It is renormalised once per block against rounding drift.
 */

const BASE_DELAY_MS = 7;
const MAX_DEPTH_MS = 10;

export class Chorus implements StereoEffect {
  private readonly sampleRate: number;
  private readonly left: DelayLine;
  private readonly right: DelayLine;
  private readonly baseDelay: number;
  /** Sweep width in samples. */
  private readonly depth: ParamSmoother;
  private readonly mix: ParamSmoother;
  // LFO state: the current (sin, cos) and the per-frame rotation.
  private lfoSin = 0;
  private lfoCos = 1;
  private stepSin = 0;
  private stepCos = 1;
  // Per-block scratch: read delays and mix per frame, then the wet reads.
  private readonly delaysLeft: Float64Array;
  private readonly delaysRight: Float64Array;
  private readonly mixes: Float32Array;
  private readonly wetLeft: Float32Array;
  private readonly wetRight: Float32Array;

  constructor(sampleRate: number, maxBlockFrames: number, rateHz = 0.8, depthMs = 3, mix = 0.5) {
    this.sampleRate = sampleRate;
    this.delaysLeft = new Float64Array(maxBlockFrames);
    this.delaysRight = new Float64Array(maxBlockFrames);
    [this.mixes, this.wetLeft, this.wetRight] = blockBuffers(maxBlockFrames, 3);
    const maxDelay = Math.ceil(((BASE_DELAY_MS + MAX_DEPTH_MS) / 1000) * sampleRate) + 1;
    this.left = new DelayLine(maxDelay);
    this.right = new DelayLine(maxDelay);
    this.baseDelay = (BASE_DELAY_MS / 1000) * sampleRate;
    this.depth = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, this.msToSamples(depthMs), 1e-4);
    this.mix = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, mix, 1e-5);
    this.setRate(rateHz);
  }

  setRate(hz: number): void {
    const step = (2 * Math.PI * hz) / this.sampleRate;
    this.stepSin = Math.sin(step);
    this.stepCos = Math.cos(step);
  }

  setDepth(ms: number): void {
    this.depth.setTarget(this.msToSamples(ms));
  }

  setMix(mix: number): void {
    this.mix.setTarget(mix);
  }

  /** `end - start` must not exceed the maxBlockFrames given at construction (FxChain guarantees it). */
  process(left: Float32Array, right: Float32Array, start: number, end: number): void {
    const frames = end - start;
    const base = this.baseDelay;
    const delaysLeft = this.delaysLeft;
    const delaysRight = this.delaysRight;
    const mixes = this.mixes;
    const stepSin = this.stepSin;
    const stepCos = this.stepCos;
    let sin = this.lfoSin;
    let cos = this.lfoCos;
    for (let j = 0; j < frames; j++) {
      const nextSin = sin * stepCos + cos * stepSin;
      cos = cos * stepCos - sin * stepSin;
      sin = nextSin;
      const halfDepth = 0.5 * this.depth.next();
      delaysLeft[j] = base + halfDepth * (1 + sin);
      delaysRight[j] = base + halfDepth * (1 + cos);
      mixes[j] = this.mix.next();
    }
    const norm = 1 / Math.sqrt(sin * sin + cos * cos);
    this.lfoSin = sin * norm;
    this.lfoCos = cos * norm;
    this.left.streamModulated(left, start, end, delaysLeft, this.wetLeft);
    this.right.streamModulated(right, start, end, delaysRight, this.wetRight);
    mixWet(left, this.wetLeft, mixes, start, end);
    mixWet(right, this.wetRight, mixes, start, end);
  }

  reset(): void {
    this.left.clear();
    this.right.clear();
    this.lfoSin = 0;
    this.lfoCos = 1;
  }

  settle(): void {
    this.depth.settle();
    this.mix.settle();
  }

  private msToSamples(ms: number): number {
    return (Math.min(Math.max(ms, 0), MAX_DEPTH_MS) / 1000) * this.sampleRate;
  }
}

/** signal = dry + (wet - dry)·mix, frame by frame. */
function mixWet(signal: Float32Array, wet: Float32Array, mixes: Float32Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const j = i - start;
    const dry = signal[i] as number;
    signal[i] = dry + ((wet[j] as number) - dry) * (mixes[j] as number);
  }
}
