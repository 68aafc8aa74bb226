// Our note extraction makes the same notes as @spotify/basic-pitch's
// outputToNotesPoly on the same activations, and windowing frames audio as
// tf.signal.frame does in the reference.
import { outputToNotesPoly } from '@spotify/basic-pitch/esm/toMidi.js';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTE_EXTRACTION, extractNotes } from '../../../workers/inference/basic-pitch/note-extraction.ts';
import { LEADING_PAD, WINDOW_SAMPLES, WINDOW_STEP, WindowStitcher, fillWindows, outputFrameCount, windowCount } from '../../../workers/inference/basic-pitch/windowing.ts';

const KEYS = 88;

/** Activations with a few notes (onset bump, sustained frame energy, decay) plus noise. */
function syntheticActivations(frames: number, notes: { key: number; start: number; length: number; level: number }[], noise: number[]) {
  const note = new Float32Array(frames * KEYS);
  const onset = new Float32Array(frames * KEYS);
  noise.forEach((value, index) => {
    note[index % note.length] = value * 0.35;
    onset[(index * 7) % onset.length] = value * 0.45;
  });
  for (const { key, start, length, level } of notes) {
    for (let t = start; t < Math.min(frames, start + length); t += 1) note[t * KEYS + key] = level * (1 - (0.4 * (t - start)) / length);
    if (start < frames) onset[start * KEYS + key] = Math.min(1, level + 0.1);
  }
  return { note, onset };
}

function toRows(values: Float32Array, frames: number): number[][] {
  return Array.from({ length: frames }, (_, t) => Array.from(values.subarray(t * KEYS, (t + 1) * KEYS)));
}

function ours(note: Float32Array, onset: Float32Array, frames: number) {
  return extractNotes({ frames, bins: KEYS, values: note }, { frames, bins: KEYS, values: onset }).map((event) => ({ ...event }));
}

function theirs(note: Float32Array, onset: Float32Array, frames: number) {
  const options = DEFAULT_NOTE_EXTRACTION;
  return outputToNotesPoly(toRows(note, frames), toRows(onset, frames), options.onsetThreshold, options.frameThreshold, options.minNoteFrames, true, null, null, true, options.energyTolerance);
}

describe('note extraction', () => {
  it('finds the notes the reference finds on a chord and a melody', () => {
    const frames = 300;
    const notes = [
      { key: 39, start: 10, length: 120, level: 0.9 },
      { key: 43, start: 10, length: 120, level: 0.8 },
      { key: 46, start: 12, length: 100, level: 0.7 },
      ...[51, 53, 55, 56].map((key, index) => ({ key, start: 140 + index * 35, length: 30, level: 0.85 }))
    ];
    const { note, onset } = syntheticActivations(frames, notes, []);
    const result = ours(note, onset, frames);
    expect(result).toEqual(theirs(note, onset, frames));
    expect(result.map((event) => event.pitchMidi).sort()).toEqual([60, 64, 67, 72, 74, 76, 77]);
  });

  it('matches the reference on random activations (property)', () => {
    const noteArbitrary = fc.record({ key: fc.integer({ min: 0, max: 87 }), start: fc.integer({ min: 0, max: 119 }), length: fc.integer({ min: 1, max: 60 }), level: fc.double({ min: 0.2, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(noteArbitrary, { maxLength: 8 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 400 }), (notes, noise) => {
        const { note, onset } = syntheticActivations(120, notes, noise);
        expect(ours(note, onset, 120)).toEqual(theirs(note, onset, 120));
      }),
      { numRuns: 60 }
    );
  });

  it('returns no notes for silence', () => {
    expect(ours(new Float32Array(50 * KEYS), new Float32Array(50 * KEYS), 50)).toEqual([]);
  });
});

describe('windowing', () => {
  it('frames audio like tf.signal.frame after 3840 leading zeros', () => {
    const audio = Float32Array.from({ length: 100_000 }, (_, index) => index + 1);
    const count = windowCount(audio.length);
    const padded = new Float32Array(LEADING_PAD + audio.length);
    padded.set(audio, LEADING_PAD);
    let expectedCount = 0;
    for (let start = 0; start < padded.length; start += WINDOW_STEP) expectedCount += 1;
    expect(count).toBe(expectedCount);
    const windows = new Float32Array(count * WINDOW_SAMPLES);
    fillWindows(audio, 0, count, windows);
    for (let window = 0; window < count; window += 1) {
      const expected = new Float32Array(WINDOW_SAMPLES);
      expected.set(padded.subarray(window * WINDOW_STEP, window * WINDOW_STEP + WINDOW_SAMPLES));
      expect(windows.subarray(window * WINDOW_SAMPLES, (window + 1) * WINDOW_SAMPLES)).toEqual(expected);
    }
  });

  it('keeps frames 15..157 of each window and trims to the audio length', () => {
    const frames = outputFrameCount(22050 * 3);
    expect(frames).toBe(258);
    const stitcher = new WindowStitcher(frames, 1);
    const output = Float32Array.from({ length: 2 * 172 }, (_, index) => index);
    stitcher.append(output, 2);
    const result = stitcher.result().values;
    expect(result[0]).toBe(15);
    expect(result[141]).toBe(156);
    expect(result[142]).toBe(172 + 15);
    expect(result.length).toBe(258);
  });
});
