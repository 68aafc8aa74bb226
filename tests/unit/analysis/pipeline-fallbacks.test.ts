// The pipeline's ML stages and their fallbacks: notes from the DSP pitch
// tracker when Basic Pitch fails or is sent to its fallback, and stems from a
// user's stem model (or the built-in stems when that model fails).
import { describe, expect, it } from 'vitest';
import { runAnalysisPipeline, type PipelineEnvironment, type StemSeparatorModel } from '$workers/analysis/pipeline/analysis-pipeline';
import { AnalysisStage, analysisKey, analysisSegmentKey } from '$workers/analysis/pipeline/analysis-stages';
import { readSegmentedTrack } from '$workers/analysis/pipeline/audio-segments';
import { AnalysisResultSchema, NotesStageSchema, StemsStageSchema } from '$workers/analysis/pipeline/analysis-result';
import { openInput, storeInput } from '$workers/analysis/pipeline/input-store';
import { ContentCache } from '$lib/storage/content-cache';
import { digestBytes } from '$lib/storage/content-key';
import { createMemoryStore } from '$lib/storage/memory-store';
import { measureRecording, readStem } from '$lib/panels/analysis/recording-measures';
import { writeWav } from '../../fixtures/wav-writer.js';

const RATE = 22050;
const BASS_LINE = [40, 45, 43, 38];
const hz = (pitch: number) => 440 * 2 ** ((pitch - 69) / 12);

/** 8 s (or `seconds`) at 120 BPM, stereo: a bass note per bar (centre), a louder melody note per beat (centre, like a vocal), hats panned hard left. */
function bandWav(seconds = 8): Uint8Array {
  const left = new Float32Array(seconds * RATE);
  const right = new Float32Array(seconds * RATE);
  for (let i = 0; i < left.length; i++) {
    const t = i / RATE;
    const bar = Math.floor(t / 2) % 4;
    const beat = t % 0.5;
    const bass = BASS_LINE[bar]!;
    const melody = 64 + ((Math.floor(t / 0.5) * 5) % 12);
    let tone = 0;
    for (let k = 1; k <= 4; k++) tone += (0.2 * Math.sin(2 * Math.PI * hz(bass) * k * t)) / k;
    const lead = beat < 0.42 ? 0.3 * Math.sin(2 * Math.PI * hz(melody) * t) * Math.min(1, beat / 0.01) : 0;
    const hat = beat < 0.02 ? 0.3 * Math.sin(2 * Math.PI * 7000 * t) * Math.exp(-beat / 0.004) : 0;
    left[i] = tone + lead + hat;
    right[i] = tone + lead;
  }
  return writeWav({ channels: [left, right], sampleRate: RATE, encoding: 'pcm16' }) as Uint8Array;
}

async function environment(bytes: Uint8Array, overrides: Partial<PipelineEnvironment> = {}, cache = new ContentCache(createMemoryStore())) {
  const inputDigest = await digestBytes(bytes);
  const source = await storeInput(cache, inputDigest, bytes);
  if (!source) throw new Error('input not stored');
  const env: PipelineEnvironment = {
    inputDigest,
    cache,
    openInput: () => openInput(cache, source),
    fallbackStages: [],
    onProgress: () => undefined,
    isCancelled: () => false,
    ...overrides
  };
  return { env, cache };
}

async function analyse(overrides: Partial<PipelineEnvironment> = {}, cache?: ContentCache, seconds = 8) {
  const { env, cache: used } = await environment(bandWav(seconds), overrides, cache);
  const outcome = await runAnalysisPipeline(env);
  if (outcome.type !== 'completed') throw new Error(`expected completed, got ${outcome.type}`);
  const result = await used.getResult(outcome.resultRef, AnalysisResultSchema);
  if (!result.hit) throw new Error('result not cached');
  const notes = await used.getResult(await analysisKey(env.inputDigest, AnalysisStage.Notes, overrides.stemSeparator ? { 'stem-separator': overrides.stemSeparator.id } : {}), NotesStageSchema);
  return { outcome, result: result.value, notes: notes.hit ? notes.value : undefined, cache: used, env };
}

const stageOutcome = (outcome: Awaited<ReturnType<typeof analyse>>['outcome'], stage: string) => outcome.stages.find((entry) => entry.stage === stage);

