// End to end in Node: a melody written as MIDI, rendered by FluidSynth, is
// transcribed through the app's runtime path (manifest hash check, one cached
// session, batched windows) with onsets within 50 ms and exact pitches.
import { beforeAll, describe, expect, it } from 'vitest';
import { convertBasicPitch } from '../../../models/basic-pitch/convert-basic-pitch.ts';
import { loadBasicPitch } from '../../../workers/inference/basic-pitch/onnx-basic-pitch.ts';
import { transcribe, type TimedNote } from '../../../workers/inference/basic-pitch/transcribe.ts';
import { ModelSessions, configureOnnxRuntime } from '../../../workers/inference/onnx-runtime.ts';
import { renderPianoWithFluidSynth, type ToneNote } from '../../fixtures/basic-pitch-audio.ts';

let basicPitchBytes: Uint8Array;

beforeAll(async () => {
  configureOnnxRuntime({ crossOriginIsolated: false, hardwareConcurrency: 2 }, null);
  basicPitchBytes = await convertBasicPitch();
});

/** C major scale up and a closing C major triad, 0.4 s per note. */
const MELODY: ToneNote[] = [
  ...[60, 62, 64, 65, 67, 69, 71, 72].map((pitch, index) => ({ pitch, start: 0.25 + index * 0.4, duration: 0.35 })),
  ...[60, 64, 67].map((pitch) => ({ pitch, start: 3.6, duration: 1.0 }))
];

function matchNotes(reference: readonly ToneNote[], detected: readonly TimedNote[]) {
  const used = new Set<number>();
  let matched = 0;
  for (const note of reference) {
    const hit = detected.findIndex((candidate, index) => !used.has(index) && candidate.pitchMidi === note.pitch && Math.abs(candidate.startSeconds - note.start) <= 0.05);
    if (hit >= 0) {
      used.add(hit);
      matched += 1;
    }
  }
  const precision = detected.length === 0 ? 0 : matched / detected.length;
  const recall = matched / reference.length;
  return { matched, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

describe('Basic Pitch transcription', () => {
  it('transcribes a rendered piano melody: onsets within 50 ms, exact pitches', async () => {
    const audio = renderPianoWithFluidSynth('scale-and-triad', MELODY);
    const sessions = new ModelSessions(async () => basicPitchBytes);
    const model = await loadBasicPitch(sessions);
    expect(await sessions.session('basic-pitch')).toBe(await sessions.session('basic-pitch'));
    const { notes } = await transcribe(model, audio, { batchSize: 4 });
    const score = matchNotes(MELODY, notes);
    console.log(`transcription: ${notes.length} notes, matched ${score.matched}/${MELODY.length}, F1 ${score.f1.toFixed(3)}`);
    expect(score.f1).toBeGreaterThanOrEqual(0.75);
    await sessions.releaseAll();
  }, 60_000);

  it('works on a short window (2 s) as the live scorer will use it', async () => {
    const short: ToneNote[] = [{ pitch: 69, start: 0.3, duration: 1.2 }];
    const audio = renderPianoWithFluidSynth('short-a4', short);
    const sessions = new ModelSessions(async () => basicPitchBytes);
    const { notes } = await transcribe(await loadBasicPitch(sessions), audio.subarray(0, 22050 * 2), { batchSize: 1 });
    expect(notes.some((note) => note.pitchMidi === 69 && Math.abs(note.startSeconds - 0.3) <= 0.05)).toBe(true);
    await sessions.releaseAll();
  }, 30_000);

  it('refuses model bytes that differ from the manifest before creating a session', async () => {
    const tampered = basicPitchBytes.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0xff;
    const sessions = new ModelSessions(async () => tampered);
    await expect(sessions.session('basic-pitch')).rejects.toThrow(/basic-pitch\.onnx .*does not match the app's manifest/);
  });
});
