import type { Envelope } from '../instruments/instrument-model';

/** Envelope stages in playing order; `Done` frees the voice. */
export const Stage = { Delay: 0, Attack: 1, Hold: 2, Decay: 3, Sustain: 4, Release: 5, Done: 6 } as const;
export type Stage = (typeof Stage)[keyof typeof Stage];

/** Below this level a releasing voice is inaudible (-100 dB) and ends. */
const SILENCE = 1e-5;

/**
 * A DAHDSR amplitude envelope advanced per sample. Attack is linear (what
 * players expect of "attack time"); decay and release are exponential, as
 * in SF2/SFZ, expressed as a per-sample multiplier toward the target.
 * No allocation: a voice owns one and re-arms it on every note.
 */
export class EnvelopeState {
  stage: Stage = Stage.Done as Stage;
  level = 0;
  #remaining = 0;
  #attackStep = 0;
  #decayCoef = 0;
  #releaseCoef = 0;
  #sustain = 1;
  #hold = 0;
  #sampleRate = 48000;

  /** `attackScale`/`releaseScale` stretch the instrument's own times (the part's knobs). */
  start(envelope: Envelope, sampleRate: number, attackScale = 1): void {
    this.#sampleRate = sampleRate;
    this.#sustain = Math.min(1, Math.max(0, envelope.sustain));
    this.#hold = Math.round(envelope.hold * sampleRate);
    const attackFrames = Math.max(1, Math.round(envelope.attack * attackScale * sampleRate));
    this.#attackStep = 1 / attackFrames;
    this.#decayCoef = timeConstantCoef(envelope.decay, sampleRate);
    this.#releaseCoef = timeConstantCoef(envelope.release, sampleRate);
    this.level = 0;
    this.#remaining = Math.round(envelope.delay * sampleRate);
    this.stage = this.#remaining > 0 ? Stage.Delay : Stage.Attack;
  }

  /** Enters release; `timeScale` stretches the release time (a coefficient to the power 1/scale). */
  release(timeScale = 1): void {
    if (this.stage === Stage.Done || this.stage === Stage.Release) return;
    if (timeScale !== 1 && timeScale > 0) this.#releaseCoef = Math.pow(this.#releaseCoef, 1 / timeScale);
    this.stage = Stage.Release;
  }

  /** A fast release used to choke a voice (exclusive groups, stop all). */
  choke(seconds = 0.005): void {
    this.#releaseCoef = timeConstantCoef(seconds, this.#sampleRate);
    if (this.stage !== Stage.Done) this.stage = Stage.Release;
  }

  get active(): boolean {
    return this.stage !== Stage.Done;
  }

  /**
   * Advances up to `maxFrames` samples at once, stopping early at a stage
   * boundary, and returns how many it covered. `segmentStart` is the level
   * before and `level` the level after; a voice ramps linearly between them,
   * which is exact for attack, hold and sustain and, for the exponential decay
   * and release, within a fraction of a dB over one block (control rate, as
   * samplers do). Stage changes land on the exact sample, as with `next`.
   */
  advance(maxFrames: number): number {
    this.segmentStart = this.level;
    switch (this.stage) {
      case Stage.Delay: {
        const frames = Math.min(maxFrames, Math.max(1, this.#remaining));
        this.#remaining -= frames;
        if (this.#remaining <= 0) this.stage = Stage.Attack;
        return frames;
      }
      case Stage.Attack: {
        const toTop = Math.max(1, Math.ceil((1 - this.level) / this.#attackStep - 1e-9));
        const frames = Math.min(maxFrames, toTop);
        this.level += this.#attackStep * frames;
        if (frames === toTop || this.level >= 1) {
          this.level = 1;
          this.#remaining = this.#hold;
          this.stage = this.#remaining > 0 ? Stage.Hold : Stage.Decay;
        }
        return frames;
      }
      case Stage.Hold: {
        const frames = Math.min(maxFrames, Math.max(1, this.#remaining));
        this.#remaining -= frames;
        if (this.#remaining <= 0) this.stage = Stage.Decay;
        return frames;
      }
      case Stage.Decay:
        this.level = this.#sustain + (this.level - this.#sustain) * Math.pow(this.#decayCoef, maxFrames);
        if (this.level - this.#sustain < SILENCE) {
          this.level = this.#sustain;
          this.stage = this.#sustain <= SILENCE ? Stage.Done : Stage.Sustain;
        }
        return maxFrames;
      case Stage.Sustain:
        return maxFrames;
      case Stage.Release:
        this.level *= Math.pow(this.#releaseCoef, maxFrames);
        if (this.level < SILENCE) {
          this.level = 0;
          this.stage = Stage.Done;
        }
        return maxFrames;
      default:
        return maxFrames;
    }
  }

  /** The level before the last `advance` (the start of its ramp). */
  segmentStart = 0;

  /** Advances one sample and returns the level to apply to it. */
  next(): number {
    switch (this.stage) {
      case Stage.Delay:
        if (--this.#remaining <= 0) this.stage = Stage.Attack;
        return 0;
      case Stage.Attack:
        this.level += this.#attackStep;
        if (this.level >= 1) {
          this.level = 1;
          this.#remaining = this.#hold;
          this.stage = this.#remaining > 0 ? Stage.Hold : Stage.Decay;
        }
        return this.level;
      case Stage.Hold:
        if (--this.#remaining <= 0) this.stage = Stage.Decay;
        return this.level;
      case Stage.Decay:
        this.level = this.#sustain + (this.level - this.#sustain) * this.#decayCoef;
        if (this.level - this.#sustain < SILENCE) {
          this.level = this.#sustain;
          this.stage = this.#sustain <= SILENCE ? Stage.Done : Stage.Sustain;
        }
        return this.level;
      case Stage.Sustain:
        return this.level;
      case Stage.Release:
        this.level *= this.#releaseCoef;
        if (this.level < SILENCE) {
          this.level = 0;
          this.stage = Stage.Done;
        }
        return this.level;
      default:
        return 0;
    }
  }
}

/**
 * Per-sample multiplier so an exponential segment falls to -60 dB in `seconds`
 * (the usual meaning of "decay/release time" in samplers).
 */
export function timeConstantCoef(seconds: number, sampleRate: number): number {
  const frames = Math.max(1, seconds * sampleRate);
  return Math.exp(Math.log(0.001) / frames);
}
