import { DEFAULT_SMOOTHING_MS, ParamSmoother } from './param-smoother';
import type { StereoEffect } from './stereo-effect';

/** Linear gain on both channels, smoothed so moving the volume knob never clicks. */
export class Volume implements StereoEffect {
  private readonly gain: ParamSmoother;

  constructor(sampleRate: number, initialGain = 1) {
    this.gain = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, initialGain, 1e-6);
  }

  setGain(gain: number): void {
    this.gain.setTarget(gain);
  }

  process(left: Float32Array, right: Float32Array, start: number, end: number): void {
    if (this.gain.settled) {
      const g = this.gain.value;
      if (g === 1) return;
      for (let i = start; i < end; i++) {
        left[i] = (left[i] as number) * g;
        right[i] = (right[i] as number) * g;
      }
      return;
    }
    for (let i = start; i < end; i++) {
      const g = this.gain.next();
      left[i] = (left[i] as number) * g;
      right[i] = (right[i] as number) * g;
    }
  }

  reset(): void {
    // No history: a gain has no tail.
  }

  settle(): void {
    this.gain.settle();
  }
}
