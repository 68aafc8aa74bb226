import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleRehearsalCues, type CueInputs } from '$workers/analysis/cues/assemble-cues';
import { barAt, tempoDrift } from '$workers/analysis/cues/bar-grid';
import { readRehearsalCues } from '$workers/analysis/cues/rehearsal-cues-schema';
import { beatSynchronous } from '$workers/analysis/harmony/chroma-sequence';
import { estimateChords } from '$workers/analysis/harmony/chords';
import { computeChromagram } from '$workers/analysis/harmony/chromagram';
import { estimateKey } from '$workers/analysis/harmony/key';
import { estimateSections } from '$workers/analysis/structure/sections';
import { decodeWav } from '$workers/synth/instruments/decode-wav';
import { SONGS, renderSong, songTruth } from '../../fixtures/harmony-songs';

/** 4/4 beats at `bpm`, accelerating by `driftBpm` spread evenly over the bars. */
function beatGrid(bars: number, bpm: number, driftBpm = 0): { beats: number[]; downbeats: number[] } {
  const beats: number[] = [];
  let t = 0;
  const total = bars * 4;
  for (let i = 0; i < total; i++) {
    beats.push(t);
    t += 60 / (bpm + (driftBpm * i) / (total - 1));
  }
  return { beats, downbeats: beats.filter((_, i) => i % 4 === 0) };
}

function inputs(grid: { beats: number[]; downbeats: number[] }, duration: number): CueInputs {
  const bar = (n: number): number => grid.downbeats[n - 1] ?? duration;
  return {
    duration,
    rhythm: { bpm: 120, ...grid, confidence: 0.9, source: 'dsp' },
    key: { estimate: { label: 'G major', confidence: 0.8, runnerUp: { tonic: 4, mode: 'minor', label: 'E minor', correlation: 0.7 } }, source: 'dsp' },
    chords: {
      segments: [
        { start: 0, end: bar(9), label: 'G', confidence: 0.9 },
        { start: bar(9), end: duration, label: 'C', confidence: 0.7 }
      ],
      source: 'dsp'
    },
    sections: {
      sections: [
        { start: 0, end: bar(9), label: 'A', labelConfidence: 1, boundaryConfidence: 1 },
        { start: bar(9), end: duration, label: 'B', labelConfidence: 0.6, boundaryConfidence: 0.8 }
      ],
      keys: ['G major', 'C major'],
      source: 'fallback'
    }
  };
}

describe('rehearsal cues', () => {
  const steady = beatGrid(16, 120);
  const duration = 32;

  it('counts bars from 1 at the first downbeat', () => {
    expect(barAt(steady, 0)).toBe(1);
    expect(barAt(steady, 16)).toBe(9);
    expect(barAt(steady, 15.95)).toBe(9); // a boundary a hair early still starts bar 9
  });

  it('places sections on bars with their key, length and a chord per bar', () => {
    const cues = assembleRehearsalCues(inputs(steady, duration));
    expect(cues.sections.sections.map((s) => [s.label, s.startBar, s.bars, s.key])).toEqual([
      ['A', 1, 8, 'G major'],
      ['B', 9, 8, 'C major']
    ]);
    expect(cues.sections.sections[1]?.chordChart).toEqual(new Array(8).fill('C'));
    expect(cues.cues.map((c) => c.text)).toEqual([
      'count-in: 4 beats at 120 BPM',
      'bar 1: section A starts (G major), 8 bars',
      'bar 9: section B starts (C major), 8 bars',
      'bar 9: key changes to C major'
    ]);
    expect(cues.sections.source).toBe('fallback');
    expect(cues.sections.confidence).toBeCloseTo(0.6, 9);
    expect(cues.chords.confidence).toBeCloseTo(0.8, 9);
  });

  it('says when the tempo drifts inside a section, and not when it holds', () => {
    const drifting = beatGrid(16, 120, 12); // first vs last 8 beat intervals of a section: 23/63 of 12 ≈ +4 BPM
    expect(tempoDrift(drifting, 0, 40)).toBeGreaterThan(4);
    const cues = assembleRehearsalCues(inputs(drifting, drifting.beats.at(-1) ?? duration));
    const drift = cues.cues.filter((c) => c.kind === 'tempo-drift').map((c) => c.text);
    expect(drift).toEqual(['tempo drifts +4 BPM in section A (bar 1)', 'tempo drifts +4 BPM in section B (bar 9)']);
    expect(assembleRehearsalCues(inputs(steady, duration)).cues.some((c) => c.kind === 'tempo-drift')).toBe(false);
  });

  it('reads its own output back from the cache and rejects unknown fields', () => {
    const cues = assembleRehearsalCues(inputs(steady, duration));
    const stored: unknown = JSON.parse(JSON.stringify(cues));
    expect(readRehearsalCues(stored)).toEqual(cues);
    expect(readRehearsalCues({ ...cues, fileName: 'take3.wav' })).toBeUndefined();
    expect(readRehearsalCues({ ...cues, key: { ...cues.key, extra: 1 } })).toBeUndefined();
    expect(readRehearsalCues({ ...cues, version: 2 })).toBeUndefined();
  });

  it('refuses to build a result with an impossible value', () => {
    const bad = inputs(steady, duration);
    bad.rhythm.bpm = Number.NaN;
    expect(() => assembleRehearsalCues(bad)).toThrow();
  });

  it('turns a rendered A A B A song into cues at the right bars', () => {
    const song = SONGS[0];
    if (!song) throw new Error('no fixture songs');
    const path = renderSong(song);
    const wav = decodeWav(readFileSync(path), path);
    const truth = songTruth(song);
    const chroma = computeChromagram(wav.data, wav.sampleRate);
    const sections = estimateSections(wav.data, wav.sampleRate, chroma, chroma.layout.hop, { beats: truth.beats }).sections;
    const cues = assembleRehearsalCues({
      duration: truth.duration,
      rhythm: { bpm: truth.bpm, beats: truth.beats, downbeats: truth.downbeats, confidence: 1, source: 'dsp' },
      key: { estimate: estimateKey(chroma), source: 'dsp' },
      chords: { segments: estimateChords(beatSynchronous(chroma, truth.beats)), source: 'dsp' },
      sections: { sections, source: 'dsp' }
    });
    for (const cue of cues.cues) console.log(`cue: ${cue.text} (confidence ${cue.confidence.toFixed(2)})`);
    const starts = cues.cues.filter((c) => c.kind === 'section').map((c) => c.bar);
    expect(starts).toEqual([1, 17, 25]);
    expect(cues.sections.sections[1]?.chordChart).toEqual(['F', 'G', 'E:min', 'A:min', 'F', 'G', 'D:min', 'G']);
  });
});
