/**
 * A mono circular buffer for delay-based effects, sized at construction to a
 * power of two so wrapping is a bit mask. Reads are made *before* the current
 * sample is written: `tap(d)` returns the input from d samples ago, so d ≥ 1,
 * and interpolated reads need d ≥ MIN_CUBIC_DELAY for their four neighbours.
 * Modulated reads come a block at a time (`streamModulated`, `streamCrossfaded`).
 */

/** The smallest fractional delay a cubic read can use before the current sample is written. */
export const MIN_CUBIC_DELAY = 3;

export class DelayLine {
  private readonly buffer: Float32Array;
  private readonly mask: number;
  /** Where the next sample goes. */
  private writeIndex = 0;

  /** Holds at least `maxDelaySamples` of history for cubic reads. */
  constructor(maxDelaySamples: number) {
    let size = 16;
    while (size < maxDelaySamples + MIN_CUBIC_DELAY + 2) size *= 2;
    this.buffer = new Float32Array(size);
    this.mask = size - 1;
  }

  /** The longest delay that can be read. */
  get capacity(): number {
    return this.buffer.length - MIN_CUBIC_DELAY - 2;
  }

  write(sample: number): void {
    this.buffer[this.writeIndex] = sample;
    this.writeIndex = (this.writeIndex + 1) & this.mask;
  }

  /** The input from exactly `delay` samples ago (integer, 1…capacity). */
  tap(delay: number): number {
    return this.buffer[(this.writeIndex - delay) & this.mask] as number;
  }

  /**
   * Streams frames [start, end) of `signal` through the line: for each frame
   * it reads the history `delays[j]` frames back (fractional, ≥ MIN_CUBIC_DELAY),
   * stores that read in `out[j]` (j = i - start), then writes the frame.
   * Block-wise on purpose: the whole loop lives here with no calls that
   * return numbers, so it never boxes a double on the heap, whatever the
   * JIT decides to inline in the caller.
   */
  streamModulated(signal: Float32Array, start: number, end: number, delays: Float64Array, out: Float32Array): void {
    const b = this.buffer;
    const m = this.mask;
    let w = this.writeIndex;
    for (let i = start; i < end; i++) {
      const j = i - start;
      const position = w - (delays[j] as number);
      const base = Math.floor(position);
      const t = position - base;
      const xm1 = b[(base - 1) & m] as number;
      const x0 = b[base & m] as number;
      const x1 = b[(base + 1) & m] as number;
      const x2 = b[(base + 2) & m] as number;
      out[j] = hermite(xm1, x0, x1, x2, t);
      b[w] = signal[i] as number;
      w = (w + 1) & m;
    }
    this.writeIndex = w;
  }

  /**
   * Like streamModulated with two reads crossfaded: out = a·(1 - fades[j]) +
   * b·fades[j], where a is read `delaysA[j]` and b `delaysB[j]` frames back.
   * The second read is skipped while its fade is 0.
   */
  streamCrossfaded(
    signal: Float32Array,
    start: number,
    end: number,
    delaysA: Float64Array,
    delaysB: Float64Array,
    fades: Float32Array,
    out: Float32Array
  ): void {
    const b = this.buffer;
    const m = this.mask;
    let w = this.writeIndex;
    for (let i = start; i < end; i++) {
      const j = i - start;
      let position = w - (delaysA[j] as number);
      let base = Math.floor(position);
      let t = position - base;
      const a = hermite(b[(base - 1) & m] as number, b[base & m] as number, b[(base + 1) & m] as number, b[(base + 2) & m] as number, t);
      const fade = fades[j] as number;
      if (fade === 0) {
        out[j] = a;
      } else {
        position = w - (delaysB[j] as number);
        base = Math.floor(position);
        t = position - base;
        const other = hermite(b[(base - 1) & m] as number, b[base & m] as number, b[(base + 1) & m] as number, b[(base + 2) & m] as number, t);
        out[j] = a + (other - a) * fade;
      }
      b[w] = signal[i] as number;
      w = (w + 1) & m;
    }
    this.writeIndex = w;
  }

  /**
   * Which offset in [shortest, longest] (frames, stepped by `step`, then
   * refined to the frame) makes the history `offset` frames further back best
   * match the `length` frames starting `from` frames ago, by normalised
   * correlation over every `step`-th frame. Negative offsets look nearer to now.
   * Returns `fallback` for silence. Works on the raw buffer and returns an
   * integer so the search allocates nothing (a double returned from a call
   * V8 does not inline is boxed on the heap).
   */
  bestMatchingOffset(from: number, length: number, shortest: number, longest: number, step: number, fallback: number): number {
    const b = this.buffer;
    const m = this.mask;
    const start = this.writeIndex - from;
    let best = fallback;
    let bestScore = 0;
    // Pass 0 scans the grid; pass 1 refines to the frame around the best grid point.
    for (let pass = 0; pass < 2; pass++) {
      const low = pass === 0 ? shortest : Math.max(shortest, best - step + 1);
      const high = pass === 0 ? longest : Math.min(longest, best + step - 1);
      const stride = pass === 0 ? step : 1;
      for (let offset = low; offset <= high; offset += stride) {
        let product = 0;
        let energy = 1e-12;
        for (let k = 0; k < length; k += step) {
          const x = b[(start + k) & m] as number;
          const y = b[(start + k - offset) & m] as number;
          product += x * y;
          energy += y * y;
        }
        const score = product / Math.sqrt(energy);
        if (score > bestScore) {
          bestScore = score;
          best = offset;
        }
      }
    }
    return best;
  }

  clear(): void {
    this.buffer.fill(0);
    this.writeIndex = 0;
  }
}

/**
 * 4-point cubic Hermite interpolation between x0 and x1 at fraction t:
 * smoother than linear for modulated reads (less dulling, less aliasing when
 * a chorus or pitch shifter sweeps the read position).
 */
function hermite(xm1: number, x0: number, x1: number, x2: number, t: number): number {
  const c1 = 0.5 * (x1 - xm1);
  const c2 = xm1 - 2.5 * x0 + 2 * x1 - 0.5 * x2;
  const c3 = 0.5 * (x2 - xm1) + 1.5 * (x0 - x1);
  return ((c3 * t + c2) * t + c1) * t + x0;
}
