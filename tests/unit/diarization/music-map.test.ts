// The music map from the analysis's DSP stems, on the fixtures whose music we
// placed ourselves (fluidsynth between espeak turns): the map must cover the
// music and leave the talk alone.
import { describe, expect, it } from 'vitest';
import { Resampler } from '../../../workers/analysis/dsp/resampler';
import { DspStemSeparator } from '../../../workers/analysis/stems/stem-separator';
import { intersectRanges, totalSeconds } from '../../../workers/diarization/intervals.ts';
import { musicRegionsFromStems, windowLevels } from '../../../workers/diarization/music-map.ts';
import { ensureDiarizationFixtures, loadFixture } from './silero-session.ts';

const RATE = 22050;

/** What the analysis's stems stage would cache for this audio: harmonic, percussive and bass stems at 22.05 kHz. */
function stemLevels(audio16k: Float32Array) {
  const resampler = new Resampler(16000, RATE);
  const audio = new Float32Array([...resampler.push(audio16k), ...resampler.flush()]);
  const separator = new DspStemSeparator(RATE, 1);
  const parts = { harmonic: [] as Float32Array[], percussive: [] as Float32Array[], bass: [] as Float32Array[] };
  const take = (block: Record<'harmonic' | 'percussive' | 'bass', Float32Array>): void => {
    for (const name of ['harmonic', 'percussive', 'bass'] as const) parts[name].push(block[name].slice());
  };
  for (let at = 0; at < audio.length; at += 65536) take(separator.push([audio.subarray(at, at + 65536)]));
  take(separator.flush());
  const joined = (blocks: Float32Array[]) => new Float32Array(blocks.flatMap((b) => [...b]));
  return {
    harmonic: windowLevels(joined(parts.harmonic), RATE, 0.5),
    percussive: windowLevels(joined(parts.percussive), RATE, 0.5),
    bass: windowLevels(joined(parts.bass), RATE, 0.5),
    windowSeconds: 0.5
  };
}

describe('music map from the analysis stems', () => {
  ensureDiarizationFixtures();
  for (const name of ['two-speakers', 'four-speakers', 'music-only']) {
    it(`covers the music and not the talk in ${name}`, () => {
      const fixture = loadFixture(name);
      const map = musicRegionsFromStems(stemLevels(fixture.audio));
      const music = totalSeconds(fixture.music);
      const found = totalSeconds(intersectRanges(map, fixture.music));
      const talkMarked = totalSeconds(intersectRanges(map, fixture.reference));
      console.log(`${name}: music ${found.toFixed(1)} of ${music.toFixed(1)} s found; talk marked as music ${talkMarked.toFixed(1)} s`);
      expect(found / music).toBeGreaterThan(0.8);
      expect(talkMarked).toBeLessThan(0.5);
    }, 60_000);
  }

  it('finds no music in a recording of talk alone', () => {
    const fixture = loadFixture('single-speaker');
    expect(musicRegionsFromStems(stemLevels(fixture.audio))).toEqual([]);
  }, 60_000);

  it('reads silence as no music', () => {
    const quiet = new Float32Array(40).fill(-120);
    expect(musicRegionsFromStems({ harmonic: quiet, percussive: quiet, bass: quiet, windowSeconds: 0.5 })).toEqual([]);
  });
});
