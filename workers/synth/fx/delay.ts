import { DelayLine } from './delay-line';
import { flushDenormal } from './denormal';
import { DEFAULT_SMOOTHING_MS, ParamSmoother } from './param-smoother';
import type { StereoEffect } from './stereo-effect';

/**
 * Feedback echo with up to MAX_DELAY_SECONDS per channel, allocated once.
 * Each echo is `feedback` times the previous one. In ping-pong mode the input
 * is summed to mono and enters the left line; each line feeds the other, so
 * echoes alternate left, right, left…
 *
 * A change of delay time does not sweep the read position (that would be a
 * pitch chirp across up to two seconds): the old and the new tap are
 * crossfaded over TIME_FADE_MS, and a newer time waits for the running fade.
 * Feedback, mix and the ping-pong routing are smoothed.
 */

export const MAX_DELAY_SECONDS = 2;
const TIME_FADE_MS = 25;

export class Delay implements StereoEffect {
  private readonly sampleRate: number;
  private readonly left: DelayLine;
  private readonly right: DelayLine;
  private readonly maxDelay: number;

  // Mutable fields start with a value: see param-smoother.ts on why that matters to V8.
  /** The tap that sounds, the tap being faded in, and the latest requested delay, in whole frames. */
  private delay = 1;
  private incomingDelay = 1;
  private requestedDelay = 1;
  /** Progress of a time crossfade, 0…1; 1 means none in progress. */
  private timeFade = 1;
  private readonly timeFadeStep: number;

  private readonly feedback: ParamSmoother;
  private readonly mix: ParamSmoother;
  /** 0 = two independent lines, 1 = ping-pong routing; in between while switching. */
  private readonly pingPong: ParamSmoother;

  constructor(sampleRate: number, timeMs = 350, feedback = 0.35, mix = 0.3, pingPong = false) {
    this.sampleRate = sampleRate;
    this.maxDelay = Math.ceil(MAX_DELAY_SECONDS * sampleRate);
    this.left = new DelayLine(this.maxDelay);
    this.right = new DelayLine(this.maxDelay);
    this.delay = this.incomingDelay = this.requestedDelay = this.msToFrames(timeMs);
    this.timeFadeStep = 1 / Math.max(1, (TIME_FADE_MS / 1000) * sampleRate);
    this.feedback = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, feedback, 1e-5);
    this.mix = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, mix, 1e-5);
    this.pingPong = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, pingPong ? 1 : 0, 1e-4);
  }

  setTime(ms: number): void {
    this.requestedDelay = this.msToFrames(ms);
  }

  setFeedback(feedback: number): void {
    this.feedback.setTarget(feedback);
  }

  setMix(mix: number): void {
    this.mix.setTarget(mix);
  }

  setPingPong(on: boolean): void {
    this.pingPong.setTarget(on ? 1 : 0);
  }

  process(left: Float32Array, right: Float32Array, start: number, end: number): void {
    const lineLeft = this.left;
    const lineRight = this.right;
    for (let i = start; i < end; i++) {
      if (this.timeFade >= 1 && this.requestedDelay !== this.delay) {
        this.incomingDelay = this.requestedDelay;
        this.timeFade = 0;
      }
      let echoLeft: number;
      let echoRight: number;
      if (this.timeFade < 1) {
        const t = (this.timeFade = Math.min(1, this.timeFade + this.timeFadeStep));
        const oldLeft = lineLeft.tap(this.delay);
        const oldRight = lineRight.tap(this.delay);
        echoLeft = oldLeft + (lineLeft.tap(this.incomingDelay) - oldLeft) * t;
        echoRight = oldRight + (lineRight.tap(this.incomingDelay) - oldRight) * t;
        if (t >= 1) this.delay = this.incomingDelay;
      } else {
        echoLeft = lineLeft.tap(this.delay);
        echoRight = lineRight.tap(this.delay);
      }

      const feedback = this.feedback.next();
      const mix = this.mix.next();
      const pingPong = this.pingPong.next();
      const xl = left[i] as number;
      const xr = right[i] as number;
      // Straight: each line hears its own channel and its own echo.
      // Ping-pong: left hears the mono input and the right echo; right hears only the left echo.
      const inputLeft = xl + (0.5 * (xl + xr) - xl) * pingPong;
      const inputRight = xr * (1 - pingPong);
      const returnLeft = echoLeft + (echoRight - echoLeft) * pingPong;
      const returnRight = echoRight + (echoLeft - echoRight) * pingPong;
      lineLeft.write(flushDenormal(inputLeft + feedback * returnLeft));
      lineRight.write(flushDenormal(inputRight + feedback * returnRight));

      left[i] = xl + (echoLeft - xl) * mix;
      right[i] = xr + (echoRight - xr) * mix;
    }
  }

  reset(): void {
    this.left.clear();
    this.right.clear();
  }

  settle(): void {
    this.delay = this.incomingDelay = this.requestedDelay;
    this.timeFade = 1;
    this.feedback.settle();
    this.mix.settle();
    this.pingPong.settle();
  }

  private msToFrames(ms: number): number {
    return Math.min(this.maxDelay, Math.max(1, Math.round((ms / 1000) * this.sampleRate)));
  }
}
