/**
 * The rhythm stage: onset strength → tempogram → tempo → beats → bar grid,
 * plus the onset list, from the mono analysis copy. `RhythmAnalyser` takes the
 * audio chunk by chunk (only frame features are kept: 14 floats per 11.6 ms)
 * and does the whole-recording steps at `finish()`.
 */
import { barGrid, beatCues, type BarGrid } from './bar-grid';
import { trackBeats } from './beat-tracker';
import { OnsetFeatureStream, type OnsetFeatures } from './onset-features';
import { pickOnsets } from './onset-picking';
import { estimateTempo } from './tempo';
import { autocorrelationTempogram } from './tempogram';

export interface RhythmAnalysis {
  /** Global tempo: from the tracked beats when there are enough, else from the tempogram. */
  bpm: number;
  tempoConfidence: number;
  /** Local tempo over the recording (one value per 3 s tempogram window), for drift. */
  localTempo: { time: number; bpm: number }[];
  beats: number[];
  bars: BarGrid;
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
  const { frameRate, strength } = features;
  const onsets = pickOnsets(strength, frameRate);
  if (strength.length < frameRate * 2 || onsets.length < 2) {
    // Under two seconds, or silence: no pulse to speak of; say so rather than invent one.
    return { bpm: 0, tempoConfidence: 0, localTempo: [], beats: [], bars: { beatsPerBar: 4, phase: 0, downbeats: [], confidence: 0 }, onsets };
  }
  const tempo = estimateTempo(autocorrelationTempogram(strength, frameRate), frameRate);
  const { localPeriods, localCentres } = tempo;
  const periodAt = (frame: number): number => interpolate(localCentres, localPeriods, frame, tempo.period);
  const beatFrames = trackBeats(strength, periodAt);
  const beats = beatFrames.map((t) => t / frameRate);
  const bars = barGrid(beats, beatCues(beatFrames, strength, features.lowStrength, features.chroma));
  return {
    bpm: beats.length >= 8 ? beatRegressionBpm(beats) : tempo.bpm,
    tempoConfidence: tempo.confidence,
    localTempo: localCentres.map((centre, i) => ({ time: centre / frameRate, bpm: (60 * frameRate) / (localPeriods[i] as number) })),
    beats,
    bars,
    onsets
  };
}

/** Piecewise-linear in the window centres, flat beyond them. */
function interpolate(xs: readonly number[], ys: readonly number[], x: number, fallback: number): number {
  if (xs.length === 0) return fallback;
  if (x <= (xs[0] as number)) return ys[0] as number;
  for (let i = 1; i < xs.length; i++) {
    const x1 = xs[i] as number;
    if (x <= x1) {
      const x0 = xs[i - 1] as number;
      const w = (x - x0) / (x1 - x0);
      return (ys[i - 1] as number) * (1 - w) + (ys[i] as number) * w;
    }
  }
  return ys[ys.length - 1] as number;
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
