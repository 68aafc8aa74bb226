// The notes stage's DSP fallback: YIN pitch and monophonic notes on tones of
// known pitch and timing (bass and melody lines rendered in code).
import { describe, expect, it } from 'vitest';
import { MonophonicStemsTranscriber, transcribeMonophonicStems } from '$workers/analysis/notes/dsp-note-fallback';
import { frequencyToMidi, notesFromPitchTrack } from '$workers/analysis/notes/monophonic-notes';
import { YinPitchTracker } from '$workers/analysis/notes/yin-pitch';
import { renderTones, SAMPLE_RATE, type ToneNote } from '../../fixtures/basic-pitch-audio';

const tracker = (minHz: number, maxHz: number) => new YinPitchTracker({ sampleRate: SAMPLE_RATE, integrationSamples: 1014, hopSamples: 256, minHz, maxHz, threshold: 0.15 });
const midiToHz = (pitch: number) => 440 * 2 ** ((pitch - 69) / 12);

function medianVoiced(values: Float32Array): number {
  const voiced = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  return voiced[Math.floor(voiced.length / 2)] ?? NaN;
}

/** Matches estimated notes to reference notes: exact pitch, onset within ±50 ms, each used once. */
function noteF1(reference: readonly ToneNote[], estimate: readonly { startSeconds: number; pitchMidi: number }[]): number {
  const used = new Set<number>();
  let hits = 0;
  for (const note of reference) {
    const match = estimate.findIndex((candidate, index) => !used.has(index) && candidate.pitchMidi === note.pitch && Math.abs(candidate.startSeconds - note.start) <= 0.05);
    if (match >= 0) {
      used.add(match);
      hits++;
    }
  }
  if (hits === 0) return 0;
  const precision = hits / estimate.length;
  const recall = hits / reference.length;
  return (2 * precision * recall) / (precision + recall);
}

describe('YIN pitch tracker', () => {
  it.each([28, 33, 45, 57, 69, 81])('finds MIDI %i within 20 cents on a harmonic tone', (pitch) => {
    const audio = renderTones([{ pitch, start: 0, duration: 1 }], 1);
    const track = tracker(30, 1100).track(audio);
    expect(Math.abs(frequencyToMidi(medianVoiced(track.frequency)) - pitch)).toBeLessThan(0.2);
  });

  it('finds no pitch in silence or in white noise', () => {
    const silent = tracker(30, 1100).track(new Float32Array(SAMPLE_RATE));
    expect(Array.from(silent.frequency).some(Number.isFinite)).toBe(false);
    let state = 7;
    const noise = Float32Array.from({ length: SAMPLE_RATE }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return 0.3 * ((state / 2147483648) * 2 - 1);
    });
    expect(notesFromPitchTrack(tracker(30, 1100).track(noise))).toEqual([]);
  });

  it('keeps the period exact at the low end: a 31 Hz B0 is not reported an octave up', () => {
    const audio = renderTones([{ pitch: 23, start: 0, duration: 1.5 }], 1.5);
    const hz = medianVoiced(tracker(30, 330).track(audio).frequency);
    expect(hz).toBeGreaterThan(midiToHz(23) * 0.98);
    expect(hz).toBeLessThan(midiToHz(23) * 1.02);
  });
});

describe('monophonic notes from a pitch track', () => {
  it('transcribes a bass line note for note (exact pitch, onset ±50 ms)', () => {
    const line: ToneNote[] = [28, 33, 38, 43, 40, 35, 31, 28].map((pitch, index) => ({ pitch, start: 0.25 + index * 0.55, duration: 0.45 }));
    const audio = renderTones(line, 5);
    const notes = transcribeMonophonicStems([{ name: 'bass', audio, role: 'bass' }], SAMPLE_RATE);
    expect(noteF1(line, notes)).toBeGreaterThanOrEqual(0.9);
    expect(notes.every((note) => note.stem === 'bass' && note.confidence > 0 && note.confidence <= 0.5)).toBe(true);
  });

  it('transcribes a melody on the centre stem and keeps its durations', () => {
    const melody: ToneNote[] = [60, 62, 64, 65, 67, 69, 71, 72, 67, 64].map((pitch, index) => ({ pitch, start: 0.2 + index * 0.3, duration: 0.25 }));
    const audio = renderTones(melody, 3.5);
    const notes = transcribeMonophonicStems([{ name: 'centre', audio, role: 'melody' }], SAMPLE_RATE);
    expect(noteF1(melody, notes)).toBeGreaterThanOrEqual(0.9);
    for (const note of notes) expect(note.durationSeconds).toBeGreaterThan(0.15);
  });

  it('splits a re-struck note of the same pitch into two notes', () => {
    const repeated: ToneNote[] = [
      { pitch: 45, start: 0.2, duration: 0.6 },
      { pitch: 45, start: 0.8, duration: 0.6 }
    ];
    const notes = transcribeMonophonicStems([{ name: 'bass', audio: renderTones(repeated, 1.6), role: 'bass' }], SAMPLE_RATE);
    expect(noteF1(repeated, notes)).toBe(1);
  });

  it('drops blips shorter than the minimum note length', () => {
    const notes = transcribeMonophonicStems([{ name: 'centre', audio: renderTones([{ pitch: 64, start: 0.3, duration: 0.05 }], 1), role: 'melody' }], SAMPLE_RATE);
    expect(notes).toEqual([]);
  });
});

describe('streamed fallback', () => {
  it('tracks a long bass line pushed in odd blocks exactly as the whole array', () => {
    const line = Array.from({ length: 40 }, (_, index) => ({ pitch: [40, 45, 43, 38][index % 4]!, start: index * 0.5, duration: 0.45 }));
    const audio = renderTones(line, 20.5);
    const whole = transcribeMonophonicStems([{ name: 'bass', audio, role: 'bass' }], SAMPLE_RATE);
    const streamed = new MonophonicStemsTranscriber([{ name: 'bass', role: 'bass' }], SAMPLE_RATE);
    for (let at = 0; at < audio.length; at += 9973) streamed.push([audio.subarray(at, at + 9973)]);
    const notes = streamed.finish();
    expect(notes).toEqual(whole);
    expect(notes.filter((note) => note.startSeconds > 15).length).toBeGreaterThan(8);
  });
});
