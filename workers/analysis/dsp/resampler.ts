/**
 * A streaming polyphase windowed-sinc resampler (Smith, "Digital Audio
 * Resampling", 2002; the exact-ratio polyphase form of Crochiere & Rabiner).
 * Workers have no AudioContext/OfflineAudioContext, so the analysis copy
 * (22.05 kHz for Basic Pitch and the DSP features, 16 kHz for the VAD) is made
 * here. For integer rates the ratio out/in reduces to L/M with L ≤ 22050, so a
 * table of L phases is exact: no phase interpolation noise. A Kaiser window
 * (β = 9, about 90 dB side lobes) over 24 zero crossings gives > 80 dB of
 * alias rejection with the pass band flat to 90 % of the lower Nyquist.
 *
 * Streaming: the input is treated as one signal split anywhere, so feeding it
 * in chunks yields exactly (bit for bit) what feeding it whole yields.
 */

const ZERO_CROSSINGS = 24;
const KAISER_BETA = 9;
/** Cut-off as a fraction of the lower Nyquist: the last 10 % is the transition band. */
const ROLLOFF = 0.9;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

export class Resampler {
  readonly up: number;
  readonly down: number;
  /** Taps per phase. */
  readonly taps: number;
  private readonly table: Float32Array;
  /** Input samples not yet fully used; `history[0]` is absolute input index `historyStart`. */
  private history: Float32Array;
  private historyLength: number;
  private historyStart: number;
  /** Next output sample's centre is input index `centre + phase / up`. */
  private centre = 0;
  private phase = 0;
  private inputCount = 0;
  private outputCount = 0;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number
  ) {
    if (!Number.isInteger(inputRate) || !Number.isInteger(outputRate) || inputRate <= 0 || outputRate <= 0) {
      throw new RangeError(`Resampler needs positive integer rates, got ${inputRate} → ${outputRate}`);
    }
    const divisor = gcd(inputRate, outputRate);
    this.up = outputRate / divisor;
    this.down = inputRate / divisor;
    // Cut-off relative to the input rate: below both Nyquists.
    const cutoff = Math.min(1, outputRate / inputRate) * ROLLOFF;
    const half = Math.ceil(ZERO_CROSSINGS / cutoff);
    this.taps = 2 * half;
    this.table = new Float32Array(this.up * this.taps);
    const norm = besselI0(KAISER_BETA);
    for (let p = 0; p < this.up; p++) {
      for (let j = 0; j < this.taps; j++) {
        // Distance (in input samples) from the output instant to input tap j.
        const t = p / this.up + half - 1 - j;
        const r = t / (half + 1);
        const window = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / norm;
        const x = Math.PI * cutoff * t;
        const sinc = x === 0 ? 1 : Math.sin(x) / x;
        this.table[p * this.taps + j] = cutoff * sinc * window;
      }
    }
    // The signal is taken as zero before its start, so output 0 lines up with input 0 (no added delay).
    this.historyStart = -(half - 1);
    this.history = new Float32Array(this.taps * 4);
    this.historyLength = half - 1;
  }

  /** How many output samples `inputLength` input samples make in total (what push + flush return). */
  static outputLength(inputLength: number, inputRate: number, outputRate: number): number {
    return Math.ceil((inputLength * outputRate) / inputRate);
  }

  /** Resamples the next piece of input; returns the outputs it completes. */
  push(input: Float32Array): Float32Array {
    this.append(input);
    this.inputCount += input.length;
    return this.drain(this.inputCount);
  }

  /** Completes the signal (zeros after the end) and returns the remaining outputs. */
  flush(): Float32Array {
    const total = Resampler.outputLength(this.inputCount, this.inputRate, this.outputRate);
    this.append(new Float32Array(this.taps));
    const out = this.drain(this.inputCount + this.taps);
    return out.subarray(0, Math.max(0, total - (this.outputCount - out.length)));
  }

  private append(input: Float32Array): void {
    const needed = this.historyLength + input.length;
    if (needed > this.history.length) {
      const grown = new Float32Array(Math.max(needed, this.history.length * 2));
      grown.set(this.history.subarray(0, this.historyLength));
      this.history = grown;
    }
    this.history.set(input, this.historyLength);
    this.historyLength += input.length;
  }

  /** Produces every output whose taps lie below absolute input index `available`. */
  private drain(available: number): Float32Array {
    const half = this.taps / 2;
    // Output n needs inputs up to centre + half; count how many are ready.
    let centre = this.centre;
    let phase = this.phase;
    let count = 0;
    while (centre + half < available) {
      count++;
      phase += this.down;
      centre += Math.floor(phase / this.up);
      phase %= this.up;
    }
    const out = new Float32Array(count);
    const { table, taps, history, up, down } = this;
    for (let n = 0; n < count; n++) {
      const start = this.centre - half + 1 - this.historyStart;
      const row = this.phase * taps;
      let sum = 0;
      for (let j = 0; j < taps; j++) sum += (history[start + j] as number) * (table[row + j] as number);
      out[n] = sum;
      this.phase += down;
      this.centre += Math.floor(this.phase / up);
      this.phase %= up;
    }
    this.outputCount += count;
    // Drop inputs no future output can reach.
    const keepFrom = this.centre - half + 1;
    const drop = Math.max(0, Math.min(this.historyLength, keepFrom - this.historyStart));
    if (drop > 0) {
      history.copyWithin(0, drop, this.historyLength);
      this.historyLength -= drop;
      this.historyStart += drop;
    }
    return out;
  }
}

/** Resamples a whole signal (convenience for tests and short buffers). */
export function resample(input: Float32Array, inputRate: number, outputRate: number): Float32Array {
  if (inputRate === outputRate) return input.slice();
  const resampler = new Resampler(inputRate, outputRate);
  const head = resampler.push(input);
  const tail = resampler.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}
