import { runAnalysisPipeline, type PipelineEnvironment, type PipelineOutcome } from '$workers/analysis/pipeline/analysis-pipeline';
import { loadInput, storeInput } from '$workers/analysis/pipeline/input-store';
import { ContentCache } from '$lib/storage/content-cache';
import { digestBytes } from '$lib/storage/content-key';
import { createMemoryStore } from '$lib/storage/memory-store';

/**
 * `seconds` of a 120 BPM rehearsal at any rate: a click on every beat (accent
 * on one) over C – F – G – C, one chord per bar; stereo puts the chords a
 * little left of the clicks so the two channels differ.
 */
export function rehearsalChannels(seconds: number, sampleRate: number, channelCount: 1 | 2 = 1): Float32Array[] {
  const frames = Math.round(seconds * sampleRate);
  const chords = [
    [261.63, 329.63, 392.0],
    [349.23, 440.0, 523.25],
    [392.0, 493.88, 587.33],
    [261.63, 329.63, 392.0]
  ];
  const channels = Array.from({ length: channelCount }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    const t = i / sampleRate;
    let tone = 0;
    for (const f of chords[Math.floor(t / 2) % 4]!) tone += Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t);
    const beat = t % 0.5;
    const accent = Math.floor(t / 0.5) % 4 === 0 ? 1 : 0.6;
    const click = beat < 0.03 ? accent * Math.sin(2 * Math.PI * 1500 * t) * Math.exp(-beat / 0.006) : 0;
    channels[0]![i] = 0.08 * tone + 0.5 * click;
    if (channelCount === 2) channels[1]![i] = 0.05 * tone + 0.5 * click;
  }
  return channels;
}

export interface PipelineHarness {
  env: PipelineEnvironment;
  events: { stage: string; percent: number; cached: boolean }[];
  cache: ContentCache;
}

/** Stores the bytes as the main thread does and builds the worker's environment around a cache. */
export async function pipelineHarness(bytes: Uint8Array, cache = new ContentCache(createMemoryStore()), overrides: Partial<PipelineEnvironment> = {}): Promise<PipelineHarness> {
  const inputDigest = await digestBytes(bytes);
  const source = await storeInput(cache, inputDigest, bytes);
  if (!source) throw new Error('input not stored');
  const events: PipelineHarness['events'] = [];
  const env: PipelineEnvironment = {
    inputDigest,
    cache,
    readInput: () => loadInput(cache, source),
    fallbackStages: [],
    onProgress: (stage, percent, cached) => events.push({ stage, percent, cached: cached === true }),
    isCancelled: () => false,
    ...overrides
  };
  return { env, events, cache };
}

export function completed(outcome: PipelineOutcome): Extract<PipelineOutcome, { type: 'completed' }> {
  if (outcome.type !== 'completed') throw new Error(`expected completed, got ${outcome.type}`);
  return outcome;
}

export { runAnalysisPipeline };
