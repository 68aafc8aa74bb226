// The streaming transcription (what the analysis runs over a whole recording)
// makes the notes the one-shot transcription makes: first on a scripted model
// whose activations are a known score (small segments, notes held across
// segment boundaries, random scores), then on the real Basic Pitch over two
// minutes of rendered piano pushed in odd-sized blocks.
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertBasicPitch } from '../../../models/basic-pitch/convert-basic-pitch.ts';
import { DEFAULT_NOTE_EXTRACTION, extractNotes, inferredOnsetScale, type NoteExtractionOptions } from '../../../workers/inference/basic-pitch/note-extraction.ts';
import { loadBasicPitch } from '../../../workers/inference/basic-pitch/onnx-basic-pitch.ts';
import { StreamingTranscriber, transcribeInSegments } from '../../../workers/inference/basic-pitch/streaming-transcription.ts';
import { CONTOUR_BINS, KEY_BINS, timeNotes, transcribe, type BasicPitchModel, type TimedNote } from '../../../workers/inference/basic-pitch/transcribe.ts';
import { FRAMES_PER_WINDOW, EDGE_FRAMES, KEPT_FRAMES_PER_WINDOW } from '../../../workers/inference/basic-pitch/windowing.ts';
import { ModelSessions, configureOnnxRuntime } from '../../../workers/inference/onnx-runtime.ts';
import { renderPianoWithFluidSynth, type ToneNote } from '../../fixtures/basic-pitch-audio.ts';

interface ScoreNote {
  key: number;
  start: number;
  length: number;
  level: number;
}

/**
 * A stand-in model that plays a score: windows run in order, so it counts
 * them and answers, for stitched frame f, note activation `level` (decaying a
 * little) while a score note sounds and an onset peak at its first frame.
 */
function scriptedModel(score: readonly ScoreNote[]): BasicPitchModel & { windowsRun: number } {
  const model = {
    windowsRun: 0,
    async run(_windows: Float32Array, batchSize: number) {
      const note = new Float32Array(batchSize * FRAMES_PER_WINDOW * KEY_BINS);
      const onset = new Float32Array(batchSize * FRAMES_PER_WINDOW * KEY_BINS);
      for (let w = 0; w < batchSize; w += 1) {
        const window = model.windowsRun + w;
        for (let k = 0; k < FRAMES_PER_WINDOW; k += 1) {
          const frame = window * KEPT_FRAMES_PER_WINDOW + k - EDGE_FRAMES;
          const row = (w * FRAMES_PER_WINDOW + k) * KEY_BINS;
          for (const played of score) {
            if (frame < played.start || frame >= played.start + played.length) continue;
            note[row + played.key] = Math.max(note[row + played.key] ?? 0, played.level * (1 - (0.3 * (frame - played.start)) / played.length));
            if (frame === played.start) onset[row + played.key] = Math.min(1, played.level + 0.1);
          }
        }
      }
      model.windowsRun += batchSize;
      return { note, onset, contour: new Float32Array(batchSize * FRAMES_PER_WINDOW * CONTOUR_BINS) };
    }
  };
  return model;
}

const byOnset = (notes: readonly TimedNote[]) => [...notes].sort((a, b) => a.startSeconds - b.startSeconds || a.pitchMidi - b.pitchMidi);
const silence = (seconds: number) => new Float32Array(Math.round(seconds * 22050));
// Inferred onsets are scaled by the maxima of what is extracted at once (the whole file, or one run): off here, so the scripted tests compare the segmenting alone.
const NO_INFERRED_ONSETS: NoteExtractionOptions = { ...DEFAULT_NOTE_EXTRACTION, inferOnsets: false };

async function oneShot(score: ScoreNote[], seconds: number): Promise<TimedNote[]> {
  return byOnset((await transcribe(scriptedModel(score), silence(seconds), { extraction: NO_INFERRED_ONSETS })).notes);
}

