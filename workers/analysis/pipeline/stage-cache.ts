import type * as v from 'valibot';
import type { CacheEntryKind, ContentCache, StemAudio } from '../../../src/lib/storage/content-cache';
import { analysisKey, type AnalysisStage } from './analysis-stages';

/** Thrown at a checkpoint once the job was asked to stop; the pipeline answers `cancelled`. */
export class AnalysisCancelled extends Error {
  override name = 'AnalysisCancelled';
}

/**
 * One job's view of the content cache: per-stage entries keyed by
 * (input digest, pipeline version, models, stage). A read that fails its
 * schema or lacks a stem is a miss; a write that fails is logged by the cache
 * and ignored, because a full disk must not fail the analysis.
 */
export class StageCache {
  constructor(
    private readonly cache: ContentCache,
    private readonly inputDigest: string,
    private readonly isCancelled: () => boolean,
    /** User-supplied models in use (see analysisKey). */
    readonly userModels: Readonly<Record<string, string>> = {}
  ) {}

  async read<T, S extends string>(stage: AnalysisStage, schema: v.GenericSchema<unknown, T>, stems: readonly S[]): Promise<{ result: T; stems: Record<S, StemAudio> } | undefined> {
    const key = await analysisKey(this.inputDigest, stage, this.userModels);
    const found = await this.cache.getResult(key, schema);
    if (!found.hit) return undefined;
    const audio = {} as Record<S, StemAudio>;
    for (const name of stems) {
      const stem = await this.cache.getStem(key, name);
      if (!stem.hit) return undefined;
      audio[name] = stem.value;
    }
    return { result: found.value, stems: audio };
  }

  /** One stem of a stage's entry, or undefined on a miss. */
  async readStem(stage: AnalysisStage, name: string): Promise<StemAudio | undefined> {
    const stem = await this.cache.getStem(await analysisKey(this.inputDigest, stage, this.userModels), name);
    return stem.hit ? stem.value : undefined;
  }

  async write(stage: AnalysisStage, result: unknown, stems?: Readonly<Record<string, StemAudio>>): Promise<void> {
    await this.store(await analysisKey(this.inputDigest, stage, this.userModels), 'stage', result, stems);
  }

  async store(key: string, kind: CacheEntryKind, result: unknown, stems?: Readonly<Record<string, StemAudio>>): Promise<void> {
    await this.cache.put(key, { kind, result, ...(stems ? { stems } : {}) });
  }

  /**
   * Lets queued messages in (a `cancel` arrives as one) and stops if it asked
   * to. Called between blocks: a macrotask, because comlink delivers messages
   * as tasks that a microtask would never yield to.
   */
  async checkpoint(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (this.isCancelled()) throw new AnalysisCancelled('cancelled');
  }
}

export function joinBlocks(blocks: readonly Float32Array[]): Float32Array {
  const joined = new Float32Array(blocks.reduce((sum, block) => sum + block.length, 0));
  let at = 0;
  for (const block of blocks) {
    joined.set(block, at);
    at += block.length;
  }
  return joined;
}
