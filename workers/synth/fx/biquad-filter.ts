import { flushDenormal } from './denormal';
import { FilterType } from './fx-params';
import { DEFAULT_SMOOTHING_MS, ParamSmoother } from './param-smoother';
import type { StereoEffect } from './stereo-effect';

/**
 * Resonant low-, high- or band-pass filter on both channels with the RBJ
 * "Audio EQ Cookbook" responses (band-pass is the constant 0 dB peak form):
 * the bilinear transform, prewarped at the cutoff, of the analog prototype
 * 1 / (s² + s/Q + 1).
 *
 * The biquad is realised as a trapezoidal state-variable filter (Simper's
 * "linear trapezoidal SVF"), not in direct form. The transfer function is the
 * same, but a direct-form state is only valid for the coefficients that made
 * it: sweeping the cutoff of a direct-form biquad from fully open bursts at up
 * to a tenth of full scale, while the SVF's state (two integrator memories)
 * stays meaningful when the cutoff moves. The SVF also yields all three
 * responses from one state, so a type change is a short crossfade of outputs.
 *
 * Cutoff glides on a log scale so a sweep sounds even; coefficients (one tan)
 * are recomputed every CONTROL_INTERVAL frames, and only while cutoff or Q are
 * still gliding.
 */

/** Frames between coefficient updates while cutoff or Q glide (3 kHz control rate at 48 kHz). */
const CONTROL_INTERVAL = 16;
const TYPE_FADE_MS = 10;
/** Keeps the cutoff below Nyquist at low sample rates (tan() diverges at Nyquist). */
const MAX_CUTOFF_FRACTION_OF_RATE = 0.49;

export class BiquadFilter implements StereoEffect {
  private readonly sampleRate: number;
  private readonly logCutoff: ParamSmoother;
  private readonly q: ParamSmoother;

  // SVF coefficients: k = 1/Q, g = tan(π·cutoff/rate), a1…a3 derived.
  private k = 1;
  private a1 = 0;
  private a2 = 0;
  private a3 = 0;

  // Mutable fields start with a value: see param-smoother.ts on why that matters to V8.
  private type: FilterType = FilterType.Lowpass;
  private incomingType: FilterType = FilterType.Lowpass;
  private requestedType: FilterType = FilterType.Lowpass;
  /** Progress of a type crossfade, 0…1; 1 means none in progress. */
  private typeFade = 1;
  private readonly typeFadeStep: number;

  // Integrator memories per channel.
  private left1 = 0;
  private left2 = 0;
  private right1 = 0;
  private right2 = 0;

  constructor(sampleRate: number, type: FilterType = FilterType.Lowpass, cutoffHz = 20000, q = Math.SQRT1_2) {
    this.sampleRate = sampleRate;
    this.logCutoff = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, Math.log(this.clampCutoff(cutoffHz)), 1e-4);
    this.q = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, q, 1e-4);
    this.type = this.incomingType = this.requestedType = type;
    this.typeFadeStep = 1 / Math.max(1, (TYPE_FADE_MS / 1000) * sampleRate);
    this.updateCoefficients();
  }

  setCutoff(hz: number): void {
    this.logCutoff.setTarget(Math.log(this.clampCutoff(hz)));
  }

  setResonance(q: number): void {
    this.q.setTarget(q);
  }

  setType(type: FilterType): void {
    this.requestedType = type;
  }

  process(left: Float32Array, right: Float32Array, start: number, end: number): void {
    let i = start;
    while (i < end) {
      if (this.typeFade >= 1 && this.requestedType !== this.type) {
        this.incomingType = this.requestedType;
        this.typeFade = 0;
      }
      const gliding = !this.logCutoff.settled || !this.q.settled;
      const chunkEnd = gliding ? Math.min(end, i + CONTROL_INTERVAL) : end;
      if (gliding) {
        this.logCutoff.advance(chunkEnd - i);
        this.q.advance(chunkEnd - i);
        this.updateCoefficients();
      }
      this.processRange(left, right, i, chunkEnd);
      i = chunkEnd;
    }
    this.left1 = flushDenormal(this.left1);
    this.left2 = flushDenormal(this.left2);
    this.right1 = flushDenormal(this.right1);
    this.right2 = flushDenormal(this.right2);
  }

  reset(): void {
    this.left1 = this.left2 = this.right1 = this.right2 = 0;
  }

  settle(): void {
    this.logCutoff.settle();
    this.q.settle();
    this.type = this.incomingType = this.requestedType;
    this.typeFade = 1;
    this.updateCoefficients();
  }

  private processRange(left: Float32Array, right: Float32Array, start: number, end: number): void {
    const { k, a1, a2, a3 } = this;
    // Output = low·wl + band·wb + high·wh; the weights blend two types during a fade.
    let t = this.typeFade;
    const fading = t < 1;
    let wl = 0;
    let wb = 0;
    let wh = 0;
    let l1 = this.left1;
    let l2 = this.left2;
    let r1 = this.right1;
    let r2 = this.right2;
    for (let i = start; i < end; i++) {
      if (fading || i === start) {
        if (fading) t = Math.min(1, t + this.typeFadeStep);
        wl = typeWeight(FilterType.Lowpass, this.type, this.incomingType, t);
        wb = typeWeight(FilterType.Bandpass, this.type, this.incomingType, t) * k;
        wh = typeWeight(FilterType.Highpass, this.type, this.incomingType, t);
      }
      const xl = left[i] as number;
      const vl3 = xl - l2;
      const vl1 = a1 * l1 + a2 * vl3;
      const vl2 = l2 + a2 * l1 + a3 * vl3;
      l1 = 2 * vl1 - l1;
      l2 = 2 * vl2 - l2;
      left[i] = wl * vl2 + wb * vl1 + wh * (xl - k * vl1 - vl2);

      const xr = right[i] as number;
      const vr3 = xr - r2;
      const vr1 = a1 * r1 + a2 * vr3;
      const vr2 = r2 + a2 * r1 + a3 * vr3;
      r1 = 2 * vr1 - r1;
      r2 = 2 * vr2 - r2;
      right[i] = wl * vr2 + wb * vr1 + wh * (xr - k * vr1 - vr2);
    }
    this.left1 = l1;
    this.left2 = l2;
    this.right1 = r1;
    this.right2 = r2;
    if (fading) {
      this.typeFade = t;
      if (t >= 1) this.type = this.incomingType;
    }
  }

  private updateCoefficients(): void {
    const cutoff = Math.exp(this.logCutoff.value);
    const g = Math.tan((Math.PI * cutoff) / this.sampleRate);
    this.k = 1 / this.q.value;
    this.a1 = 1 / (1 + g * (g + this.k));
    this.a2 = g * this.a1;
    this.a3 = g * this.a2;
  }

  private clampCutoff(hz: number): number {
    return Math.min(Math.max(hz, 1), this.sampleRate * MAX_CUTOFF_FRACTION_OF_RATE);
  }
}

/** How much of `output` sounds while fading from `from` to `to` (progress t). */
function typeWeight(output: FilterType, from: FilterType, to: FilterType, t: number): number {
  return (output === from ? 1 - t : 0) + (output === to ? t : 0);
}
