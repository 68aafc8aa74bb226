/**
 * The built-in DSP stem separator, streaming: median-filter harmonic/percussive
 * separation with soft (Wiener, p = 2) masks (Fitzgerald 2010, "Harmonic/
 * percussive separation using median filtering"), a bass stem as the low band
 * of the harmonic part, and a centre stem by stereo similarity (centre-mask.ts).
 *
 * Chunks go in, finished stem samples come out, aligned with the input. The
 * time median needs ±timeHalfWidth frames around the frame it masks, so output
 * lags input by that (~0.2 s) plus one frame; memory is a ring of 2·half + 1
 * spectra, whatever the recording's length.
 */
import { FrameStream, OverlapAddStream } from '../dsp/stft-stream';
import type { Spectrum } from '../dsp/stft';
import { centreMask } from './centre-mask';
import { medianAcrossFrequency, medianInPlace } from './median-filter';
import { DEFAULT_STEM_SETTINGS, STEM_NAMES, type StemBlock, type StemName, type StemSettings } from './stem-types';

/** Frames the left channel may run ahead of the right inside one push or flush. */
const PENDING_DEPTH = 16;

export class DspStemSeparator {
  private readonly bins: number;
  private readonly depth: number;
  private readonly streams: FrameStream[];
  private readonly pendingLeft: Spectrum[];
  private readonly mid: Spectrum[];
  private readonly magnitude: Float32Array[];
  /** The same magnitudes bin-major (bin × depth), so each bin's time-median window is contiguous. */
  private readonly byBin: Float32Array;
  private readonly centre: Float32Array[];
  private readonly timeMedian: Float32Array;
  private readonly frequencyMedian: Float32Array;
  private readonly scratch: Float32Array;
  private readonly bassWeight: Float32Array;
  private readonly outSpectra: Record<StemName, Spectrum>;
  private readonly outputs: Record<StemName, OverlapAddStream>;
  private framesSeen = 0;
  private framesDone = 0;
  private inputLength = 0;

  constructor(
    readonly sampleRate: number,
    readonly channelCount: 1 | 2,
    readonly settings: StemSettings = DEFAULT_STEM_SETTINGS
  ) {
    const { frameSize, hop, timeHalfWidth, frequencyHalfWidth, bassCrossover } = settings;
    if (frameSize / hop > PENDING_DEPTH / 2) throw new RangeError('hop too small for the stereo frame queue');
    this.streams = Array.from({ length: channelCount }, () => new FrameStream(frameSize, hop));
    const transform = (this.streams[0] as FrameStream).transform;
    this.bins = transform.bins;
    this.depth = 2 * timeHalfWidth + 1;
    this.pendingLeft = Array.from({ length: PENDING_DEPTH }, () => transform.newSpectrum());
    this.mid = Array.from({ length: this.depth }, () => transform.newSpectrum());
    this.magnitude = Array.from({ length: this.depth }, () => new Float32Array(this.bins));
    this.byBin = new Float32Array(this.bins * this.depth);
    this.centre = Array.from({ length: this.depth }, () => new Float32Array(this.bins).fill(1));
    this.timeMedian = new Float32Array(this.bins);
    this.frequencyMedian = new Float32Array(this.bins);
    this.scratch = new Float32Array(Math.max(this.depth, 2 * frequencyHalfWidth + 1));
    this.bassWeight = new Float32Array(this.bins);
    const [low, high] = bassCrossover;
    for (let k = 0; k < this.bins; k++) {
      const frequency = (k * sampleRate) / frameSize;
      const x = Math.min(1, Math.max(0, (frequency - low) / (high - low)));
      this.bassWeight[k] = 0.5 + 0.5 * Math.cos(Math.PI * x);
    }
    const spectra = {} as Record<StemName, Spectrum>;
    const outputs = {} as Record<StemName, OverlapAddStream>;
    for (const name of STEM_NAMES) {
      spectra[name] = transform.newSpectrum();
      outputs[name] = new OverlapAddStream(frameSize, hop);
    }
    this.outSpectra = spectra;
    this.outputs = outputs;
  }

  /** Adds the next chunk (one array per channel, as constructed) and returns the stem samples it completes. */
  push(channels: readonly Float32Array[]): StemBlock {
    const length = channels[0]?.length ?? 0;
    this.inputLength += length;
    // Feed one hop at a time so the left channel is never more than a frame or two ahead of the right.
    for (let at = 0; at < length; at += this.settings.hop) {
      const end = Math.min(length, at + this.settings.hop);
      this.streams.forEach((stream, c) => stream.push((channels[c] as Float32Array).subarray(at, end), c === 0 ? this.onLeft : this.onRight));
    }
    return this.take();
  }

  /** Ends the input; returns the last stem samples. Stems then have exactly the input's length. */
  flush(): StemBlock {
    this.streams.forEach((stream, c) => stream.flush(c === 0 ? this.onLeft : this.onRight));
    const last = this.framesSeen - 1;
    while (this.framesDone <= last) this.maskFrame(this.framesDone++, last);
    const block = {} as StemBlock;
    for (const name of STEM_NAMES) block[name] = this.outputs[name].finish(this.inputLength);
    return block;
  }

