/**
 * How loud each stem is in each section (RMS in dBFS), and from that which
 * stems play where. Measured from the cached stems a one-minute segment at a
 * time, so an hour-long rehearsal never holds more than a minute here.
 */
export interface TimeRange {
  start: number;
  end: number;
}

/** Below this a section is silence, whatever the stem (a 16-bit noise floor is ~-96 dBFS; rooms sit far above). */
export const SILENCE_DB = -60;
/** A stem this far under the whole mix in a section is spill, not a part anyone plays. */
export const SPILL_BELOW_MIX_DB = 24;

const FLOOR_DB = SILENCE_DB - 60;

/**
 * RMS per section, in dBFS, from frames handed over in blocks of any size
 * and in any order (the cache's one-minute segments), so a stem is never
 * whole in memory. `length` is the track's length in frames.
 */
export class SectionLevelMeter {
  readonly #from: number[];
  readonly #to: number[];
  readonly #sums: Float64Array;
  #channels = 1;

  constructor(sampleRate: number, sections: readonly TimeRange[], length: number) {
    this.#from = sections.map((section) => Math.max(0, Math.floor(section.start * sampleRate)));
    this.#to = sections.map((section) => Math.min(length, Math.ceil(section.end * sampleRate)));
    this.#sums = new Float64Array(sections.length);
  }

  /** Frames [startFrame, startFrame + block length) of every channel. */
  add(channels: readonly Float32Array[], startFrame: number): void {
    this.#channels = Math.max(1, channels.length);
    const blockEnd = startFrame + (channels[0]?.length ?? 0);
    for (let s = 0; s < this.#sums.length; s++) {
      const from = Math.max(this.#from[s]!, startFrame);
      const to = Math.min(this.#to[s]!, blockEnd);
      let sum = 0;
      for (const channel of channels) for (let i = from - startFrame; i < to - startFrame; i++) sum += channel[i]! * channel[i]!;
      this.#sums[s] = this.#sums[s]! + sum;
    }
  }

  /** dBFS per section to 0.1 dB; an empty or silent section reads far below SILENCE_DB. */
  levels(): number[] {
    return Array.from(this.#sums, (sum, s) => {
      const frames = this.#to[s]! - this.#from[s]!;
      const mean = frames > 0 ? sum / (frames * this.#channels) : 0;
      const db = mean > 0 ? Math.max(FLOOR_DB, 10 * Math.log10(mean)) : FLOOR_DB;
      return Math.round(db * 10) / 10;
    });
  }
}

export function levelsPerSection(channels: readonly Float32Array[], sampleRate: number, sections: readonly TimeRange[]): number[] {
  const meter = new SectionLevelMeter(sampleRate, sections, channels[0]?.length ?? 0);
  meter.add(channels, 0);
  return meter.levels();
}

/** Whether a stem plays in a section, from its level and the whole mix's level there. */
export function stemPlays(stemDb: number, mixDb: number): boolean {
  return stemDb >= SILENCE_DB && stemDb >= mixDb - SPILL_BELOW_MIX_DB;
}
