/**
 * The rhythm stage: onset strength → (per take) tempogram → tempo → beats →
 * bar grid, plus the onset list, from the mono analysis copy. `RhythmAnalyser`
 * takes the audio chunk by chunk (only frame features are kept: 14 floats per
 * 11.6 ms) and does the whole-recording steps at `finish()`. Takes are split at
 * long silences (music-regions.ts), so each keeps its own tempo and bar lines.
 */
import { barGrid, beatCues, type BarGrid } from './bar-grid';
import { trackBeats } from './beat-tracker';
import { musicRegions, type FrameRange } from './music-regions';
import { OnsetFeatureStream, type OnsetFeatures } from './onset-features';
import { pickOnsets } from './onset-picking';
import { estimateTempo } from './tempo';
import { autocorrelationTempogram } from './tempogram';

export interface RhythmRegion {
  /** Seconds. */
  start: number;
  end: number;
  /** From the tracked beats when there are enough, else from the tempogram. */
  bpm: number;
  tempoConfidence: number;
  /** Local tempo (one value per 3 s tempogram window), for drift within the take. */
  localTempo: { time: number; bpm: number }[];
  beats: number[];
  bars: BarGrid;
}

export interface RhythmAnalysis {
  /** The tempo that covers most of the music (duration-weighted median over takes); 0 when there is no pulse. */
  bpm: number;
  tempoConfidence: number;
  regions: RhythmRegion[];
  /** All takes' beats, downbeats and local tempi in time order. */
  beats: number[];
  downbeats: number[];
  /** Duration-weighted mean of the takes' bar-grid confidences. */
  barConfidence: number;
  localTempo: { time: number; bpm: number }[];
  onsets: number[];
}

export class RhythmAnalyser {
  private readonly features: OnsetFeatureStream;

  constructor(readonly sampleRate: number) {
    this.features = new OnsetFeatureStream(sampleRate);
  }

  push(samples: Float32Array): void {
    this.features.push(samples);
  }

  finish(): RhythmAnalysis {
    return analyseFeatures(this.features.finish());
  }
}

export function analyseRhythm(samples: Float32Array, sampleRate: number): RhythmAnalysis {
  const analyser = new RhythmAnalyser(sampleRate);
  analyser.push(samples);
  return analyser.finish();
}

export function analyseFeatures(features: OnsetFeatures): RhythmAnalysis {
  const onsets = pickOnsets(features.strength, features.frameRate);
  const regions = onsets.length < 2 ? [] : musicRegions(features.strength, features.frameRate).map((range) => analyseRegion(features, range));
  const withPulse = regions.filter((region) => region.beats.length > 0);
  const seconds = (region: RhythmRegion): number => region.end - region.start;
  const total = withPulse.reduce((sum, region) => sum + seconds(region), 0);
  const byTempo = [...withPulse].sort((a, b) => a.bpm - b.bpm);
  let covered = 0;
  const median = byTempo.find((region) => (covered += seconds(region)) >= total / 2);
  return {
    bpm: median?.bpm ?? 0,
    tempoConfidence: median?.tempoConfidence ?? 0,
    regions: withPulse,
    beats: withPulse.flatMap((region) => region.beats),
    downbeats: withPulse.flatMap((region) => region.bars.downbeats),
    barConfidence: total > 0 ? withPulse.reduce((sum, region) => sum + region.bars.confidence * seconds(region), 0) / total : 0,
    localTempo: withPulse.flatMap((region) => region.localTempo),
    onsets
  };
}

function analyseRegion(features: OnsetFeatures, range: FrameRange): RhythmRegion {
  const { frameRate } = features;
  const offset = range.start / frameRate;
  const strength = features.strength.subarray(range.start, range.end);
  const tempo = estimateTempo(autocorrelationTempogram(strength, frameRate), frameRate);
  const periods = periodPerFrame(tempo.localCentres, tempo.localPeriods, strength.length);
  const beatFrames = trackBeats(strength, periods);
  const beats = beatFrames.map((t) => t / frameRate);
  const cues = beatCues(beatFrames, strength, features.lowStrength.subarray(range.start, range.end), features.chroma.subarray(range.start * 12, range.end * 12));
  const bars = barGrid(beats, cues);
  const shift = (times: number[]): number[] => times.map((t) => t + offset);
  return {
    start: offset,
    end: range.end / frameRate,
    bpm: beats.length >= 8 ? beatRegressionBpm(beats) : tempo.bpm,
    tempoConfidence: tempo.confidence,
    localTempo: tempo.localCentres.map((centre, i) => ({ time: offset + centre / frameRate, bpm: (60 * frameRate) / (tempo.localPeriods[i] as number) })),
    beats: shift(beats),
    bars: { ...bars, downbeats: shift(bars.downbeats) }
  };
}

/** The beat period at every frame, linear between tempogram window centres and flat beyond them. */
function periodPerFrame(centres: readonly number[], periods: readonly number[], frames: number): Float32Array {
  const out = new Float32Array(frames);
  let i = 0;
  for (let t = 0; t < frames; t++) {
    while (i + 1 < centres.length && t > (centres[i + 1] as number)) i++;
    const x0 = centres[i] as number;
    const x1 = centres[i + 1];
    const y0 = periods[i] as number;
    if (x1 === undefined || t <= x0) out[t] = y0;
    else out[t] = y0 + ((periods[i + 1] as number) - y0) * ((t - x0) / (x1 - x0));
  }
  return out;
}

/**
 * Tempo as the slope of a least-squares line through (beat number, beat time),
 * where a gap of about two median intervals counts as two beats (so a dropped
 * beat doesn't bend the line). Frame quantisation (11.6 ms) averages out over
 * many beats, which the tempogram's lag resolution cannot do.
 */
function beatRegressionBpm(beats: readonly number[]): number {
  const intervals = beats.slice(1).map((t, i) => t - (beats[i] as number));
  const median = [...intervals].sort((a, b) => a - b)[intervals.length >> 1] as number;
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumXY = 0;
  let index = 0;
  for (let i = 0; i < beats.length; i++) {
    if (i > 0) index += Math.max(1, Math.round(((beats[i] as number) - (beats[i - 1] as number)) / median));
    const y = beats[i] as number;
    n++;
    sumX += index;
    sumY += y;
    sumXX += index * index;
    sumXY += index * y;
  }
  const slope = (n * sumXY - sumX * sumY) / (n * sumXX - sumX * sumX);
  return 60 / (Number.isFinite(slope) && slope > 0 ? slope : median);
}
