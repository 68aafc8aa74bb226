import { beforeAll, describe, expect, it } from 'vitest';
import { openAudioStream } from '$workers/analysis/decode/decode-stream';
import { buildAnalysisCopy } from '$workers/analysis/dsp/analysis-copy';
import { beatScores, onsetScores } from '$workers/analysis/metrics/event-matching';
import { analyseRhythm, type RhythmAnalysis } from '$workers/analysis/rhythm/rhythm-analysis';
import { renderMidi } from '../../fixtures/analysis-fixtures';
import { grooveSong, type SongAnswer } from '../../fixtures/analysis-midi';

const TEMPI = [90, 120, 140];

describe.each(TEMPI)('a fluidsynth-rendered groove at %i BPM', (bpm) => {
  let answer: SongAnswer;
  let result: RhythmAnalysis;
  beforeAll(async () => {
    const song = grooveSong(bpm, Math.ceil((15 * bpm) / 240));
    answer = song.answer;
    const wav = renderMidi(`groove-${bpm}`, song.midi);
    const copy = await buildAnalysisCopy(await openAudioStream(wav));
    result = analyseRhythm(copy.samples, copy.sampleRate);
    const beatF = beatScores(answer.beats, result.beats).fMeasure;
    const onsetF = onsetScores(answer.onsets, result.onsets).fMeasure;
    const downbeatF = beatScores(answer.downbeats, result.downbeats).fMeasure;
    console.log(`groove ${bpm} BPM: tempo ${result.bpm.toFixed(2)} (${((100 * (result.bpm - bpm)) / bpm).toFixed(2)} %), beat F ${beatF.toFixed(3)}, onset F ${onsetF.toFixed(3)}, downbeat F ${downbeatF.toFixed(3)} (confidence ${result.barConfidence.toFixed(2)})`);
  });

  it('finds the tempo within 2 %, without octave errors', () => {
    expect(Math.abs(result.bpm - bpm) / bpm).toBeLessThan(0.02);
  });

  it('tracks the beats with F-measure ≥ 0.8 at ±70 ms', () => {
    expect(beatScores(answer.beats, result.beats).fMeasure).toBeGreaterThanOrEqual(0.8);
  });

  it('detects the note onsets, quiet hi-hats included (F ≥ 0.8 at ±50 ms)', () => {
    expect(onsetScores(answer.onsets, result.onsets).fMeasure).toBeGreaterThanOrEqual(0.8);
  });

  it('puts the bar lines on the downbeats', () => {
    expect(beatScores(answer.downbeats, result.downbeats).fMeasure).toBeGreaterThanOrEqual(0.8);
  });
});

describe.each([
  ['a humanised groove (±15 ms, varied velocities) at 104 BPM', 104, { humanise: { seed: 3, jitterMs: 15 } }],
  ['a drummer-less piano-and-bass ballad at 84 BPM', 84, { drums: false }]
] as const)('%s', (name, bpm, options) => {
  let answer: SongAnswer;
  let result: RhythmAnalysis;
  beforeAll(async () => {
    const song = grooveSong(bpm, Math.ceil((15 * bpm) / 240), options);
    answer = song.answer;
    const wav = renderMidi(`song-${bpm}`, song.midi);
    result = analyseRhythm((await buildAnalysisCopy(await openAudioStream(wav))).samples, 22050);
    const beatF = beatScores(answer.beats, result.beats).fMeasure;
    const onsetF = onsetScores(answer.onsets, result.onsets).fMeasure;
    const downbeatF = beatScores(answer.downbeats, result.downbeats).fMeasure;
    console.log(`${name}: tempo ${result.bpm.toFixed(2)}, beat F ${beatF.toFixed(3)}, onset F ${onsetF.toFixed(3)}, downbeat F ${downbeatF.toFixed(3)} (confidence ${result.barConfidence.toFixed(2)})`);
  });

  it('finds the tempo within 2 %', () => {
    expect(Math.abs(result.bpm - bpm) / bpm).toBeLessThan(0.02);
  });

  it('tracks the beats with F-measure ≥ 0.8', () => {
    expect(beatScores(answer.beats, result.beats).fMeasure).toBeGreaterThanOrEqual(0.8);
  });

  it('detects the onsets (F ≥ 0.8 at ±50 ms)', () => {
    expect(onsetScores(answer.onsets, result.onsets).fMeasure).toBeGreaterThanOrEqual(0.8);
  });

  it('puts the bar lines on the downbeats', () => {
    expect(beatScores(answer.downbeats, result.downbeats).fMeasure).toBeGreaterThanOrEqual(0.8);
  });
});
