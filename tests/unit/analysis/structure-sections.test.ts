import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeChromagram } from '$workers/analysis/harmony/chromagram';
import { adjustToSpan, boundariesOf, boundaryDetection } from '$workers/analysis/harmony-metrics/boundary-detection';
import { footeNovelty, pickPeaks } from '$workers/analysis/structure/novelty';
import { estimateSections, type Section } from '$workers/analysis/structure/sections';
import { selfSimilarity } from '$workers/analysis/structure/self-similarity';
import { decodeWav } from '$workers/synth/instruments/decode-wav';
import { SONGS, renderSong, songTruth } from '../../fixtures/harmony-songs';
import { toneSequence, triad, type ToneSpan } from '../../fixtures/harmony-signals';

const RATE = 22050;

function sectionsOf(samples: Float32Array, beats?: number[]): Section[] {
  const chroma = computeChromagram(samples, RATE);
  return estimateSections(samples, RATE, chroma, chroma.layout.hop, { beats }).sections;
}

describe('Foote novelty', () => {
  it('peaks at the change between two homogeneous blocks', () => {
    const n = 40;
    const features = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) features[i * 2 + (i < 25 ? 0 : 1)] = 1;
    const novelty = footeNovelty(selfSimilarity(features, 2), 6);
    const peaks = pickPeaks(novelty, 5);
    expect(peaks.map((p) => p.index)).toEqual([25]);
    expect(peaks[0]?.strength).toBe(1);
  });
});

describe('sections on synthetic signals', () => {
  it('finds A B A in harmonic tones with different chords and timbre, and labels the return A', () => {
    const a: ToneSpan[] = [0, 7, 9, 5].map((root, i) => ({ pitches: triad(root, i === 2 ? 'min' : 'maj'), seconds: 2 }));
    const b: ToneSpan[] = [2, 4, 2, 4].map((root) => ({ pitches: triad(root, 'min', false).map((p) => p + 12), seconds: 2 }));
    const samples = toneSequence([...a, ...a, ...b, ...b, ...a, ...a], RATE, { partials: 3 });
    const sections = sectionsOf(samples);
    expect(sections.map((s) => s.label)).toEqual(['A', 'B', 'A']);
    expect(sections[1]?.start).toBeCloseTo(16, -0.5);
    expect(sections[2]?.start).toBeCloseTo(32, -0.5);
  });

  it('gives one section to a file too short to have a form', () => {
    expect(sectionsOf(toneSequence([{ pitches: triad(0, 'maj'), seconds: 1 }], RATE))).toHaveLength(1);
  });
});

describe('sections on rendered songs (form known from the MIDI)', () => {
  const scores: { name: string; f3: number; f05: number; labels: string; reference: string }[] = [];

  beforeAll(() => {
    for (const song of SONGS) {
      const path = renderSong(song);
      const wav = decodeWav(readFileSync(path), path);
      const truth = songTruth(song);
      const chroma = computeChromagram(wav.data, wav.sampleRate);
      const estimate = estimateSections(wav.data, wav.sampleRate, chroma, chroma.layout.hop, { beats: truth.beats }).sections;
      const reference = boundariesOf(truth.sections.map((s) => [s.start, s.end] as const));
      const estimated = adjustToSpan(boundariesOf(estimate.map((s) => [s.start, s.end] as const)), truth.duration);
      scores.push({
        name: song.name,
        f3: boundaryDetection(reference, estimated, 3).f,
        f05: boundaryDetection(reference, estimated, 0.5).f,
        labels: estimate.map((s) => `${s.label}@${s.start.toFixed(1)}`).join(' '),
        reference: truth.sections.map((s) => `${s.label}@${s.start.toFixed(1)}`).join(' ')
      });
    }
    for (const s of scores) console.log(`sections ${s.name}: F@3s ${s.f3.toFixed(2)}, F@0.5s ${s.f05.toFixed(2)}; estimate ${s.labels}; reference ${s.reference}`);
  }, 60_000);

  it('places boundaries: mean F@3s ≥ 0.6', () => {
    const f3 = scores.reduce((sum, s) => sum + s.f3, 0) / scores.length;
    const f05 = scores.reduce((sum, s) => sum + s.f05, 0) / scores.length;
    console.log(`section boundary F: ${f3.toFixed(3)} @3s, ${f05.toFixed(3)} @0.5s over ${scores.length} songs`);
    expect(f3).toBeGreaterThanOrEqual(0.6);
  });

  it('labels the contrasting part differently from the opening part', () => {
    for (const s of scores) expect(new Set(s.labels.split(' ').map((l) => l.split('@')[0])).size).toBeGreaterThanOrEqual(2);
  });
});
