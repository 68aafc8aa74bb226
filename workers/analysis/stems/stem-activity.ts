/**
 * Per-stem activity: which part plays where. Each stem's level is measured in
 * half-second windows (RMS in dB relative to full scale) as the stem streams
 * out of the separator, then thresholded against that stem's own loud level,
 * so a quiet bass and a loud drum kit are judged on their own scales. The cue
 * sheet uses this for "drums enter at bar 9".
 */
import { STEM_NAMES, type StemName } from './stem-types';

export const ACTIVITY_WINDOW_SECONDS = 0.5;
/** A stem counts as playing within this many dB of its own 95th-percentile level... */
const RELATIVE_DB = -20;
/** ...and never below this absolute floor (separation leakage, hiss). */
const FLOOR_DB = -50;

export interface StemActivity<Name extends string = StemName> {
  windowSeconds: number;
  /** RMS level per window in dBFS. */
  levels: Record<Name, Float32Array>;
  /** Playing / silent per window. */
  active: Record<Name, Uint8Array>;
}

/** Measures the built-in stems by default; a user stem model passes its own stem names. */
export class StemActivityMeter<Name extends string = StemName> {
  private readonly window: number;
  private readonly names: readonly Name[];
  private readonly sums: Record<Name, number>;
  private readonly levels: Record<Name, number[]>;
  private filled = 0;

  constructor(sampleRate: number, names: readonly Name[] = STEM_NAMES as unknown as readonly Name[]) {
    this.window = Math.round(ACTIVITY_WINDOW_SECONDS * sampleRate);
    this.names = names;
    this.sums = Object.fromEntries(names.map((name) => [name, 0])) as Record<Name, number>;
    this.levels = Object.fromEntries(names.map((name) => [name, []])) as unknown as Record<Name, number[]>;
  }

  /** Adds a block of every stem (all the same length), e.g. from DspStemSeparator. */
  push(block: Readonly<Record<Name, Float32Array>>): void {
    const first = this.names[0];
    const length = first === undefined ? 0 : block[first].length;
    let at = 0;
    while (at < length) {
      const take = Math.min(length - at, this.window - this.filled);
      for (const name of this.names) {
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

  finish(): StemActivity<Name> {
    if (this.filled > 0) this.closeWindow();
    const levels = {} as Record<Name, Float32Array>;
    const active = {} as Record<Name, Uint8Array>;
    for (const name of this.names) {
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
    for (const name of this.names) {
      const rms = Math.sqrt(this.sums[name] / Math.max(1, this.filled));
      this.levels[name].push(20 * Math.log10(rms + 1e-10));
      this.sums[name] = 0;
    }
    this.filled = 0;
  }
}
