import { DelayLine, MIN_CUBIC_DELAY } from './delay-line';
import { DEFAULT_SMOOTHING_MS, ParamSmoother } from './param-smoother';
import type { StereoEffect } from './stereo-effect';

/**
 * Real-time pitch shifter on a delay line with two crossfaded read taps.
 *
 * A tap whose delay changes by (1 - ratio) samples per sample resamples the
 * input by `ratio`. The delay cannot shrink or grow forever, so before the
 * sounding tap leaves its range a second tap is started a "jump" further away
 * and the two are crossfaded over SPLICE_MS; then the second tap sounds alone.
 *
 * Where that jump lands decides the quality. A fixed jump (the textbook
 * two-tap shifter) crossfades two copies of a tone at an arbitrary phase and
 * warbles, even cancels, at the splice rate. Here the jump is chosen within
 * SEARCH_MS to maximise the normalised correlation between what the two taps
 * will play (computed on the mid signal, so both channels splice alike and the
 * stereo image holds): sustained notes splice in phase and keep a steady level.
 *
 * At 0 semitones the delay stands still: no splices, a plain 16 ms delay.
 * Output is fully wet; the chain's bypass gives the dry signal.
 */

/** Crossfade length of a splice. */
const SPLICE_MS = 10;
/** Range searched for the best-matching jump: one period of an 83 Hz note. */
const SEARCH_MS = 12;
/** Length of the segments compared when searching. */
const MATCH_MS = 6;
/** Longest jump; splices come every (jump / |1 - ratio|) samples. */
const JUMP_MS = 30;
/**
 * The search runs on a 12 kHz grid (candidate jumps and compared samples),
 * then refines to the exact frame around the best candidate: this finds the
 * phase of every partial that matters for a splice at a sixteenth of the cost
 * of a full-rate search (a splice costs a few tens of µs at 48 kHz).
 */
const SEARCH_GRID_HZ = 12000;
const MIN_DELAY = MIN_CUBIC_DELAY + 1;

export function semitonesToRatio(semitones: number): number {
  return Math.pow(2, semitones / 12);
}

export class PitchShifter implements StereoEffect {
  private readonly left: DelayLine;
  private readonly right: DelayLine;
  /** (left + right) history, only for choosing splice points. */
  private readonly mid: DelayLine;
  private readonly ratio: ParamSmoother;

  private readonly spliceFrames: number;
  private readonly searchFrames: number;
  private readonly matchFrames: number;
  private readonly jumpFrames: number;
  /** Frames between search-grid points. */
  private readonly gridStep: number;
  private readonly maxDelay: number;
  /** Where the sounding tap sits after a reset: the lowest delay a pitch-up splice can start from. */
  private readonly restDelay: number;

  // Mutable fields start with a value: see param-smoother.ts on why that matters to V8.
  /** Delay of the sounding tap, and of the incoming tap during a splice (fractional frames). */
  private delay = 0;
  private incomingDelay = 0;
  /** Splice progress 0…1; 1 means no splice in progress. */
  private splice = 1;

  // Per-block scratch: where each tap reads and how far the splice has faded, then the reads.
  private readonly delays: Float64Array;
  private readonly incomingDelays: Float64Array;
  private readonly fades: Float32Array;
  private readonly shifted: Float32Array;

  constructor(sampleRate: number, maxBlockFrames: number, semitones = 0) {
    this.delays = new Float64Array(maxBlockFrames);
    this.incomingDelays = new Float64Array(maxBlockFrames);
    this.fades = new Float32Array(maxBlockFrames);
    this.shifted = new Float32Array(maxBlockFrames);
    const frames = (ms: number): number => Math.max(1, Math.round((ms / 1000) * sampleRate));
    this.spliceFrames = frames(SPLICE_MS);
    this.searchFrames = frames(SEARCH_MS);
    this.matchFrames = frames(MATCH_MS);
    this.jumpFrames = frames(JUMP_MS);
    this.gridStep = Math.max(1, Math.round(sampleRate / SEARCH_GRID_HZ));
    // Pitch up: a splice starts once the tap, moving at most one frame per frame,
    // would pass restDelay before the splice ends (so up to a splice length above
    // it), and jumps at most jumpFrames further back: that is the whole range.
    this.restDelay = MIN_DELAY + this.matchFrames + this.spliceFrames;
    this.maxDelay = this.restDelay + this.spliceFrames + this.jumpFrames + 1;
    this.left = new DelayLine(this.maxDelay + 2);
    this.right = new DelayLine(this.maxDelay + 2);
    this.mid = new DelayLine(this.maxDelay + 2);
    this.ratio = new ParamSmoother(sampleRate, DEFAULT_SMOOTHING_MS, semitonesToRatio(semitones), 1e-7);
    this.delay = this.restDelay;
  }

