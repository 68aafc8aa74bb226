import { describe, expect, it } from 'vitest';
import { AudioDecodeError } from '$workers/analysis/decode/decode-error';
import { PipelineError } from '$workers/analysis/pipeline/analysis-pipeline';
import { InputMissingError } from '$workers/analysis/pipeline/input-store';
import { AnalysisResultSchema } from '$workers/analysis/pipeline/analysis-result';
import { ContentCache } from '$lib/storage/content-cache';
import { createMemoryStore } from '$lib/storage/memory-store';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import { writeWav } from '../../fixtures/wav-writer.js';
import { completed, pipelineHarness, rehearsalChannels, runAnalysisPipeline } from './pipeline-harness';

/**
 * The bad-input list through the whole pipeline (the decoder's own
 * tests cover the byte-level cases in depth): each file ends in a correct
 * result or a message a musician can act on, never a hang or an untyped
 * throw, and a bad file leaves the cache's other results alone.
 */
async function analyse(bytes: Uint8Array, cache?: ContentCache) {
  const { env } = await pipelineHarness(bytes, cache);
  return runAnalysisPipeline(env);
}

async function refusal(bytes: Uint8Array, cache?: ContentCache): Promise<Error> {
  try {
    const outcome = await analyse(bytes, cache);
    throw new Error(`expected a refusal, got ${outcome.type}`);
  } catch (error) {
    if (error instanceof AudioDecodeError || error instanceof PipelineError) return error;
    throw error;
  }
}