describe('streaming transcription on a scripted model', () => {
  it('gives a note held across a segment boundary once, whole', async () => {
    // Segments of 200 frames: the held note runs from frame 150 to 650, over two boundaries and past a run's context.
    const score = [
      { key: 40, start: 150, length: 500, level: 0.9 },
      { key: 52, start: 190, length: 30, level: 0.8 },
      { key: 55, start: 205, length: 40, level: 0.8 }
    ];
    const streamed = byOnset(await transcribeInSegments(scriptedModel(score), silence(12), { segmentFrames: 200, contextFrames: 60, extraction: NO_INFERRED_ONSETS, blockSamples: 7001 }));
    expect(streamed).toEqual(await oneShot(score, 12));
    const held = streamed.filter((note) => note.pitchMidi === 61);
    expect(held).toHaveLength(1);
    expect(held[0]!.durationSeconds).toBeGreaterThan(5.5);
  });

  it('makes the one-shot notes for random scores, segment sizes and block sizes (property)', async () => {
    const noteArbitrary = fc.record({ key: fc.integer({ min: 20, max: 70 }), start: fc.integer({ min: 0, max: 1100 }), length: fc.integer({ min: 5, max: 400 }), level: fc.double({ min: 0.35, max: 1, noNaN: true }) });
    await fc.assert(
      fc.asyncProperty(fc.array(noteArbitrary, { maxLength: 25 }), fc.integer({ min: 40, max: 400 }), fc.integer({ min: 1000, max: 60_000 }), fc.integer({ min: 1, max: 5 }), async (score, segmentFrames, blockSamples, batchSize) => {
        const streamed = byOnset(await transcribeInSegments(scriptedModel(score), silence(15), { segmentFrames, contextFrames: 60, batchSize, blockSamples, extraction: NO_INFERRED_ONSETS }));
        expect(streamed).toEqual(await oneShot(score, 15));
      }),
      // Seeded so CI is repeatable; unseeded runs found the two cases below.
      { numRuns: 60, seed: 20261123 }
    );
  });

  // Found by the property, unseeded: a run cut through a long note placed its start a frame late, the
  // segment ended there, and the note's real onset (frame 0) then belonged to no segment.
  it('keeps a note that starts at the very first frame when audio arrives in small pushes', async () => {
    const score = [
      { key: 20, start: 0, length: 116, level: 0.37459633642941936 },
      { key: 20, start: 88, length: 12, level: 0.41379309933761066 }
    ];
    const streamed = byOnset(await transcribeInSegments(scriptedModel(score), silence(15), { segmentFrames: 40, contextFrames: 60, batchSize: 1, blockSamples: 1000, extraction: NO_INFERRED_ONSETS }));
    expect(streamed).toEqual(await oneShot(score, 15));
  });

  // Known difference, also found unseeded (about 1 random score in 1000): a note hovering just over the
  // frame threshold next to a neighbour's short note comes out one frame (12 ms) shorter than the one-shot.
  // `fails` keeps it on record and turns red once streaming matches here too.
  it.fails('gives a note near the threshold beside a neighbour the one-shot duration', async () => {
    const score = [
      { key: 23, start: 902, length: 250, level: 0.35 },
      { key: 22, start: 1032, length: 12, level: 0.41379309933761066 }
    ];
    const streamed = byOnset(await transcribeInSegments(scriptedModel(score), silence(15), { segmentFrames: 41, contextFrames: 60, batchSize: 1, blockSamples: 1000, extraction: NO_INFERRED_ONSETS }));
    expect(streamed).toEqual(await oneShot(score, 15));
  });

  it('holds a bounded stretch of activations however long the recording', async () => {
    const score = Array.from({ length: 400 }, (_, index) => ({ key: 30 + ((index * 7) % 40), start: index * 60, length: 50, level: 0.8 }));
    const transcriber = new StreamingTranscriber(scriptedModel(score), { segmentFrames: 300, contextFrames: 80, extraction: NO_INFERRED_ONSETS });
    const notes: TimedNote[] = [];
    const audio = silence(300);
    for (let at = 0; at < audio.length; at += 22050) notes.push(...(await transcriber.push(audio.subarray(at, at + 22050))));
    notes.push(...(await transcriber.finish()));
    expect(notes).toHaveLength(400);
    // 5 min is 25,800 frames; the store holds a run, the notes still sounding before it and a batch of windows.
    expect(transcriber.peakFramesHeld).toBeLessThan(2000);
  });

  it('reports notes as they become final, before the end', async () => {
    const score = Array.from({ length: 60 }, (_, index) => ({ key: 40 + (index % 12), start: index * 100, length: 60, level: 0.8 }));
    const transcriber = new StreamingTranscriber(scriptedModel(score), { segmentFrames: 500, contextFrames: 80, extraction: NO_INFERRED_ONSETS });
    const early = await transcriber.push(silence(75));
    expect(early.length).toBeGreaterThan(40);
    expect(early.length + (await transcriber.finish()).length).toBe(60);
  });

  it('refuses more audio after it finished', async () => {
    const transcriber = new StreamingTranscriber(scriptedModel([]));
    await transcriber.finish();
    await expect(transcriber.push(silence(1))).rejects.toThrow(/finished/);
  });
});

