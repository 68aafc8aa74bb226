/**
 * A 4/4 bar grid over tracked beats: which beat in four is the downbeat. In
 * band music a bar usually starts with the kick (low-band onsets) and with a
 * chord change (Goto 2001 uses both cues; so do Papadopoulos & Peeters 2011
 * through chords); a metronome or a count-in marks it by a louder click
 * (overall accent). Each cue is standardised over the beats; the phase whose
 * beats score highest on their weighted sum wins. The overall accent weighs
 * half: the snare on 2 and 4 is loud too. One phase for the whole recording:
 * a take that drops or adds a beat shifts the grid after that point.
 */

export interface BarGrid {
  beatsPerBar: number;
  /** Index (into the beats) of the first downbeat. */
  phase: number;
  downbeats: number[];
  /** 0 (the phases score alike) … 1 (one phase stands out). */
  confidence: number;
}

export interface BeatCues {
  /** Onset strength (all bands) at each beat. */
  accent: Float32Array;
  /** Low-band onset strength at each beat. */
  lowAccent: Float32Array;
  /** 1 − cosine similarity of the chroma of the beat interval before and after each beat. */
  harmonicChange: Float32Array;
}

export const BEATS_PER_BAR = 4;
const ACCENT_WEIGHT = 0.5;

function standardise(values: Float32Array): Float32Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= Math.max(1, n);
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((values[i] as number) - mean) ** 2;
  const std = Math.sqrt(variance / Math.max(1, n));
  return values.map((v) => (std > 1e-12 ? (v - mean) / std : 0));
}

/** Per-beat cues from frame features: beat frames, low-band strength per frame, chroma (frames × 12). */
export function beatCues(beatFrames: readonly number[], strength: Float32Array, lowStrength: Float32Array, chroma: Float32Array): BeatCues {
  const count = beatFrames.length;
  const accent = new Float32Array(count);
  const lowAccent = new Float32Array(count);
  const harmonicChange = new Float32Array(count);
  const frames = lowStrength.length;
  const intervalChroma = (from: number, to: number, out: Float64Array): void => {
    out.fill(0);
    for (let t = Math.max(0, from); t < Math.min(frames, to); t++) for (let c = 0; c < 12; c++) out[c] = (out[c] as number) + (chroma[t * 12 + c] as number);
  };
  const before = new Float64Array(12);
  const after = new Float64Array(12);
  for (let i = 0; i < count; i++) {
    const beat = beatFrames[i] as number;
    // The kick may land a frame either side of the tracked beat.
    let low = 0;
    let all = 0;
    for (let t = beat - 2; t <= beat + 2; t++) {
      low = Math.max(low, lowStrength[t] ?? 0);
      all = Math.max(all, strength[t] ?? 0);
    }
    lowAccent[i] = low;
    accent[i] = all;
    const previous = beatFrames[i - 1] ?? beat - ((beatFrames[i + 1] ?? beat + 1) - beat);
    const next = beatFrames[i + 1] ?? beat + (beat - previous);
    intervalChroma(previous, beat, before);
    intervalChroma(beat, next, after);
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let c = 0; c < 12; c++) {
      dot += (before[c] as number) * (after[c] as number);
      a += (before[c] as number) ** 2;
      b += (after[c] as number) ** 2;
    }
    harmonicChange[i] = a > 0 && b > 0 ? 1 - dot / Math.sqrt(a * b) : 0;
  }
  return { accent, lowAccent, harmonicChange };
}

function phaseMeans(values: Float32Array): number[] {
  return Array.from({ length: BEATS_PER_BAR }, (_, phase) => {
    let sum = 0;
    let n = 0;
    for (let i = phase; i < values.length; i += BEATS_PER_BAR, n++) sum += values[i] as number;
    return sum / Math.max(1, n);
  });
}

/**
 * How much a standardised cue repeats every bar: the variance of its phase
 * means beyond what noise gives (1/n per mean for n beats per phase), so a cue
 * with no bar pattern (chroma of drums alone, the low band of hi-hat clicks)
 * drops out instead of outvoting the one that has it.
 */
function barPeriodicity(means: readonly number[], count: number): number {
  const perPhase = count / BEATS_PER_BAR;
  let variance = 0;
  for (const mean of means) variance += mean * mean;
  variance /= means.length;
  return Math.max(0, variance * perPhase - 1);
}

export function barGrid(beatTimes: readonly number[], cues: BeatCues): BarGrid {
  const count = beatTimes.length;
  if (count < BEATS_PER_BAR * 2) return { beatsPerBar: BEATS_PER_BAR, phase: 0, downbeats: beatTimes.filter((_, i) => i % BEATS_PER_BAR === 0), confidence: 0 };
  const scores = new Array<number>(BEATS_PER_BAR).fill(0);
  const cueList: [Float32Array, number][] = [
    [cues.lowAccent, 1],
    [cues.harmonicChange, 1],
    [cues.accent, ACCENT_WEIGHT]
  ];
  for (const [values, weight] of cueList) {
    const means = phaseMeans(standardise(values));
    const reliability = barPeriodicity(means, count);
    means.forEach((mean, phase) => {
      scores[phase] = (scores[phase] as number) + weight * reliability * mean;
    });
  }
  const order = scores.map((score, phase) => ({ score, phase })).sort((a, b) => b.score - a.score);
  const best = order[0] as { score: number; phase: number };
  const second = order[1] as { score: number; phase: number };
  const worst = order[order.length - 1] as { score: number; phase: number };
  const spread = best.score - worst.score;
  const confidence = spread > 1e-9 ? (best.score - second.score) / spread : 0;
  return { beatsPerBar: BEATS_PER_BAR, phase: best.phase, downbeats: beatTimes.filter((_, i) => i % BEATS_PER_BAR === best.phase), confidence };
}
