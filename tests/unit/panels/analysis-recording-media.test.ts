import { describe, expect, it } from 'vitest';
import { ContentCache } from '$lib/storage/content-cache';
import { createMemoryStore } from '$lib/storage/memory-store';
import { RecordingMedia } from '$lib/panels/analysis/recording-media.svelte';
import { inThreadReader } from '$lib/panels/analysis/recording-reader';
import { AnalysisStage, analysisKey } from '$workers/analysis/pipeline/analysis-stages';
import type { RehearsalCues } from '$workers/analysis/cues/rehearsal-cues-schema';
import { seedSegmentedStage } from '../analysis/cached-analysis';

const DIGEST = 'ab'.repeat(32);
const RATE = 1000;

function cues(): RehearsalCues {
  const section = (label: string, start: number) => ({ start, end: start + 2, label, startBar: 1 + start / 2, bars: 1, bpm: 120, key: 'C major', chordChart: ['C'], labelConfidence: 1, boundaryConfidence: 1 });
  return {
    version: 1,
    duration: 4,
    tempo: { bpm: 120, beats: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], downbeats: [0, 2], beatsPerBar: 4, confidence: 1, source: 'dsp' },
    key: { label: 'C major', runnerUp: 'A minor', confidence: 1, source: 'dsp' },
    chords: { segments: [], confidence: 1, source: 'dsp' },
    sections: { sections: [section('A', 0), section('B', 2)], confidence: 1, source: 'dsp' },
    cues: []
  };
}

/** 4 s: a 50 Hz tone throughout the mix; the bass stem plays only in the second half. */
async function seed(cache: ContentCache): Promise<void> {
  const tone = Float32Array.from({ length: 4 * RATE }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 50 * i) / RATE));
  const bass = tone.map((value, i) => (i >= 2 * RATE ? value : 0));
  await seedSegmentedStage(cache, DIGEST, AnalysisStage.Decode, { format: 'wav', duration: 4, sourceRate: RATE, channels: 1, warnings: [] }, { mono: tone }, RATE);
  await seedSegmentedStage(cache, DIGEST, AnalysisStage.Stems, { names: ['bass', 'centre'], activeShare: { bass: 0.5, centre: 1 } }, { bass, centre: tone }, RATE);
  await cache.put(await analysisKey(DIGEST, AnalysisStage.Notes), {
    kind: 'stage',
    result: { source: 'model', coveredSeconds: 4, count: 1, notes: [{ start: 2, duration: 1, pitch: 31, confidence: 0.9 }] }
  });
}

describe('the Analysis panel’s cached media', () => {
  it('reads the waveform, the notes and each stem’s level per section from the cache', async () => {
    const cache = new ContentCache(createMemoryStore());
    await seed(cache);
    const media = new RecordingMedia(inThreadReader(cache), DIGEST, cues(), ['bass', 'centre']);
    await media.load();
    expect(media.problem).toBeUndefined();
    // A mono recording's centre stem is the whole mix: not measured as a part.
    expect(Object.keys(media.levels!.stems)).toEqual(['bass']);
    expect(media.peaks?.max.length).toBeGreaterThan(100);
    expect(Math.max(...media.peaks!.max)).toBeCloseTo(0.5, 2);
    expect(media.notes?.notes.map((note) => note.pitch)).toEqual([31]);
    expect(media.levels?.mix.map(Math.round)).toEqual([-9, -9]);
    expect(media.levels?.stems.bass?.[0]).toBeLessThan(-100);
    expect(media.levels?.stems.bass?.[1]).toBeCloseTo(-9, 0);
    const stem = await media.loadStem('bass', { start: 0, end: 4 });
    expect(stem.channels[0]).toHaveLength(4 * RATE);
    // The player reads a window, not the whole stem: the samples of seconds 1.5–3.
    const window = await media.loadStem('bass', { start: 1.5, end: 3 });
    expect(window.start).toBe(1.5);
    expect(window.channels[0]).toHaveLength(1.5 * RATE);
    expect(window.channels[0]![0]).toBe(stem.channels[0]![1.5 * RATE]);
  });

  it('says in words that the audio is gone when the cache was cleared, and playback gets the same message', async () => {
    const media = new RecordingMedia(inThreadReader(new ContentCache(createMemoryStore())), DIGEST, cues(), ['bass']);
    await media.load();
    expect(media.peaks).toBeUndefined();
    expect(media.levels).toBeUndefined();
    expect(media.problem).toMatch(/no longer in the cache.*analyse the recording again/);
    await expect(media.loadStem('bass', { start: 0, end: 1 })).rejects.toThrow(/no longer in the cache/);
  });

  it('measures the stems it can read when one is missing, and says so when that one is asked to play', async () => {
    const cache = new ContentCache(createMemoryStore());
    await seed(cache);
    const media = new RecordingMedia(inThreadReader(cache), DIGEST, cues(), ['bass', 'other']);
    await media.load();
    // "other" was never stored: the levels carry the stems that could be read.
    expect(Object.keys(media.levels!.stems)).toEqual(['bass']);
    await expect(media.loadStem('other', { start: 0, end: 1 })).rejects.toThrow(/no longer in the cache/);
  });
});