describe('notes fallback', () => {
  it('falls back to pitch tracking on bass and centre when the note model throws, and says why', async () => {
    const { outcome, result, notes } = await analyse({ openNoteStream: () => Promise.reject(new Error('wasm out of memory')) });
    const notesOutcome = stageOutcome(outcome, AnalysisStage.Notes);
    expect(notesOutcome).toMatchObject({ outcome: 'fallback', reason: expect.stringMatching(/could not run \(wasm out of memory\).*pitch tracker on the bass and centre/) });
    expect(result.summary.notesSource).toBe('dsp');
    expect(result.fallbacks).toEqual([expect.objectContaining({ stage: 'notes' })]);
    const bassPitches = new Set(notes?.notes.filter((note) => note.stem === 'bass').map((note) => note.pitch));
    for (const pitch of BASS_LINE) expect(bassPitches).toContain(pitch);
    // One pitch at a time on a busy centre stem is a guess: at least half the melody, exact pitch, onset ±50 ms.
    const melody = Array.from({ length: 16 }, (_, beat) => ({ start: beat * 0.5, pitch: 64 + ((beat * 5) % 12) }));
    const centre = notes?.notes.filter((note) => note.stem === 'centre') ?? [];
    const found = melody.filter((expected) => centre.some((note) => note.pitch === expected.pitch && Math.abs(note.start - expected.start) <= 0.05));
    expect(found.length).toBeGreaterThanOrEqual(melody.length / 2);
    expect(notes?.notes.every((note) => note.confidence <= 0.5)).toBe(true);
    expect(result.summary.notes).toBe(notes?.count);
  }, 60_000);

  it('tracks the whole recording, not its first seconds', async () => {
    const { notes } = await analyse({ openNoteStream: () => Promise.reject(new Error('no model')) }, undefined, 24);
    expect(notes?.coveredSeconds).toBeCloseTo(24, 1);
    const lateBass = new Set(notes?.notes.filter((note) => note.stem === 'bass' && note.start > 16).map((note) => note.pitch));
    for (const pitch of BASS_LINE) expect(lateBass).toContain(pitch);
  }, 30_000);

  it('takes the fallback path without touching the model when the orchestrator timed the model out', async () => {
    const { outcome, result } = await analyse({ fallbackStages: [AnalysisStage.Notes], openNoteStream: () => Promise.reject(new Error('must not run')) });
    expect(stageOutcome(outcome, AnalysisStage.Notes)).toMatchObject({ outcome: 'fallback', reason: expect.stringMatching(/took too long/) });
    expect(result.summary.notesSource).toBe('dsp');
    expect(result.summary.notes).toBeGreaterThan(0);
  }, 60_000);

  it('a resumed job still reports the cached fallback notes as a fallback', async () => {
    const first = await analyse({ openNoteStream: () => Promise.reject(new Error('broken')) });
    // Drop the final result so the second run walks the stages again, from the cache.
    await first.cache.delete(first.outcome.resultRef);
    const again = await analyse({ openNoteStream: () => Promise.reject(new Error('must not run')) }, first.cache);
    expect(stageOutcome(again.outcome, AnalysisStage.Notes)).toMatchObject({ outcome: 'fallback', cached: true });
  }, 60_000);
});

/** A stand-in stem model: "low" is the mix's left channel, "high" its right, so each stem is recognisable. */
function channelSplitter(overrides: Partial<StemSeparatorModel> = {}): StemSeparatorModel {
  return {
    id: 'a'.repeat(64),
    label: 'split.onnx',
    stemNames: ['left', 'right'],
    separate: async (channels, _rate, onProgress, checkpoint) => {
      await checkpoint();
      onProgress(1);
      return [channels[0]!.slice(), (channels[1] ?? channels[0]!).slice()];
    },
    ...overrides
  };
}

describe('stems from a user stem model', () => {
  it('uses the stem model, stores its stems under its own key and names it in the result', async () => {
    const { outcome, result, cache, env } = await analyse({ stemSeparator: channelSplitter() });
    expect(stageOutcome(outcome, AnalysisStage.Stems)).toEqual({ stage: 'stems', outcome: 'done', cached: false });
    expect(result.summary.stems).toEqual(['left', 'right']);
    expect(result.summary.stemModel).toBe('split.onnx');
    const key = await analysisKey(env.inputDigest, AnalysisStage.Stems, { 'stem-separator': 'a'.repeat(64) });
    const stored = await cache.getResult(key, StemsStageSchema);
    expect(stored.hit && stored.value.model).toBe('split.onnx');
    const models = { 'stem-separator': 'a'.repeat(64) };
    const left = stored.hit ? await readSegmentedTrack(cache, (index) => analysisSegmentKey(env.inputDigest, AnalysisStage.Stems, index, models), stored.value.audio, 'left') : undefined;
    expect(left?.length).toBeGreaterThan(0);
    // The DSP stems' key stays empty: results with and without the model never mix.
    expect((await cache.getResult(await analysisKey(env.inputDigest, AnalysisStage.Stems), StemsStageSchema)).hit).toBe(false);
    // The result carries the model's hash, so the Analysis panel finds (and plays) the model's stems and notes.
    expect(result.summary.userModels).toEqual(models);
    const played = await readStem(cache, env.inputDigest, 'right', { start: 1, end: 2 }, result.summary.userModels);
    expect(played?.channels[0]).toHaveLength(RATE);
    expect(await readStem(cache, env.inputDigest, 'right', { start: 1, end: 2 })).toBeUndefined();
    const measured = await measureRecording(cache, env.inputDigest, [{ start: 0, end: 4 }], ['left', 'right'], result.summary.userModels);
    expect(Object.keys(measured.levels?.stems ?? {})).toEqual(['left', 'right']);
    expect(measured.notes).toBeDefined();
  }, 60_000);

  it('falls back to the built-in stems when the stem model throws, and says which model and why', async () => {
    const broken = channelSplitter({ separate: () => Promise.reject(new Error('Reshape: shape mismatch')) });
    const { outcome, result } = await analyse({ stemSeparator: broken });
    expect(stageOutcome(outcome, AnalysisStage.Stems)).toMatchObject({ outcome: 'fallback', reason: expect.stringMatching(/split\.onnx failed \(Reshape: shape mismatch\).*built-in stems/) });
    expect(result.summary.stems).toContain('harmonic');
    expect(result.summary.stemModel).toBeUndefined();
  }, 60_000);

  it('refuses stems of the wrong length from a model and uses the built-in stems', async () => {
    const short = channelSplitter({ separate: async (channels) => [channels[0]!.slice(0, 100), channels[0]!.slice(0, 100)] });
    const { outcome } = await analyse({ stemSeparator: short });
    expect(stageOutcome(outcome, AnalysisStage.Stems)).toMatchObject({ outcome: 'fallback', reason: expect.stringMatching(/wrong length/) });
  }, 60_000);
});
