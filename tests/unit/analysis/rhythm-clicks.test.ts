import { describe, expect, it } from 'vitest';
import { beatScores, onsetScores } from '$workers/analysis/metrics/event-matching';
import { analyseRhythm, RhythmAnalyser } from '$workers/analysis/rhythm/rhythm-analysis';
import { clickTrack, concatFloat32, seededRandom } from '../../fixtures/analysis-signals';

const RATE = 22050;

describe('click tracks', () => {
  it.each([60, 90, 120, 140, 160])('finds %i BPM within 2 % and its beats (F ≥ 0.95)', (bpm) => {
    const { signal, beats } = clickTrack(bpm, 15, RATE);
    const result = analyseRhythm(signal, RATE);
    expect(Math.abs(result.bpm - bpm) / bpm).toBeLessThan(0.02);
    expect(beatScores(beats, result.beats).fMeasure).toBeGreaterThanOrEqual(0.95);
  });

  it('lists every click as an onset and nothing else', () => {
    const { signal, beats } = clickTrack(120, 10, RATE);
    const result = analyseRhythm(signal, RATE);
    expect(onsetScores(beats, result.onsets).fMeasure).toBe(1);
  });

  it('puts the downbeat on the accented click of each bar', () => {
    const { signal, beats } = clickTrack(100, 15, RATE, { accentEvery: 4 });
    const result = analyseRhythm(signal, RATE);
    const downbeats = beats.filter((_, i) => i % 4 === 0);
    expect(beatScores(downbeats, result.downbeats, { ignoreBefore: 0 }).fMeasure).toBeGreaterThanOrEqual(0.9);
    expect(result.barConfidence).toBeGreaterThan(0.5);
  });

  it('follows a band that speeds up from 100 to 125 BPM over 40 seconds', () => {
    const seconds = 40;
    const signal = new Float32Array(seconds * RATE);
    const beats: number[] = [];
    const random = seededRandom(5);
    for (let t = 0.5; t < seconds - 0.2; t += 60 / (100 + (25 * t) / seconds)) {
      beats.push(t);
      const start = Math.round(t * RATE);
      for (let i = 0; i < 400; i++) signal[start + i] = 0.5 * (random() * 2 - 1) * Math.exp(-i / 90);
    }
    const result = analyseRhythm(signal, RATE);
    expect(beatScores(beats, result.beats).fMeasure).toBeGreaterThanOrEqual(0.9);
    const early = result.localTempo[0]?.bpm ?? 0;
    const late = result.localTempo[result.localTempo.length - 1]?.bpm ?? 0;
    expect(late - early).toBeGreaterThan(12);
  });

  it('treats takes separated by a pause on their own: tempo, beats and bar lines per take', () => {
    const first = clickTrack(100, 16, RATE, { accentEvery: 4, seed: 1 });
    const second = clickTrack(132, 16, RATE, { accentEvery: 4, seed: 2 });
    const gap = 6;
    const signal = concatFloat32([first.signal, new Float32Array(gap * RATE), second.signal]);
    const offset = 16 + gap;
    const beats = [...first.beats, ...second.beats.map((t) => t + offset)];
    const result = analyseRhythm(signal, RATE);
    expect(result.regions.map((region) => Math.round(region.bpm))).toEqual([100, 132]);
    expect(result.regions[1]?.start).toBeGreaterThan(20);
    expect(beatScores(beats, result.beats, { ignoreBefore: 0 }).fMeasure).toBeGreaterThanOrEqual(0.95);
    const expectedDownbeats = [...first.beats.filter((_, i) => i % 4 === 0), ...second.beats.filter((_, i) => i % 4 === 0).map((t) => t + offset)];
    expect(beatScores(expectedDownbeats, result.downbeats, { ignoreBefore: 0 }).fMeasure).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the same answer fed in chunks', () => {
    const { signal } = clickTrack(120, 12, RATE);
    const analyser = new RhythmAnalyser(RATE);
    for (let at = 0; at < signal.length; at += 4321) analyser.push(signal.subarray(at, at + 4321));
    expect(analyser.finish()).toEqual(analyseRhythm(signal, RATE));
  });
});

describe('no pulse', () => {
  it('reports no tempo and no beats for silence', () => {
    const result = analyseRhythm(new Float32Array(10 * RATE), RATE);
    expect(result.bpm).toBe(0);
    expect(result.beats).toEqual([]);
    expect(result.onsets).toEqual([]);
  });

  it('reports no tempo for a recording under two seconds', () => {
    const { signal } = clickTrack(120, 1.5, RATE);
    expect(analyseRhythm(signal, RATE).beats).toEqual([]);
  });
});
