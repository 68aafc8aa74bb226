import { blockBuffers } from '../engine/block-buffers';
import type { StereoEffect } from './stereo-effect';

/**
 * Switches an effect in and out of the chain without a click. Fully off costs
 * nothing (the effect is not run); fully on runs the effect in place with no
 * copy. In between, over TOGGLE_FADE_MS, the output is
 *   dry·(1 - g) + g·effect(g·dry)
 * with g ramping linearly: the effect's *input* is faded too, so an echo, a
 * pitch-shifted copy or a reverb tail starts from silence instead of from the
 * middle of a waveform. An effect switched on from fully off starts with
 * cleared history and settled parameters (nothing stale, no glide from old values).
 */

const TOGGLE_FADE_MS = 10;

export class BypassCrossfade {
  readonly effect: StereoEffect;
  // Mutable fields start with a value: see param-smoother.ts on why that matters to V8.
  private gain = 0;
  private goal = 0;
  private readonly step: number;
  private readonly dryLeft: Float32Array;
  private readonly dryRight: Float32Array;
  private readonly gains: Float32Array;

  constructor(effect: StereoEffect, sampleRate: number, maxBlockFrames: number, enabled = false) {
    this.effect = effect;
    this.gain = this.goal = enabled ? 1 : 0;
    this.step = 1 / Math.max(1, (TOGGLE_FADE_MS / 1000) * sampleRate);
    [this.dryLeft, this.dryRight, this.gains] = blockBuffers(maxBlockFrames, 3);
  }

  get enabled(): boolean {
    return this.goal === 1;
  }

  setEnabled(on: boolean): void {
    if (on && this.gain === 0 && this.goal === 0) {
      this.effect.reset();
      this.effect.settle();
    }
    this.goal = on ? 1 : 0;
  }

  /** `end - start` must not exceed maxBlockFrames (FxChain guarantees it). */
  process(left: Float32Array, right: Float32Array, start: number, end: number): void {
    if (this.gain === this.goal) {
      if (this.gain === 1) this.effect.process(left, right, start, end);
      return;
    }
    const dryLeft = this.dryLeft;
    const dryRight = this.dryRight;
    const gains = this.gains;
    const delta = this.goal > this.gain ? this.step : -this.step;
    let g = this.gain;
    for (let i = start; i < end; i++) {
      g = Math.min(1, Math.max(0, g + delta));
      const j = i - start;
      gains[j] = g;
      const xl = left[i] as number;
      const xr = right[i] as number;
      dryLeft[j] = xl;
      dryRight[j] = xr;
      left[i] = xl * g;
      right[i] = xr * g;
    }
    this.gain = g;
    this.effect.process(left, right, start, end);
    for (let i = start; i < end; i++) {
      const j = i - start;
      const gj = gains[j] as number;
      left[i] = (dryLeft[j] as number) * (1 - gj) + (left[i] as number) * gj;
      right[i] = (dryRight[j] as number) * (1 - gj) + (right[i] as number) * gj;
    }
  }

  reset(): void {
    this.effect.reset();
  }

  settle(): void {
    this.gain = this.goal;
    this.effect.settle();
  }
}
