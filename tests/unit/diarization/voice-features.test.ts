import { describe, expect, it } from 'vitest';
import { EmbeddingSpace, unitCosine } from '../../../workers/diarization/embedding-space.ts';
import { MfccAnalyser } from '../../../workers/diarization/mfcc.ts';
import { PitchTracker, voicedMedian } from '../../../workers/diarization/pitch.ts';
import { createDspEmbedder, planWindows } from '../../../workers/diarization/speaker-embedding.ts';

const RATE = 16000;
/** A buzzy "voice": harmonics of f0 with a fixed spectral envelope peak (a crude formant). */
function voice(f0: number, formant: number, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let h = 1; h * f0 < 7000; h++) {
    const gain = Math.exp(-(((h * f0 - formant) / 600) ** 2)) + 0.05 / h;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + 0.1 * gain * Math.sin((2 * Math.PI * h * f0 * i) / RATE);
  }
  return out;
}

describe('voice features', () => {
  it('tracks the pitch of a harmonic tone', () => {
    const tracker = new PitchTracker();
    const audio = voice(150, 700, 1);
    const median = voicedMedian(tracker.track(audio, 0, audio.length), 0, 1000);
    expect(2 ** median).toBeGreaterThan(145);
    expect(2 ** median).toBeLessThan(155);
  });

  it('calls silence unvoiced and keeps MFCCs of digital silence finite', () => {
    const silence = new Float32Array(RATE);
    expect(Number.isNaN(voicedMedian(new PitchTracker().track(silence, 0, silence.length), 0, 1000))).toBe(true);
    expect(new MfccAnalyser().analyse(silence, 0, silence.length).every(Number.isFinite)).toBe(true);
  });

  it('makes one frame of 20 MFCCs every 10 ms', () => {
    const analyser = new MfccAnalyser();
    expect(analyser.analyse(new Float32Array(RATE), 0, RATE)).toHaveLength(analyser.frameCount(RATE) * 20);
    expect(analyser.frameCount(RATE)).toBe(98);
  });

  it('gives windows of the same voice closer embeddings than windows of different voices', async () => {
    const a = voice(110, 600, 3);
    const b = voice(210, 1500, 3);
    const audio = new Float32Array(a.length + b.length);
    audio.set(a);
    audio.set(b, a.length);
    const windows = planWindows([{ start: 0, end: 3 }, { start: 3, end: 6 }], 1.5, 0.75, 0.3);
    const raw = await createDspEmbedder().embed(audio, windows);
    const space = EmbeddingSpace.fit(raw);
    const vectors = raw.map((v) => space.project(v));
    const [first, second] = [vectors[0] as Float32Array, vectors[1] as Float32Array];
    const other = vectors[vectors.length - 1] as Float32Array;
    expect(unitCosine(first, second)).toBeGreaterThan(unitCosine(first, other));
  });

  it('plans sliding windows that cover each region to its end, and one window for a short region', () => {
    expect(planWindows([{ start: 0, end: 2 }], 1.5, 0.75, 0.3)).toEqual([
      { start: 0, end: 1.5 },
      { start: 0.5, end: 2 }
    ]);
    expect(planWindows([{ start: 5, end: 5.8 }, { start: 7, end: 7.1 }], 1.5, 0.75, 0.3)).toEqual([{ start: 5, end: 5.8 }]);
  });
});