async function summaryOf(bytes: Uint8Array, cache = new ContentCache(createMemoryStore())) {
  const outcome = completed(await analyse(bytes, cache));
  const stored = await cache.getResult(outcome.resultRef, AnalysisResultSchema);
  if (!stored.hit) throw new Error('result not stored');
  return stored.value.summary;
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('bad input through the whole analysis', { timeout: 60_000 }, () => {
  it('analyses an 8 kHz phone recording correctly', async () => {
    const summary = await summaryOf(writeWav({ channels: rehearsalChannels(16, 8000), sampleRate: 8000 }));
    expect(summary.bpm).toBeGreaterThan(117);
    expect(summary.bpm).toBeLessThan(123);
    expect(summary.key).toBe('C major');
    expect(summary.duration).toBeCloseTo(16, 1);
  });

  it('analyses a 96 kHz 24-bit stereo studio file correctly', async () => {
    const summary = await summaryOf(writeWav({ channels: rehearsalChannels(16, 96000, 2), sampleRate: 96000, encoding: 'pcm24' }));
    expect(summary.bpm).toBeGreaterThan(117);
    expect(summary.bpm).toBeLessThan(123);
    expect(summary.key).toBe('C major');
    expect(summary.stems).toContain('centre');
  });

  it('says a recording of silence has no beat to find', async () => {
    const error = await refusal(writeWav({ channels: [new Float32Array(8 * 22050)], sampleRate: 22050 }));
    expect(error).toBeInstanceOf(PipelineError);
    expect(error.message).toContain('no steady beat');
    expect(error.message).toContain('silent');
  });

  it('refuses a zero-length file, a text file renamed .wav, a one-byte MP3 and an absurd chunk size, each in words', async () => {
    expect((await refusal(new Uint8Array(0))).message).toContain('empty');
    expect((await refusal(ascii('Setlist: Intro, Verse, Chorus\n'.repeat(20)))).message).toContain('not WAV, MP3, Ogg Vorbis, Opus or FLAC');
    expect((await refusal(new Uint8Array([0xff]))).message).toMatch(/isn't audio we can read/);
    const absurd = writeWav({ channels: rehearsalChannels(1, 22050), sampleRate: 22050 });
    new DataView(absurd.buffer, absurd.byteOffset).setUint32(16, 0x7fffffff, true);
    expect((await refusal(absurd)).message).toContain('impossible size');
  });

  it('analyses what there is of a file cut off mid-recording, and warns that it seems truncated', async () => {
    const whole = writeWav({ channels: rehearsalChannels(20, 22050), sampleRate: 22050 });
    const summary = await summaryOf(whole.subarray(0, 44 + 16 * 22050 * 2));
    expect(summary.duration).toBeCloseTo(16, 1);
    expect(summary.warnings.join(' ')).toContain('truncated');
    expect(summary.key).toBe('C major');
  });

  it('leaves an earlier cached result intact when a bad file fails in the same cache', async () => {
    const cache = new ContentCache(createMemoryStore());
    const good = writeWav({ channels: rehearsalChannels(16, 22050), sampleRate: 22050 });
    const first = completed(await analyse(good, cache));
    await refusal(ascii('not audio at all'), cache);
    await refusal(writeWav({ channels: [new Float32Array(8 * 22050)], sampleRate: 22050 }), cache);
    expect((await cache.getResult(first.resultRef, AnalysisResultSchema)).hit).toBe(true);
    const again = completed(await analyse(good, cache));
    expect(again.stages.every((stage) => stage.cached)).toBe(true);
  });
});

/** A store whose cache refuses records above `limit` bytes, as a browser near its quota refuses big stem writes. */
function quotaLimitedStore(limit: number): RecordStore {
  const inner = createMemoryStore();
  const size = (value: unknown): number => {
    const data = (value as { data?: unknown } | undefined)?.data;
    if (data instanceof ArrayBuffer) return data.byteLength;
    if (data && typeof data === 'object') return Object.values(data as Record<string, ArrayBufferView>).reduce((sum, array) => sum + (array.byteLength ?? 0), 0);
    return typeof data === 'string' ? 2 * data.length : 0;
  };
  return {
    ...inner,
    async put(store, key, value) {
      if (store === Store.Cache && size(value) > limit && !key.includes('input')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return inner.put(store, key, value);
    }
  };
}

describe('a cache that refuses writes', { timeout: 60_000 }, () => {
  it('still completes the analysis when every audio segment write hits the quota, and stores the small result', async () => {
    const bytes = writeWav({ channels: rehearsalChannels(16, 22050, 2), sampleRate: 22050 });
    const store = quotaLimitedStore(64 * 1024);
    const inputCache = new ContentCache(createMemoryStore());
    const { env } = await pipelineHarness(bytes, inputCache);
    const cache = new ContentCache(store);
    const outcome = completed(await runAnalysisPipeline({ ...env, cache }));
    expect(outcome.stages.find((stage) => stage.stage === 'stems')).toMatchObject({ outcome: 'done', cached: false });
    const result = await cache.getResult(outcome.resultRef, AnalysisResultSchema);
    if (!result.hit) throw new Error('the small result should fit');
    expect(result.value.summary.key).toBe('C major');
    // Nothing half-stored: the stages whose audio did not fit run again next time instead of reading holes.
    const again = completed(await runAnalysisPipeline({ ...env, cache }));
    expect(again.stages.every((stage) => stage.cached)).toBe(true);
  });
});

describe('resuming when the stored recording is gone', { timeout: 60_000 }, () => {
  it('separates the stems of a stereo take from its cached mono copy instead of failing', async () => {
    const bytes = writeWav({ channels: rehearsalChannels(16, 22050, 2), sampleRate: 22050 });
    const { env, cache } = await pipelineHarness(bytes);
    let cancel = false;
    const first = await runAnalysisPipeline({ ...env, isCancelled: () => cancel, onProgress: (stage) => void (cancel ||= stage === 'stems') });
    expect(first.type).toBe('cancelled');
    const openInput = () => Promise.reject(new InputMissingError());
    const outcome = completed(await runAnalysisPipeline({ ...env, openInput }));
    expect(outcome.stages.slice(0, 2)).toEqual([
      { stage: 'decode', outcome: 'done', cached: true },
      { stage: 'stems', outcome: 'done', cached: false }
    ]);
    const result = await cache.getResult(outcome.resultRef, AnalysisResultSchema);
    expect(result.hit && result.value.summary.key).toBe('C major');
  });
});
