/**
 * One-pole smoothing of a control value so a knob jump becomes a short glide
 * instead of a step (a step in gain, cutoff or delay is heard as a click or as
 * "zipper" noise). Called per sample (`next`) or per control block (`advance`).
 * Once within `epsilon` of the target the value snaps to it and `settled`
 * becomes true, so callers can take a constant-value path.
 *
 * Fields are initialised where they are declared: a class field declared
 * without a value starts as `undefined`, and V8 then stores every later double
 * in a fresh heap box, one allocation per sample (measured: ~20 KB per block
 * with every knob gliding). Initialised with a number, the box is reused.
 */

/** ln(100): a one-pole covers 99 % of a jump in this many time constants. */
const TIME_CONSTANTS_TO_99_PERCENT = Math.log(100);

export const DEFAULT_SMOOTHING_MS = 15;

export class ParamSmoother {
  private current = 0;
  private goal = 0;
  /** Per-sample decay of the remaining distance to the goal. */
  private readonly decay: number;
  private readonly epsilon: number;

  /**
   * @param timeMs time to cover 99 % of a jump.
   * @param epsilon distance below which the value snaps to the goal, in the value's own unit.
   */
  constructor(sampleRate: number, timeMs: number, initial: number, epsilon = 1e-6) {
    const samples = Math.max(1, (timeMs / 1000) * sampleRate);
    this.decay = Math.exp(-TIME_CONSTANTS_TO_99_PERCENT / samples);
    this.current = initial;
    this.goal = initial;
    this.epsilon = epsilon;
  }

  get value(): number {
    return this.current;
  }

  get target(): number {
    return this.goal;
  }

  get settled(): boolean {
    return this.current === this.goal;
  }

  setTarget(value: number): void {
    this.goal = value;
  }

  /** Jumps to a value with no glide (used after a reset or a restore, when there is no sound to click). */
  snapTo(value: number): void {
    this.goal = value;
    this.current = value;
  }

  /** Jumps to the current target. */
  settle(): void {
    this.current = this.goal;
  }

  /** Advances one sample and returns the new value. */
  next(): number {
    const current = this.current;
    const goal = this.goal;
    if (current === goal) return current;
    const distance = (current - goal) * this.decay;
    const value = Math.abs(distance) < this.epsilon ? goal : goal + distance;
    this.current = value;
    return value;
  }

  /**
   * Advances `frames` samples at once, for parameters updated at control rate;
   * read the result from `value`. Returns nothing on purpose: a double returned
   * from a call V8 does not inline is boxed on the heap.
   */
  advance(frames: number): void {
    const current = this.current;
    const goal = this.goal;
    if (current === goal) return;
    const distance = (current - goal) * Math.pow(this.decay, frames);
    this.current = Math.abs(distance) < this.epsilon ? goal : goal + distance;
  }
}
