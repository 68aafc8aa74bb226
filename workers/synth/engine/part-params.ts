/**
 * Instrument parameters a knob can drive, per part (keys, pads): the part's
 * volume and how fast its notes start and fade. Knobs send a normalised
 * position (0…1); this is the one place that says what a position means, used
 * by the engine and by the knob's readout.
 */
export const PART_PARAMS = ['volume', 'attack', 'release'] as const;
/** Part names in engine order: index 0 keys (keyboards, the piano), 1 pads (the drum kit). */
export const PARTS = ['keys', 'pads'] as const;
export type PartName = (typeof PARTS)[number];
export type PartParam = (typeof PART_PARAMS)[number];

/** Where each parameter rests: unity gain, the instrument's own times. */
export const PART_PARAM_DEFAULT_POSITION: Record<PartParam, number> = { volume: 0.8, attack: 0.5, release: 0.5 };

export const PART_PARAM_LABELS: Record<PartParam, string> = { volume: 'volume', attack: 'attack time', release: 'release time' };

/** Time scales span a quarter to four times the instrument's own envelope. */
const TIME_SCALE_OCTAVES = 2;

/**
 * The engine's value for a position: volume is a linear gain (0…1.25, unity at
 * the default 0.8); attack and release multiply the instrument's envelope
 * times (¼× … 4×, exponentially, 1× in the middle).
 */
export function partParamValue(param: PartParam, position: number): number {
  const p = Math.min(1, Math.max(0, Number.isFinite(position) ? position : PART_PARAM_DEFAULT_POSITION[param]));
  if (param === 'volume') return p / PART_PARAM_DEFAULT_POSITION.volume;
  return Math.pow(2, TIME_SCALE_OCTAVES * (2 * p - 1));
}

/** What a musician reads next to the knob: "-6.0 dB", "2.0×". */
export function formatPartParam(param: PartParam, position: number): string {
  const value = partParamValue(param, position);
  if (param === 'volume') return value <= 0 ? '−∞ dB' : `${(20 * Math.log10(value)).toFixed(1)} dB`;
  return `${value.toFixed(value < 1 ? 2 : 1)}×`;
}
