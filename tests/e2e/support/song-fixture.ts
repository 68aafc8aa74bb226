import { writeWav } from '../../fixtures/wav-writer.js';

/**
 * A 24 s rehearsal with a known answer, for the Analysis panel tests: 120 BPM
 * in 4/4 (a bar is 2 s), form A–B–A of four bars each, a click on every beat
 * (accented on 1), a sustained triad per bar and a bass note (the chord's
 * root two octaves down, a pure low sine) per bar. The bass sits far below
 * everything else, so soloing the bass stem must make a low frequency
 * dominate what the app plays.
 */
export const SONG_RATE = 22050;
export const SONG_BPM = 120;
export const SONG_BAR_SECONDS = 2;

const C = [261.63, 329.63, 392.0];
const F = [349.23, 440.0, 523.25];
const G = [392.0, 493.88, 587.33];
const Am = [220.0, 261.63, 329.63];
const Dm = [293.66, 349.23, 440.0];

/** One chord per bar, A–B–A. */
export const SONG_CHORDS = ['C', 'F', 'G', 'C', 'C', 'F', 'G', 'C', 'Am', 'Dm', 'F', 'G', 'Am', 'Dm', 'F', 'G', 'C', 'F', 'G', 'C'] as const;
const TRIADS: Record<(typeof SONG_CHORDS)[number], number[]> = { C, F, G, Am, Dm };

export function songWav(): Uint8Array {
  const frames = SONG_CHORDS.length * SONG_BAR_SECONDS * SONG_RATE;
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    const t = i / SONG_RATE;
    const bar = Math.floor(t / SONG_BAR_SECONDS);
    const chord = TRIADS[SONG_CHORDS[bar]!];
    // The B section is brighter (octave doubling) so it also differs in timbre.
    const bright = bar >= 8 && bar < 16 ? 0.5 : 0;
    let tone = 0;
    for (const f of chord) tone += Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t) + bright * Math.sin(8 * Math.PI * f * t);
    const bassHz = chord[0]! / 4;
    const bass = Math.sin(2 * Math.PI * bassHz * t);
    const beat = t % 0.5;
    const accent = Math.floor(t / 0.5) % 4 === 0 ? 1 : 0.6;
    const click = beat < 0.03 ? accent * Math.sin(2 * Math.PI * 1500 * t) * Math.exp(-beat / 0.006) : 0;
    samples[i] = Math.max(-1, Math.min(1, 0.07 * tone + 0.3 * bass + 0.45 * click));
  }
  return writeWav({ channels: [samples], sampleRate: SONG_RATE, encoding: 'pcm16' }) as Uint8Array;
}