  private take(): StemBlock {
    const block = {} as StemBlock;
    for (const name of STEM_NAMES) block[name] = this.outputs[name].take();
    return block;
  }

  private readonly onLeft = (spectrum: Spectrum, frame: number): void => {
    if (this.channelCount === 1) return this.accept(spectrum, null, frame);
    const slot = this.pendingLeft[frame % PENDING_DEPTH] as Spectrum;
    slot.re.set(spectrum.re);
    slot.im.set(spectrum.im);
  };

  private readonly onRight = (spectrum: Spectrum, frame: number): void => {
    this.accept(this.pendingLeft[frame % PENDING_DEPTH] as Spectrum, spectrum, frame);
  };

  /** Stores frame `frame` (mid spectrum, magnitude, centre mask) and masks the frame that is now ready. */
  private accept(left: Spectrum, right: Spectrum | null, frame: number): void {
    const slot = frame % this.depth;
    const mid = this.mid[slot] as Spectrum;
    const magnitude = this.magnitude[slot] as Float32Array;
    const { byBin, depth } = this;
    for (let k = 0; k < this.bins; k++) {
      const re = right ? 0.5 * ((left.re[k] as number) + (right.re[k] as number)) : (left.re[k] as number);
      const im = right ? 0.5 * ((left.im[k] as number) + (right.im[k] as number)) : (left.im[k] as number);
      mid.re[k] = re;
      mid.im[k] = im;
      const value = Math.sqrt(re * re + im * im);
      magnitude[k] = value;
      byBin[k * depth + slot] = value;
    }
    // Mono has no stereo image: the centre stem is the mix itself (mask stays 1).
    if (right) centreMask(left, right, this.centre[slot] as Float32Array);
    this.framesSeen = frame + 1;
    const ready = frame - this.settings.timeHalfWidth;
    if (ready >= 0) this.maskFrame(this.framesDone++, frame);
  }

  /** Builds the five stem spectra of frame `frame` (frames up to `last` are known) and overlap-adds them. */
  private maskFrame(frame: number, last: number): void {
    const { bins, depth, scratch, timeMedian, frequencyMedian, bassWeight, outSpectra, byBin } = this;
    const half = this.settings.timeHalfWidth;
    const from = Math.max(0, frame - half);
    const to = Math.min(last, frame + half);
    const full = to - from + 1 === depth;
    for (let k = 0; k < bins; k++) {
      const base = k * depth;
      let count = 0;
      // Mid-recording the window is the whole ring, in any order (a median doesn't care).
      if (full) for (; count < depth; count++) scratch[count] = byBin[base + count] as number;
      else for (let t = from; t <= to; t++) scratch[count++] = byBin[base + (t % depth)] as number;
      timeMedian[k] = medianInPlace(scratch, count);
    }
    const slot = frame % depth;
    medianAcrossFrequency(this.magnitude[slot] as Float32Array, frequencyMedian, this.settings.frequencyHalfWidth, scratch);
    const mid = this.mid[slot] as Spectrum;
    const centre = this.centre[slot] as Float32Array;
    const { harmonic, percussive, bass, other } = outSpectra;
    for (let k = 0; k < bins; k++) {
      const h = (timeMedian[k] as number) ** 2;
      const p = (frequencyMedian[k] as number) ** 2;
      const toHarmonic = h + p > 1e-30 ? h / (h + p) : 0.5;
      const re = mid.re[k] as number;
      const im = mid.im[k] as number;
      const low = (bassWeight[k] as number) * toHarmonic;
      harmonic.re[k] = toHarmonic * re;
      harmonic.im[k] = toHarmonic * im;
      percussive.re[k] = re - (harmonic.re[k] as number);
      percussive.im[k] = im - (harmonic.im[k] as number);
      bass.re[k] = low * re;
      bass.im[k] = low * im;
      other.re[k] = (harmonic.re[k] as number) - (bass.re[k] as number);
      other.im[k] = (harmonic.im[k] as number) - (bass.im[k] as number);
      outSpectra.centre.re[k] = (centre[k] as number) * re;
      outSpectra.centre.im[k] = (centre[k] as number) * im;
    }
    for (const name of STEM_NAMES) this.outputs[name].add(outSpectra[name]);
  }
}

/** Separates a whole (short) signal; long audio should stream through DspStemSeparator. */
export function separateStems(channels: readonly Float32Array[], sampleRate: number, settings = DEFAULT_STEM_SETTINGS): StemBlock {
  const separator = new DspStemSeparator(sampleRate, channels.length >= 2 ? 2 : 1, settings);
  const head = separator.push(channels.slice(0, 2));
  const tail = separator.flush();
  const block = {} as StemBlock;
  for (const name of STEM_NAMES) {
    const out = new Float32Array(head[name].length + tail[name].length);
    out.set(head[name], 0);
    out.set(tail[name], head[name].length);
    block[name] = out;
  }
  return block;
}
