import { describe, expect, it } from 'vitest';
import { runAnalysisPipeline } from '$workers/analysis/pipeline/analysis-pipeline';
import { ANALYSIS_STAGES, AnalysisStage } from '$workers/analysis/pipeline/analysis-stages';
import { AnalysisResultSchema } from '$workers/analysis/pipeline/analysis-result';
import { InputMissingError } from '$workers/analysis/pipeline/input-store';
import { AudioDecodeError } from '$workers/analysis/decode/decode-error';
import { writeWav } from '../../fixtures/wav-writer.js';
import { completed, pipelineHarness, rehearsalChannels } from './pipeline-harness';

const RATE = 22050;

/** 16 s at 120 BPM: a click on every beat (accent on 1) over C – F – G – C, one chord per bar. */
function rehearsalWav(): Uint8Array {
  return writeWav({ channels: rehearsalChannels(16, RATE), sampleRate: RATE, encoding: 'pcm16' }) as Uint8Array;
}

const harness = pipelineHarness;

describe('analysis pipeline', () => {
  const wav = rehearsalWav();

  it('turns a 120 BPM chord rehearsal into cues with tempo, key and every stage reported', async () => {
    const { env, events, cache } = await harness(wav);
    const outcome = completed(await runAnalysisPipeline(env));
    expect(outcome.stages.map((stage) => stage.stage)).toEqual(ANALYSIS_STAGES.map((stage) => stage.id));
    // No note model in Node: notes fall back, everything else is done.
    expect(outcome.stages.find((stage) => stage.stage === AnalysisStage.Notes)?.outcome).toBe('fallback');
    expect(new Set(events.map((event) => event.stage))).toEqual(new Set(ANALYSIS_STAGES.map((stage) => stage.id)));
    const stored = await cache.getResult(outcome.resultRef, AnalysisResultSchema);
    if (!stored.hit) throw new Error('result not cached');
    const { summary, cues, fallbacks } = stored.value;
    expect(summary.bpm).toBeGreaterThan(117);
    expect(summary.bpm).toBeLessThan(123);
    expect(summary.key).toBe('C major');
    expect(summary.duration).toBeCloseTo(16, 1);
    expect(cues.cues[0]?.kind).toBe('count-in');
    expect(fallbacks.map((fallback) => fallback.stage)).toEqual(['notes']);
  }, 60_000);

  it('answers a second analysis of the same bytes from the cache, every stage marked cached', async () => {
    const first = await harness(wav);
    completed(await runAnalysisPipeline(first.env));
    const again = await harness(wav, first.cache, { openInput: () => Promise.reject(new Error('must not read the input again')) });
    const outcome = completed(await runAnalysisPipeline(again.env));
    expect(outcome.stages.every((stage) => stage.cached)).toBe(true);
    expect(again.events.every((event) => event.cached && event.percent === 100)).toBe(true);
  }, 60_000);

  it('resumes after a cancel and reuses the stages already finished', async () => {
    const { env, cache } = await harness(wav);
    let cancel = false;
    const interrupted = await runAnalysisPipeline({
      ...env,
      isCancelled: () => cancel,
      onProgress: (stage) => {
        if (stage === AnalysisStage.Rhythm) cancel = true;
      }
    });
    expect(interrupted.type).toBe('cancelled');
    const resumed = await harness(wav, cache);
    const outcome = completed(await runAnalysisPipeline(resumed.env));
    const cachedStages = outcome.stages.filter((stage) => stage.cached).map((stage) => stage.stage);
    // Notes too: its fallback (no note model in Node) is stored with its reason.
    expect(cachedStages).toEqual([AnalysisStage.Decode, AnalysisStage.Stems, AnalysisStage.Notes]);
  }, 60_000);

  it('uses the note model when there is one and caches its notes', async () => {
    const { env } = await harness(wav, undefined, {
      transcribe: async (audio, onProgress) => {
        onProgress(1);
        return [{ startSeconds: 0, durationSeconds: audio.length / RATE, pitchMidi: 60, confidence: 0.8 }];
      }
    });
    const outcome = completed(await runAnalysisPipeline(env));
    expect(outcome.stages.find((stage) => stage.stage === AnalysisStage.Notes)).toEqual({ stage: 'notes', outcome: 'done', cached: false });
  }, 60_000);

  it('skips notes with the reason when the orchestrator sent the stage to its fallback', async () => {
    const { env } = await harness(wav, undefined, { fallbackStages: [AnalysisStage.Notes], transcribe: () => Promise.reject(new Error('must not run')) });
    const outcome = completed(await runAnalysisPipeline(env));
    const notes = outcome.stages.find((stage) => stage.stage === AnalysisStage.Notes);
    expect(notes?.outcome).toBe('fallback');
    expect(notes && 'reason' in notes ? notes.reason : '').toMatch(/took too long/);
  }, 60_000);

  it('refuses random bytes named .wav with a decode error a musician can read', async () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    const { env } = await harness(junk);
    await expect(runAnalysisPipeline(env)).rejects.toBeInstanceOf(AudioDecodeError);
  });

  it('says the recording is gone when its stored copy was cleared', async () => {
    const { env, cache } = await harness(wav);
    await cache.clear();
    await expect(runAnalysisPipeline(env)).rejects.toBeInstanceOf(InputMissingError);
  });
});
