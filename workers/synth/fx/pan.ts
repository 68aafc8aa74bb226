import { DEFAULT_SMOOTHING_MS, ParamSmoother } from './param-smoother';
import type { StereoEffect } from './stereo-effect';

/**
 * Constant-power pan (sin/cos law): left = cos θ, right = sin θ with
 * θ = (position + 1)·π/4, so the centre is -3 dB (0.7071) on each side and the
 * loudness stays the same as a sound moves. Applied to a stereo signal it acts
 * as a balance: hard left silences the right channel.
 */
export class Pan implements StereoEffect {
  private readonly position: ParamSmoother;
  private leftGain = Math.SQRT1_2;
  private rightGain = Math.SQRT1_2;

  constructor(sampleRate: number, initialPosition = 0) {
    this.position = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, initialPosition, 1e-6);
    this.updateGains(initialPosition);
  }

  setPosition(position: number): void {
    this.position.setTarget(position);
  }

  process(left: Float32Array, right: Float32Array, start: number, end: number): void {
    if (this.position.settled) {
      const gl = this.leftGain;
      const gr = this.rightGain;
      for (let i = start; i < end; i++) {
        left[i] = (left[i] as number) * gl;
        right[i] = (right[i] as number) * gr;
      }
      return;
    }
    // While the knob glides the gains follow per sample (two trig calls only during a glide).
    for (let i = start; i < end; i++) {
      this.updateGains(this.position.next());
      left[i] = (left[i] as number) * this.leftGain;
      right[i] = (right[i] as number) * this.rightGain;
    }
  }

  reset(): void {
    // No history.
  }

  settle(): void {
    this.position.settle();
    this.updateGains(this.position.value);
  }

  private updateGains(position: number): void {
    const theta = (position + 1) * (Math.PI / 4);
    this.leftGain = Math.cos(theta);
    this.rightGain = Math.sin(theta);
  }
}