describe('streaming transcription with Basic Pitch', () => {
  let basicPitchBytes: Uint8Array;
  beforeAll(async () => {
    configureOnnxRuntime({ crossOriginIsolated: false, hardwareConcurrency: 2 }, null);
    basicPitchBytes = await convertBasicPitch();
  });

  it('makes the same notes as the one-shot transcription over two minutes of piano, pushed in odd blocks', async () => {
    // Chords and a melody for two minutes, with notes held across the 30 s segment boundaries.
    const notes: ToneNote[] = [];
    for (let bar = 0; bar < 60; bar += 1) {
      const root = [48, 53, 55, 45][bar % 4]!;
      const held = bar % 15 === 14;
      for (const interval of [0, 4, 7]) notes.push({ pitch: root + interval + (root === 45 && interval === 4 ? -1 : 0), start: bar * 2, duration: held ? 3.5 : 1.8 });
      for (let step = 0; step < 4; step += 1) notes.push({ pitch: 72 + ((bar * 5 + step * 2) % 12), start: bar * 2 + step * 0.5, duration: 0.4 });
    }
    const audio = renderPianoWithFluidSynth('two-minute-piano', notes);
    const sessions = new ModelSessions(async () => basicPitchBytes);
    const model = await loadBasicPitch(sessions);
    const whole = await transcribe(model, audio, { batchSize: 4 });
    // The one-shot scales inferred onsets by the whole file's maxima, a run by its own: give both the whole file's scale.
    const extraction = { ...DEFAULT_NOTE_EXTRACTION, inferredOnsetScale: inferredOnsetScale(whole.noteActivations, whole.onsetActivations) };
    const oneShotNotes = byOnset(timeNotes(extractNotes(whole.noteActivations, whole.onsetActivations, extraction)));
    const streamed = byOnset(await transcribeInSegments(model, audio, { batchSize: 3, blockSamples: 48_013, extraction }));
    expect(oneShotNotes.length).toBeGreaterThan(300);
    expect(streamed).toEqual(oneShotNotes);

    // With each run's own scale (what the analysis does), a note moves only where an inferred onset sits at the threshold.
    const reference = byOnset(whole.notes);
    const ownScale = byOnset(await transcribeInSegments(model, audio, { batchSize: 4 }));
    const same = ownScale.filter((note) => reference.some((other) => other.pitchMidi === note.pitchMidi && other.startSeconds === note.startSeconds && other.durationSeconds === note.durationSeconds));
    const nearly = ownScale.filter((note) => reference.some((other) => other.pitchMidi === note.pitchMidi && Math.abs(other.startSeconds - note.startSeconds) <= 0.025));
    console.log(`two minutes of piano: ${reference.length} notes one-shot, ${ownScale.length} streamed with per-run onset scale, ${same.length} identical, ${nearly.length} within 25 ms`);
    expect(ownScale.length).toBe(reference.length);
    expect(nearly.length).toBe(reference.length);
    expect(same.length).toBeGreaterThanOrEqual(0.98 * reference.length);
    await sessions.releaseAll();
  }, 120_000);
});
