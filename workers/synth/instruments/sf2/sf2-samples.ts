/**
 * Turns SF2 sample headers into model Samples on demand: each referenced
 * sample is copied out of the 16-bit pool into its own Float32Array (so the
 * file's buffer can be dropped) exactly once, however many zones share it.
 * Headers are untrusted: a sample outside the pool, of zero length, in ROM or
 * Vorbis-compressed (SF3) is skipped with a warning instead of failing the bank.
 */
import { InstrumentLoadError, type Sample } from '../instrument-model';
import { MAX_SAMPLE_RATE, MIN_LOOP_FRAMES, MIN_SAMPLE_RATE } from '../sample-limits';
import type { Sf2Hydra } from './sf2-hydra';

export interface PooledSample {
  sample: Sample;
  /** The header's loop relative to the sample start, before any validation (zones may offset it). */
  rawLoopStart: number;
  rawLoopEnd: number;
  originalPitch: number;
  pitchCorrection: number;
}

const ROM_SAMPLE = 0x8000;
const COMPRESSED_SAMPLE = 0x10;
const FALLBACK_SAMPLE_RATE = 44100;

export class Sf2SamplePool {
  private readonly cache = new Map<number, PooledSample | null>();
  private readonly poolFrames: number;
  /** Samples may legally overlap, but not so much that copying them out multiplies memory. */
  private readonly frameBudget: number;
  private framesCopied = 0;

  constructor(
    private readonly hydra: Sf2Hydra,
    private readonly fileName: string,
    private readonly warn: (message: string) => void
  ) {
    this.poolFrames = hydra.samplePool.length >> 1;
    this.frameBudget = this.poolFrames * 4 + 1_000_000;
  }

  get(index: number): PooledSample | undefined {
    let entry = this.cache.get(index);
    if (entry === undefined) {
      entry = this.load(index);
      this.cache.set(index, entry);
    }
    return entry ?? undefined;
  }

  private load(index: number): PooledSample | null {
    // The last header is the terminal 'EOS' record, not a sample.
    const header = index < this.hydra.samples.length - 1 ? this.hydra.samples[index] : undefined;
    if (!header) {
      this.warn(`a zone refers to sample #${index}, which doesn't exist; that zone is skipped`);
      return null;
    }
    const label = `sample '${header.name}'`;
    if (header.sampleType & ROM_SAMPLE) {
      this.warn(`${label} lives in a sound card's ROM, not in this file; its zones are skipped`);
      return null;
    }
    if (header.sampleType & COMPRESSED_SAMPLE) {
      this.warn(`${label} is compressed (SF3); Bandroom reads uncompressed SF2 only, so its zones are skipped. Convert the bank to SF2 to use it`);
      return null;
    }
    if (header.end <= header.start) {
      this.warn(`${label} is empty (zero length); its zones are skipped`);
      return null;
    }
    if (header.end > this.poolFrames) {
      this.warn(`${label} points outside the sample data (frames ${header.start}–${header.end} of ${this.poolFrames}); its zones are skipped`);
      return null;
    }
    const length = header.end - header.start;
    this.framesCopied += length;
    if (this.framesCopied > this.frameBudget) {
      throw new InstrumentLoadError(this.fileName, 'has sample headers that overlap far more than any real bank; the file is damaged');
    }
    let sampleRate = header.sampleRate;
    if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
      this.warn(`${label} has an impossible sample rate (${sampleRate} Hz); ${FALLBACK_SAMPLE_RATE} Hz is assumed`);
      sampleRate = FALLBACK_SAMPLE_RATE;
    }
    const data = new Float32Array(length);
    const pool = this.hydra.samplePool;
    for (let i = 0, at = header.start * 2; i < length; i++, at += 2) {
      data[i] = ((((pool[at] ?? 0) | ((pool[at + 1] ?? 0) << 8)) << 16) >> 16) / 32768;
    }
    const rawLoopStart = header.startLoop - header.start;
    const rawLoopEnd = header.endLoop - header.start;
    const sample: Sample = { name: header.name, data, sampleRate };
    if (rawLoopStart >= 0 && rawLoopEnd - rawLoopStart >= MIN_LOOP_FRAMES && rawLoopEnd <= length) sample.loop = { start: rawLoopStart, end: rawLoopEnd };
    return { sample, rawLoopStart, rawLoopEnd, originalPitch: header.originalPitch, pitchCorrection: header.pitchCorrection };
  }
}
