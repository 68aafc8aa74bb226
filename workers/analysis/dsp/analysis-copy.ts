/**
 * The analysis copy: the decoded file mixed to mono and resampled to one rate
 * (22.05 kHz for the features and Basic Pitch, 16 kHz for the VAD), built
 * chunk by chunk so the original-rate audio is never whole in memory. An hour
 * at 22.05 kHz is 79 M samples, 318 MB as float32 (see ../README.md).
 */
import type { AudioDecodeStream } from '../decode/decode-stream';
import { Resampler } from './resampler';

export const ANALYSIS_RATE = 22050;

export interface AnalysisCopy {
  samples: Float32Array;
  sampleRate: number;
  /** The file's own rate and channel count, for the cue sheet and the stems stage. */
  sourceRate: number;
  sourceChannels: number;
}

export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  const scale = 1 / channels.length;
  for (const channel of channels) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (channel[i] as number) * scale;
  return out;
}

/**
 * Collects output samples. With a length hint it writes into one array sized
 * up front (peak = the copy itself); without one (MP3, Ogg) it keeps blocks
 * and joins them once, so blocks and result coexist for a moment (2×).
 */
export class SampleCollector {
  private target: Float32Array | null;
  private length = 0;
  private readonly blocks: Float32Array[] = [];

  constructor(capacity: number | null) {
    this.target = capacity !== null && capacity > 0 ? new Float32Array(capacity) : null;
  }

  /**
   * A late length hint (an estimate from the bytes decoded so far, for MP3
   * and Ogg): moves what was collected into one array of that size, so the
   * end needs no join. Ignored once an array exists or when too small.
   */
  reserve(capacity: number): void {
    if (this.target || capacity <= this.length) return;
    const target = new Float32Array(Math.ceil(capacity));
    let at = 0;
    for (const block of this.blocks) {
      target.set(block, at);
      at += block.length;
    }
    this.blocks.length = 0;
    this.target = target;
  }

  add(block: Float32Array): void {
    if (block.length === 0) return;
    const target = this.target;
    if (target && this.blocks.length === 0 && this.length + block.length <= target.length) target.set(block, this.length);
    else this.blocks.push(block.slice());
    this.length += block.length;
  }

  result(): Float32Array {
    const target = this.target;
    if (target && this.blocks.length === 0) return target.subarray(0, this.length);
    // The hint was missing or too small (a header that understates its data): join what we have.
    const out = new Float32Array(this.length);
    let at = 0;
    if (target) {
      at = this.length - this.blocks.reduce((n, b) => n + b.length, 0);
      out.set(target.subarray(0, at));
    }
    for (const block of this.blocks) {
      out.set(block, at);
      at += block.length;
    }
    this.blocks.length = 0;
    return out;
  }
}

export async function buildAnalysisCopy(stream: Pick<AudioDecodeStream, 'chunks' | 'expectedFrames'>, targetRate = ANALYSIS_RATE): Promise<AnalysisCopy> {
  let resampler: Resampler | null = null;
  let collector: SampleCollector | null = null;
  let sourceRate = 0;
  let sourceChannels = 0;
  for await (const chunk of stream.chunks) {
    if (!collector) {
      sourceRate = chunk.sampleRate;
      sourceChannels = chunk.channels.length;
      resampler = sourceRate === targetRate ? null : new Resampler(sourceRate, targetRate);
      const expected = stream.expectedFrames;
      collector = new SampleCollector(expected === null ? null : Resampler.outputLength(expected, sourceRate, targetRate));
    }
    const mono = mixToMono(chunk.channels);
    collector.add(resampler ? resampler.push(mono) : mono);
  }
  if (!collector) return { samples: new Float32Array(0), sampleRate: targetRate, sourceRate, sourceChannels };
  if (resampler) collector.add(resampler.flush());
  return { samples: collector.result(), sampleRate: targetRate, sourceRate, sourceChannels };
}
