// The diarization job as the worker runs it (its API in process), on real
// audio bytes and the real Silero model: what a dropped file becomes, what
// the cache answers, and every kind of bad input ending in a result or a
// message a musician can read.
import { beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { seedSegmentedStage } from '../analysis/cached-analysis';
import { ContentCache } from '$lib/storage/content-cache';
import { Resampler } from '$workers/analysis/dsp/resampler';
import { AnalysisStage } from '$workers/analysis/pipeline/analysis-stages';
import { DspStemSeparator } from '$workers/analysis/stems/stem-separator';
import { readCachedResult } from '$workers/diarization/result-schema';
import { createDspEmbedder } from '$workers/diarization/speaker-embedding';
import type { DiarizationResult } from '$workers/diarization/types';
import { createDiarizationWorkerApi } from '$workers/diarization/job/diarization-worker-api';
import type { JobOutcome, JobProgressEvent } from '$workers/shared/job-protocol';
import { durableStore, fixtureBytes, hostFor, request, runJob, sileroSession, storedInput, wavBytes } from './diarization-harness';
import { ensureDiarizationFixtures, loadFixture } from './silero-session.ts';

beforeAll(async () => {
  ensureDiarizationFixtures();
  await sileroSession();
}, 60_000);

async function resultOf(store: ReturnType<typeof durableStore>, outcome: JobOutcome): Promise<DiarizationResult> {
  if (outcome.type !== 'completed') throw new Error(`expected completed, got ${JSON.stringify(outcome)}`);
  const found = await new ContentCache(store).getResult(outcome.resultRef, v.unknown());
  const result = found.hit ? readCachedResult(found.value) : undefined;
  if (!result) throw new Error('the cached result is missing or malformed');
  return result;
}

const stagesSeen = (events: JobProgressEvent[]) => [...new Set(events.map((e) => e.stage))];

describe('the diarization job', () => {
  it('reads, finds speech and tells the two voices apart, then answers the same file from the cache', async () => {
    const store = durableStore();
    const input = await storedInput(store, fixtureBytes('two-speakers'));
    const first = await runJob(hostFor({ store }), request('job-1', input));
    expect(stagesSeen(first.events)).toEqual(['decode', 'speech', 'speakers']);
    const result = await resultOf(store, first.outcome);
    expect(result.speakers).toEqual(['S1', 'S2']);
    expect(result.regions.some((r) => r.kind === 'silence')).toBe(true);

    const started = performance.now();
    const again = await runJob(hostFor({ store }), request('job-2', input));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(again.outcome.type === 'completed' && again.outcome.stages.every((s) => s.cached)).toBe(true);
    expect(again.events.every((e) => e.cached)).toBe(true);
  }, 60_000);

  it('resamples 8 kHz telephone-band audio and still finds its three speakers', async () => {
    const fixture = loadFixture('telephone-three-speakers');
    const down = new Resampler(16000, 8000);
    const narrow = new Float32Array([...down.push(fixture.audio), ...down.flush()]);
    const store = durableStore();
    const { outcome } = await runJob(hostFor({ store }), request('job-8k', await storedInput(store, wavBytes(narrow, 8000))));
    const result = await resultOf(store, outcome);
    expect(result.speakers).toHaveLength(3);
    expect(result.durationSeconds).toBeCloseTo(fixture.audio.length / 16000, 1);
  }, 60_000);

  it('reports room tone as silence with no turns', async () => {
    const store = durableStore();
    const { outcome } = await runJob(hostFor({ store }), request('job-quiet', await storedInput(store, fixtureBytes('silence-only'))));
    const result = await resultOf(store, outcome);
    expect(result.turns).toEqual([]);
    expect(result.regions.every((r) => r.kind === 'silence')).toBe(true);
  }, 60_000);

  it('labels a single voice as one speaker', async () => {
    const store = durableStore();
    const { outcome } = await runJob(hostFor({ store }), request('job-one', await storedInput(store, fixtureBytes('single-speaker'))));
    expect((await resultOf(store, outcome)).speakers).toEqual(['S1']);
  }, 60_000);

  it('uses the music map of a cached analysis of the same file: music only gives no turns and a music lane', async () => {
    const fixture = loadFixture('music-only');
    const store = durableStore();
    const input = await storedInput(store, fixtureBytes('music-only'));
    // What the analysis's stems stage leaves in the cache for this file.
    const up = new Resampler(16000, 22050);
    const audio = new Float32Array([...up.push(fixture.audio), ...up.flush()]);
    const separator = new DspStemSeparator(22050, 1);
    const parts: Record<'harmonic' | 'percussive' | 'bass', number[]> = { harmonic: [], percussive: [], bass: [] };
    const take = (block: Record<'harmonic' | 'percussive' | 'bass', Float32Array>) => {
      for (const name of ['harmonic', 'percussive', 'bass'] as const) parts[name].push(...block[name]);
    };
    for (let at = 0; at < audio.length; at += 65536) take(separator.push([audio.subarray(at, at + 65536)]));
    take(separator.flush());
    const tracks = Object.fromEntries(Object.entries(parts).map(([name, samples]) => [name, Float32Array.from(samples)]));
    await seedSegmentedStage(new ContentCache(store), input.digest, AnalysisStage.Stems, { names: Object.keys(tracks), activeShare: {} }, tracks, 22050);

    const { outcome } = await runJob(hostFor({ store }), request('job-music', input));
    const result = await resultOf(store, outcome);
    expect(result.turns).toEqual([]);
    const music = result.regions.filter((r) => r.kind === 'music').reduce((sum, r) => sum + r.end - r.start, 0);
    expect(music).toBeGreaterThan(20);
  }, 60_000);

  it('refuses random bytes with a readable, final error', async () => {
    const store = durableStore();
    const junk = Uint8Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 251);
    const { outcome } = await runJob(hostFor({ store }), request('job-junk', await storedInput(store, junk)));
    expect(outcome).toMatchObject({ type: 'failed', error: { code: 'audio-unrecognised', transient: false } });
    expect(outcome.type === 'failed' && outcome.error.message).toContain("isn't audio we can read");
  });

  it('says a WAV with a header and no samples holds no audio', async () => {
    const store = durableStore();
    const { outcome } = await runJob(hostFor({ store }), request('job-empty', await storedInput(store, wavBytes(new Float32Array(0), 16000))));
    expect(outcome).toMatchObject({ type: 'failed', error: { transient: false } });
    expect(outcome.type === 'failed' && outcome.error.message).toMatch(/no audio|isn't audio/);
  });

  it('says a cut-off WAV cannot be read, or diarizes what is there', async () => {
    const store = durableStore();
    const bytes = fixtureBytes('two-speakers').subarray(0, 30);
    const { outcome } = await runJob(hostFor({ store }), request('job-cut', await storedInput(store, bytes)));
    expect(outcome).toMatchObject({ type: 'failed', error: { transient: false } });
  });

  it('refuses a number of speakers that is not a whole number from 1 to 20', async () => {
    const store = durableStore();
    const input = await storedInput(store, fixtureBytes('silence-only'));
    const { outcome } = await runJob(hostFor({ store }), request('job-count', input, { speakerCount: 0.5 }));
    expect(outcome).toMatchObject({ type: 'failed', error: { code: 'invalid-speaker-count' } });
  });

  it('says when the stored recording is gone', async () => {
    const store = durableStore();
    const { outcome } = await runJob(hostFor({ store }), request('job-gone', { digest: 'c'.repeat(64), source: 'cache:' + 'd'.repeat(64) }));
    expect(outcome).toMatchObject({ type: 'failed', error: { code: 'input-missing' } });
    expect(outcome.type === 'failed' && outcome.error.message).toContain('diarize it');
  });

  it("uses the user's speaker-embedding model when one is given, and caches its result apart", async () => {
    const store = durableStore();
    const input = await storedInput(store, fixtureBytes('two-speakers'));
    const dsp = createDspEmbedder();
    const user = { name: 'user-model:ecapa-test', embed: dsp.embed };
    const withModel = await runJob(hostFor({ store, embedder: async () => user }), request('job-model', input));
    const builtIn = await runJob(hostFor({ store }), request('job-dsp', input));
    expect((await resultOf(store, withModel.outcome)).embedder).toBe('user-model:ecapa-test');
    expect((await resultOf(store, builtIn.outcome)).embedder).toBe('dsp-mfcc-v1');
    expect(withModel.outcome.type === 'completed' && builtIn.outcome.type === 'completed' && withModel.outcome.resultRef !== builtIn.outcome.resultRef).toBe(true);
    // Decoding and VAD do not depend on the embedder: the second run reused them.
    expect(builtIn.outcome.type === 'completed' && builtIn.outcome.stages.filter((s) => s.cached).map((s) => s.stage)).toEqual(['decode', 'speech']);
  }, 60_000);

  it('stops within a moment of cancel while finding speech', async () => {
    const store = durableStore();
    const input = await storedInput(store, fixtureBytes('four-speakers'));
    const api = createDiarizationWorkerApi(hostFor({ store }));
    let asked = false;
    const outcome = await api.run(request('job-cancel', input), (event) => {
      if (event.stage === 'speech' && event.stagePercent > 0 && !asked) {
        asked = true;
        void api.cancel('job-cancel');
      }
    });
    expect(asked).toBe(true);
    expect(outcome).toEqual({ type: 'cancelled', jobId: 'job-cancel' });
  }, 60_000);
});

describe("the user's speaker model falling back to the built-in features", () => {
  it('completes with a fallback on the speakers stage when the model fails on the recording', async () => {
    const store = durableStore();
    const input = await storedInput(store, fixtureBytes('two-speakers'));
    const broken = { name: 'user-model:broken', embed: async () => Promise.reject(new Error('output has 3 values, the contract says 192')) };
    const { outcome } = await runJob(hostFor({ store, embedder: async () => broken }), request('job-broken', input));
    const result = await resultOf(store, outcome);
    expect(result.embedder).toBe('dsp-mfcc-v1');
    expect(result.speakers).toEqual(['S1', 'S2']);
    const speakers = outcome.type === 'completed' ? outcome.stages.find((s) => s.stage === 'speakers') : undefined;
    expect(speakers).toMatchObject({ outcome: 'fallback' });
    expect(speakers?.outcome === 'fallback' && speakers.reason).toContain('output has 3 values');
  }, 60_000);

  it('uses the built-in features when the model will not load, or timed out on an earlier run', async () => {
    const store = durableStore();
    const input = await storedInput(store, fixtureBytes('single-speaker'));
    const unloadable = await runJob(hostFor({ store, embedder: async () => Promise.reject(new Error('not an ONNX file')) }), request('job-unloadable', input));
    expect(unloadable.outcome.type === 'completed' && unloadable.outcome.stages.at(-1)).toMatchObject({ stage: 'speakers', outcome: 'fallback' });
    const timedOut = await runJob(hostFor({ store, embedder: async () => createDspEmbedder() }), { ...request('job-timed-out', input), fallbackStages: ['speakers'] });
    expect(timedOut.outcome.type === 'completed' && timedOut.outcome.stages.at(-1)).toMatchObject({ stage: 'speakers', outcome: 'fallback' });
  }, 60_000);
});
