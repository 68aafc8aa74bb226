import type { LedgerRow } from './ledger-row';

/**
 * The groove scorer: how each pad hit sits against the tempo grid, and whether
 * it is a flam or a double trigger. Pure (runs in the scoring worker and in
 * Node tests); all times are in ms on the MIDI timestamp clock.
 */
export interface PadHit {
  time: number;
  /** The physical pad (device, channel, note): chatter is one pad firing twice. */
  pad: string;
  velocity: number;
}

/** A metronome's grid: a beat at `beatAtMs`, `bpm` beats a minute, split into `subdivision` steps. */
export interface TempoGrid {
  bpm: number;
  beatAtMs: number;
  subdivision?: number;
}

export type GrooveLabel = 'on-grid' | 'early' | 'late' | 'off-grid' | 'flam' | 'double-trigger' | 'no-grid';

export interface GrooveAssessment {
  label: GrooveLabel;
  /** 1 = fine; for flam and double-trigger, 1 - confidence in the problem. */
  value: number;
  detail: string;
  deviationMs?: number;
  bpm?: number;
  gridSource?: 'metronome' | 'inferred';
}

export const GROOVE = {
  /** A pad firing again this soon is hardware chatter, not a drummer (a fast roll is > 50 ms apart). */
  doubleTriggerMs: 40,
  /** Below this gap chatter is certain; between this and doubleTriggerMs confidence falls off. */
  chatterCertainMs: 25,
  /** Two pads closer than this are one gesture (a chord), not a flam. */
  flamMinMs: 10,
  flamMaxMs: 30,
  /** Onsets closer than this count as one for tempo inference. */
  clusterMs: 40,
  /** Within this many ms of the grid a hit is on the grid. */
  onGridMs: 15,
  /** The spread of the score curve: 30 ms off scores ~0.6, 60 ms ~0.14. */
  sigmaMs: 30,
  /** Intervals needed before a tempo is inferred. */
  minIntervals: 4,
  /** Onsets used for inference: long enough to be stable, short enough to follow tempo drift. */
  windowOnsets: 12,
  /** Beyond this fraction of a step from the grid a hit is syncopation or a fill, not a timing error. */
  offGridFraction: 0.3
} as const;

export interface InferredGrid {
  stepMs: number;
  /** Time of one grid line (any; the grid repeats every step). */
  phaseMs: number;
  bpm: number;
}

/** A ledger row as a pad hit: note-ons on pad panels only. */
export function padHitFrom(row: LedgerRow): PadHit | undefined {
  const isNoteOn = (row.status & 0xf0) === 0x90 && row.data2 > 0;
  if (!isNoteOn || row.panel?.type !== 'pad') return undefined;
  return { time: row.midiTimestamp, pad: `${row.device}/${row.status & 0x0f}/${row.data1}`, velocity: row.data2 };
}

