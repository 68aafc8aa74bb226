/**
 * The analysis copy: the decoded file mixed to mono and resampled to one rate
 * (22.05 kHz for the features and Basic Pitch, 16 kHz for the VAD), built
 * chunk by chunk so the original-rate audio is never whole in memory. An hour
 * at 22.05 kHz is 79 M samples, 318 MB as float32 (see ../README.md).
 */
import type { AudioChunk } from '../decode/audio-chunk';
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

export async function buildAnalysisCopy(chunks: AsyncIterable<AudioChunk>, targetRate = ANALYSIS_RATE): Promise<AnalysisCopy> {
  let resampler: Resampler | null = null;
  let sourceRate = 0;
  let sourceChannels = 0;
  // Blocks, joined once at the end: growing one array by doubling would need up to 3× the final size.
  const blocks: Float32Array[] = [];
  let length = 0;
  const keep = (block: Float32Array): void => {
    if (block.length === 0) return;
    blocks.push(block);
    length += block.length;
  };
  for await (const chunk of chunks) {
    if (!resampler) {
      sourceRate = chunk.sampleRate;
      sourceChannels = chunk.channels.length;
      resampler = sourceRate === targetRate ? null : new Resampler(sourceRate, targetRate);
    }
    const mono = mixToMono(chunk.channels);
    keep(resampler ? resampler.push(mono) : mono.slice());
  }
  if (resampler) keep(resampler.flush());
  const samples = new Float32Array(length);
  let at = 0;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Float32Array;
    samples.set(block, at);
    at += block.length;
  }
  blocks.length = 0;
  return { samples, sampleRate: targetRate, sourceRate, sourceChannels };
}
