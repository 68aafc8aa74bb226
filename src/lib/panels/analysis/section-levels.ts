/**
 * How loud each stem is in each section (RMS in dBFS), and from that which
 * stems play where. Computed from the cached stems one at a time: a stem is
 * read, measured and dropped, so an hour-long rehearsal never holds more
 * than one stem here.
 */
export interface TimeRange {
  start: number;
  end: number;
}

/** Below this a section is silence, whatever the stem (a 16-bit noise floor is ~-96 dBFS; rooms sit far above). */
export const SILENCE_DB = -60;
/** A stem this far under the whole mix in a section is spill, not a part anyone plays. */
export const SPILL_BELOW_MIX_DB = 24;

export function rmsDb(channels: readonly Float32Array[], sampleRate: number, range: TimeRange): number {
  const length = channels[0]?.length ?? 0;
  const from = Math.max(0, Math.floor(range.start * sampleRate));
  const to = Math.min(length, Math.ceil(range.end * sampleRate));
  if (to <= from) return SILENCE_DB - 60;
  let sum = 0;
  for (const channel of channels) for (let i = from; i < to; i++) sum += channel[i]! * channel[i]!;
  const mean = sum / ((to - from) * Math.max(1, channels.length));
  return mean > 0 ? Math.max(SILENCE_DB - 60, 10 * Math.log10(mean)) : SILENCE_DB - 60;
}

export function levelsPerSection(channels: readonly Float32Array[], sampleRate: number, sections: readonly TimeRange[]): number[] {
  return sections.map((section) => Math.round(rmsDb(channels, sampleRate, section) * 10) / 10);
}

/** Whether a stem plays in a section, from its level and the whole mix's level there. */
export function stemPlays(stemDb: number, mixDb: number): boolean {
  return stemDb >= SILENCE_DB && stemDb >= mixDb - SPILL_BELOW_MIX_DB;
}
