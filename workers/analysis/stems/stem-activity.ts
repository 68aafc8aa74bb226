/**
 * Per-stem activity: which part plays where. Each stem's level is measured in
 * half-second windows (RMS in dB relative to full scale) as the stem streams
 * out of the separator, then thresholded against that stem's own loud level,
 * so a quiet bass and a loud drum kit are judged on their own scales. The cue
 * sheet uses this for "drums enter at bar 9".
 */
import { STEM_NAMES, type StemBlock, type StemName } from './stem-types';

export const ACTIVITY_WINDOW_SECONDS = 0.5;
/** A stem counts as playing within this many dB of its own 95th-percentile level... */
const RELATIVE_DB = -20;
/** ...and never below this absolute floor (separation leakage, hiss). */
const FLOOR_DB = -50;

export interface StemActivity {
  windowSeconds: number;
  /** RMS level per window in dBFS. */
  levels: Record<StemName, Float32Array>;
  /** Playing / silent per window. */
  active: Record<StemName, Uint8Array>;
}

export class StemActivityMeter {
  private readonly window: number;
  private readonly sums: Record<StemName, number>;
  private readonly levels: Record<StemName, number[]>;
  private filled = 0;

  constructor(sampleRate: number) {
    this.window = Math.round(ACTIVITY_WINDOW_SECONDS * sampleRate);
    this.sums = Object.fromEntries(STEM_NAMES.map((name) => [name, 0])) as Record<StemName, number>;
    this.levels = Object.fromEntries(STEM_NAMES.map((name) => [name, []])) as unknown as Record<StemName, number[]>;
  }

  /** Adds a block from DspStemSeparator (all stems the same length). */
  push(block: StemBlock): void {
    const length = block.harmonic.length;
    let at = 0;
    while (at < length) {
      const take = Math.min(length - at, this.window - this.filled);
      for (const name of STEM_NAMES) {
        const samples = block[name];
        let sum = 0;
        for (let i = at; i < at + take; i++) sum += (samples[i] as number) ** 2;
        this.sums[name] += sum;
      }
      this.filled += take;
      at += take;
      if (this.filled === this.window) this.closeWindow();
    }
  }

  finish(): StemActivity {
    if (this.filled > 0) this.closeWindow();
    const levels = {} as Record<StemName, Float32Array>;
    const active = {} as Record<StemName, Uint8Array>;
    for (const name of STEM_NAMES) {
      const values = Float32Array.from(this.levels[name]);
      const sorted = Array.from(values).sort((a, b) => a - b);
      const loud = sorted[Math.floor(0.95 * (sorted.length - 1))] ?? FLOOR_DB;
      const threshold = Math.max(FLOOR_DB, loud + RELATIVE_DB);
      levels[name] = values;
      active[name] = Uint8Array.from(values, (level) => (level >= threshold ? 1 : 0));
    }
    return { windowSeconds: ACTIVITY_WINDOW_SECONDS, levels, active };
  }

  private closeWindow(): void {
    for (const name of STEM_NAMES) {
      const rms = Math.sqrt(this.sums[name] / Math.max(1, this.filled));
      this.levels[name].push(20 * Math.log10(rms + 1e-10));
      this.sums[name] = 0;
    }
    this.filled = 0;
  }
}
