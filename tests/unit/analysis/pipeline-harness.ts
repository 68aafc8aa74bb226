import { runAnalysisPipeline, type PipelineEnvironment, type PipelineOutcome } from '$workers/analysis/pipeline/analysis-pipeline';
import { openInput, storeInput } from '$workers/analysis/pipeline/input-store';
import { ContentCache } from '$lib/storage/content-cache';
import { digestBytes } from '$lib/storage/content-key';
import { createMemoryStore } from '$lib/storage/memory-store';

export { rehearsalChannels } from '../../fixtures/rehearsal-signal';

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
    openInput: () => openInput(cache, source),
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