  setSemitones(semitones: number): void {
    this.ratio.setTarget(semitonesToRatio(semitones));
  }

  /** `end - start` must not exceed the maxBlockFrames given at construction (FxChain guarantees it). */
  process(left: Float32Array, right: Float32Array, start: number, end: number): void {
    this.planReads(left, right, start, end);
    this.readChannel(this.left, left, start, end);
    this.readChannel(this.right, right, start, end);
  }

  reset(): void {
    this.left.clear();
    this.right.clear();
    this.mid.clear();
    this.delay = this.restDelay;
    this.splice = 1;
  }

  settle(): void {
    this.ratio.settle();
  }

  /**
   * Control pass: moves the taps frame by frame, starts splices, and records
   * each frame's tap delays and crossfade. Also feeds the mid history the
   * splice search reads (it needs the input up to the frame being planned).
   */
  private planReads(left: Float32Array, right: Float32Array, start: number, end: number): void {
    const spliceStep = 1 / this.spliceFrames;
    const minDelay = MIN_DELAY;
    const maxDelay = this.maxDelay;
    const delays = this.delays;
    const incomingDelays = this.incomingDelays;
    const fades = this.fades;
    for (let i = start; i < end; i++) {
      const j = i - start;
      // How much the delay changes per frame: negative raises the pitch.
      const drift = 1 - this.ratio.next();
      if (this.splice >= 1) this.maybeStartSplice(drift);
      this.delay = Math.min(maxDelay, Math.max(minDelay, this.delay + drift));
      delays[j] = this.delay;
      if (this.splice < 1) {
        this.incomingDelay = Math.min(maxDelay, Math.max(minDelay, this.incomingDelay + drift));
        const t = (this.splice = Math.min(1, this.splice + spliceStep));
        // Equal-gain raised-cosine crossfade: right for two taps the search has put in phase.
        const c = Math.cos(0.5 * Math.PI * t);
        fades[j] = 1 - c * c;
        incomingDelays[j] = this.incomingDelay;
        if (t >= 1) this.delay = this.incomingDelay;
      } else {
        fades[j] = 0;
      }
      this.mid.write((left[i] as number) + (right[i] as number));
    }
  }

  /** Audio pass for one channel: reads the planned taps and replaces the input with them. */
  private readChannel(line: DelayLine, signal: Float32Array, start: number, end: number): void {
    const shifted = this.shifted;
    line.streamCrossfaded(signal, start, end, this.delays, this.incomingDelays, this.fades, shifted);
    for (let i = start; i < end; i++) signal[i] = shifted[i - start] as number;
  }

  /** Starts a splice when the sounding tap would run out of range before a splice could finish. */
  private maybeStartSplice(drift: number): void {
    const travel = drift * this.spliceFrames;
    if (drift < 0 && this.delay + travel <= this.restDelay) {
      this.incomingDelay = this.delay + this.bestJump(1);
      this.splice = 0;
    } else if (drift > 0 && this.delay + travel >= this.maxDelay - 1) {
      this.incomingDelay = this.delay - this.bestJump(-1);
      this.splice = 0;
    }
  }

  /**
   * The jump (whole frames, between jumpFrames - searchFrames and jumpFrames)
   * whose segment best matches the one the sounding tap is about to play.
   * `direction` 1 looks further into the past (pitch up), -1 nearer (pitch down).
   */
  private bestJump(direction: 1 | -1): number {
    // `| 0` keeps these small integers, so passing them to the search boxes nothing.
    const from = Math.round(this.delay) | 0;
    // The sounding tap plays from `from` frames ago towards now; stay inside the written history.
    const length = Math.min(this.matchFrames, from - 1) | 0;
    const longest = this.jumpFrames;
    const shortest = longest - this.searchFrames;
    const middle = (shortest + this.searchFrames / 2) | 0;
    if (direction === 1) return this.mid.bestMatchingOffset(from, length, shortest, longest, this.gridStep, middle);
    return -this.mid.bestMatchingOffset(from, length, -longest, -shortest, this.gridStep, -middle);
  }
}