export function assessGroove(hit: PadHit, history: readonly PadHit[], metronome?: TempoGrid): GrooveAssessment {
  const earlier = history.filter((other) => other.time <= hit.time && other !== hit);
  const samePad = nearestBefore(hit, earlier, (other) => other.pad === hit.pad);
  if (samePad !== undefined && samePad < GROOVE.doubleTriggerMs) {
    const falloff = clamp((samePad - GROOVE.chatterCertainMs) / (GROOVE.doubleTriggerMs - GROOVE.chatterCertainMs), 0, 1);
    return { label: 'double-trigger', value: 0.05 + 0.45 * falloff, detail: `same pad re-triggered ${ms(samePad)} after the previous hit` };
  }
  const otherPad = nearestBefore(hit, earlier, (other) => other.pad !== hit.pad);
  if (otherPad !== undefined && otherPad >= GROOVE.flamMinMs && otherPad <= GROOVE.flamMaxMs) {
    return { label: 'flam', value: 0.4, detail: `${ms(otherPad)} after a hit on another pad` };
  }

  const grid = metronome ? metronomeGrid(metronome) : inferGrid(earlier.map((other) => other.time));
  if (!grid) return { label: 'no-grid', value: 1, detail: 'not enough steady hits to infer a tempo yet' };
  const gridSource = metronome ? 'metronome' : 'inferred';
  const steps = Math.round((hit.time - grid.phaseMs) / grid.stepMs);
  const deviationMs = hit.time - (grid.phaseMs + steps * grid.stepMs);
  const common = { deviationMs, bpm: grid.bpm, gridSource } as const;
  const tempo = `${grid.bpm.toFixed(1)} BPM (${gridSource})`;
  if (Math.abs(deviationMs) > grid.stepMs * GROOVE.offGridFraction) {
    return { ...common, label: 'off-grid', value: 0.5, detail: `between grid lines at ${tempo}: syncopation or a fill?` };
  }
  const value = Math.exp(-0.5 * (deviationMs / GROOVE.sigmaMs) ** 2);
  if (Math.abs(deviationMs) <= GROOVE.onGridMs) return { ...common, label: 'on-grid', value, detail: `${signedMs(deviationMs)} at ${tempo}` };
  return { ...common, label: deviationMs > 0 ? 'late' : 'early', value, detail: `${signedMs(deviationMs)} at ${tempo}` };
}

/**
 * The grid of recent onsets: the typical inter-onset interval (median, halved
 * when many intervals are half of it: eighths among quarters) numbers each
 * onset's grid line; a least-squares line through (line number, time) then
 * gives step and phase together, so tempo error does not pile up as phase error.
 */
export function inferGrid(times: readonly number[]): InferredGrid | undefined {
  const onsets = clusterOnsets(times).slice(-GROOVE.windowOnsets);
  if (onsets.length < GROOVE.minIntervals + 1) return undefined;
  const intervals = onsets.slice(1).map((time, index) => time - onsets[index]!);
  let unit = median(intervals);
  const halves = intervals.filter((interval) => Math.abs(interval - unit / 2) < unit * 0.1).length;
  if (halves >= intervals.length / 4) unit /= 2;
  if (unit < GROOVE.clusterMs) return undefined;

  const lines = [0];
  for (const interval of intervals) lines.push(lines[lines.length - 1]! + Math.max(1, Math.round(interval / unit)));
  const fit = fitLine(lines, onsets);
  // A loose fit means the hits do not share a grid (free playing, a tempo change): say nothing.
  if (fit.rmsResidual > fit.slope * 0.12) return undefined;
  return { stepMs: fit.slope, phaseMs: fit.intercept, bpm: foldBpm(60_000 / fit.slope) };
}

function metronomeGrid({ bpm, beatAtMs, subdivision = 1 }: TempoGrid): InferredGrid {
  return { stepMs: 60_000 / bpm / subdivision, phaseMs: beatAtMs, bpm };
}

function clusterOnsets(times: readonly number[]): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  const onsets: number[] = [];
  for (const time of sorted) if (onsets.length === 0 || time - onsets[onsets.length - 1]! >= GROOVE.clusterMs) onsets.push(time);
  return onsets;
}

function fitLine(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number; rmsResidual: number } {
  const n = xs.length;
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
    sxx += (xs[i]! - meanX) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const squares = xs.reduce((sum, x, i) => sum + (ys[i]! - (intercept + slope * x)) ** 2, 0);
  return { slope, intercept, rmsResidual: Math.sqrt(squares / n) };
}

/** Grid steps of eighths or sixteenths read as the beat a musician would count. */
function foldBpm(bpm: number): number {
  let folded = bpm;
  while (folded >= 200) folded /= 2;
  while (folded < 50) folded *= 2;
  return folded;
}

function nearestBefore(hit: PadHit, earlier: readonly PadHit[], matches: (other: PadHit) => boolean): number | undefined {
  let nearest: number | undefined;
  for (const other of earlier) {
    if (!matches(other)) continue;
    const gap = hit.time - other.time;
    if (nearest === undefined || gap < nearest) nearest = gap;
  }
  return nearest;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;
const signedMs = (value: number): string => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(0)} ms`;
