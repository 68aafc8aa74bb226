// Accuracy on music rendered from MIDI we wrote (tests/fixtures/harmony-songs.ts):
// the MIDI is the ground truth for key and chords. Figures are printed.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { beatSynchronous } from '$workers/analysis/harmony/chroma-sequence';
import { estimateChords } from '$workers/analysis/harmony/chords';
import { computeChromagram, type Chromagram } from '$workers/analysis/harmony/chromagram';
import { estimateKey } from '$workers/analysis/harmony/key';
import { majMinRecall } from '$workers/analysis/harmony-metrics/chord-recall';
import { mirexKeyScore } from '$workers/analysis/harmony-metrics/key-score';
import { decodeWav } from '$workers/synth/instruments/decode-wav';
import { SONGS, renderSong, songTruth, type SongTruth } from '../../fixtures/harmony-songs';

interface Rendered {
  name: string;
  truth: SongTruth;
  chroma: Chromagram;
}

const rendered: Rendered[] = [];

beforeAll(() => {
  for (const song of SONGS) {
    const path = renderSong(song);
    const wav = decodeWav(readFileSync(path), path);
    expect(wav.sampleRate).toBe(22050);
    rendered.push({ name: song.name, truth: songTruth(song), chroma: computeChromagram(wav.data, wav.sampleRate) });
  }
}, 60_000);

describe('harmony on rendered songs (fluidsynth, TimGM6mb)', () => {
  it('estimates the key: MIREX weighted score ≥ 0.8 on average, exact on most songs', () => {
    const scores = rendered.map(({ name, truth, chroma }) => {
      const key = estimateKey(chroma);
      const score = mirexKeyScore(truth.key, key.label);
      console.log(`key ${name}: reference ${truth.key}, estimate ${key.label} (confidence ${key.confidence.toFixed(2)}, runner-up ${key.runnerUp.label}), score ${score}`);
      return score;
    });
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    console.log(`key MIREX weighted score: ${mean.toFixed(3)} over ${scores.length} songs`);
    expect(mean).toBeGreaterThanOrEqual(0.8);
    expect(scores.filter((s) => s === 1).length).toBeGreaterThan(scores.length / 2);
  });

  it('recognises chords: duration-weighted MajMin recall ≥ 0.7, frame-wise and beat-synchronous', () => {
    let frameSum = 0;
    let beatSum = 0;
    for (const { name, truth, chroma } of rendered) {
      const frameRecall = majMinRecall(truth.chords, estimateChords(chroma));
      const beatRecall = majMinRecall(truth.chords, estimateChords(beatSynchronous(chroma, truth.beats)));
      console.log(`chords ${name}: MajMin recall ${frameRecall.toFixed(3)} (frames), ${beatRecall.toFixed(3)} (beats); tuning ${chroma.tuning.cents.toFixed(1)} cents`);
      frameSum += frameRecall;
      beatSum += beatRecall;
    }
    console.log(`chord MajMin recall: ${(frameSum / rendered.length).toFixed(3)} frames, ${(beatSum / rendered.length).toFixed(3)} beats`);
    expect(frameSum / rendered.length).toBeGreaterThanOrEqual(0.7);
    expect(beatSum / rendered.length).toBeGreaterThanOrEqual(0.7);
  });

  it('finds the tuning of a General MIDI render within 10 cents of A440', () => {
    for (const { chroma } of rendered) expect(Math.abs(chroma.tuning.cents)).toBeLessThan(10);
  });
});
