import { describe, expect, it } from 'vitest';
import { runAnalysisPipeline, type NoteStream } from '$workers/analysis/pipeline/analysis-pipeline';
import { ANALYSIS_STAGES, AnalysisStage, analysisKey } from '$workers/analysis/pipeline/analysis-stages';
import { AnalysisResultSchema, HarmonyStageSchema, NotesStageSchema } from '$workers/analysis/pipeline/analysis-result';
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

/** A stand-in note model: records what it was fed and answers one note in the middle of each block. */
function noteStreamSpy() {
  const spy = { pushed: [] as number[], finished: false, stream: undefined as unknown as NoteStream };
  let heard = 0;
  spy.stream = {
    async push(samples) {
      spy.pushed.push(samples.length);
      const note = { startSeconds: (heard + samples.length / 2) / RATE, durationSeconds: 0.2, pitchMidi: 60, confidence: 0.8 };
      heard += samples.length;
      return [note];
    },
    async finish() {
      spy.finished = true;
      return [];
    }
  };
  return spy;
}

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
    const { env } = await harness(wav, undefined, { openNoteStream: async () => noteStreamSpy().stream });
    const outcome = completed(await runAnalysisPipeline(env));
    expect(outcome.stages.find((stage) => stage.stage === AnalysisStage.Notes)).toEqual({ stage: 'notes', outcome: 'done', cached: false });
  }, 60_000);

  it('streams the whole harmonic stem through the note model, batch by batch, and stores notes over the whole length', async () => {
    const long = writeWav({ channels: rehearsalChannels(40, RATE), sampleRate: RATE, encoding: 'pcm16' }) as Uint8Array;
    const spy = noteStreamSpy();
    const { env, events, cache } = await harness(long, undefined, { openNoteStream: async () => spy.stream });
    completed(await runAnalysisPipeline(env));
    expect(spy.pushed.reduce((sum, length) => sum + length, 0)).toBe(40 * RATE);
    expect(Math.max(...spy.pushed)).toBeLessThanOrEqual(4 * 36_164);
    expect(spy.finished).toBe(true);
    const notes = await cache.getResult(await analysisKey(env.inputDigest, AnalysisStage.Notes), NotesStageSchema);
    if (!notes.hit) throw new Error('notes not cached');
    expect(notes.value.coveredSeconds).toBeCloseTo(40, 1);
    expect(notes.value.notes.some((note) => note.start > 35)).toBe(true);
    const progress = events.filter((event) => event.stage === AnalysisStage.Notes).map((event) => event.percent);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.filter((percent) => percent > 0 && percent < 100).length).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('reads key and chords with the note model\'s notes in the chroma, so the notes steer an unclear recording', async () => {
    // Noise swelling on every beat at 120 BPM: a pulse, but an audio chroma that names no key.
    // The (stand-in) note model hears a sustained triad.
    let seed = 7;
    const noise = Float32Array.from({ length: 16 * RATE }, (_, i) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed / 2 ** 32 - 0.5) * (0.05 + 0.6 * Math.exp(-((i / RATE) % 0.5) * 30));
    });
    const noisy = writeWav({ channels: [noise], sampleRate: RATE, encoding: 'pcm16' }) as Uint8Array;
    const triad = (pitches: number[]): NoteStream => {
      let heard = 0;
      return {
        async push(samples) {
          const start = heard / RATE;
          heard += samples.length;
          return pitches.map((pitchMidi) => ({ startSeconds: start, durationSeconds: samples.length / RATE, pitchMidi, confidence: 0.9 }));
        },
        async finish() {
          return [];
        }
      };
    };
    const heard = async (pitches: number[]) => {
      const { env, cache } = await harness(noisy, undefined, { openNoteStream: async () => triad(pitches) });
      completed(await runAnalysisPipeline(env));
      const harmony = await cache.getResult(await analysisKey(env.inputDigest, AnalysisStage.Harmony), HarmonyStageSchema);
      if (!harmony.hit) throw new Error('harmony not cached');
      return { key: harmony.value.key.label, chords: new Set(harmony.value.chords.map((chord) => chord.label)) };
    };
    // (A lone triad is the tonic of one key and the dominant of another: the chord is the clear test.)
    expect(await heard([57, 60, 64])).toEqual({ key: 'A minor', chords: new Set(['A:min']) });
    expect((await heard([62, 66, 69])).chords).toEqual(new Set(['D']));
  }, 60_000);

  it('stops between note batches when the job is cancelled', async () => {
    const long = writeWav({ channels: rehearsalChannels(40, RATE), sampleRate: RATE, encoding: 'pcm16' }) as Uint8Array;
    const spy = noteStreamSpy();
    const { env } = await harness(long, undefined, { openNoteStream: async () => spy.stream, isCancelled: () => spy.pushed.length >= 2 });
    expect((await runAnalysisPipeline(env)).type).toBe('cancelled');
    expect(spy.pushed).toHaveLength(2);
    expect(spy.finished).toBe(false);
  }, 60_000);

  it('skips notes with the reason when the orchestrator sent the stage to its fallback', async () => {
    const { env } = await harness(wav, undefined, { fallbackStages: [AnalysisStage.Notes], openNoteStream: () => Promise.reject(new Error('must not run')) });
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
