/**
 * SoundFont 2.04 generators (spec §8.1): the numbers, their defaults, how a
 * preset zone combines with an instrument zone, and the unit conversions into
 * the instrument model. Only the generators the model can express are named;
 * the rest are read, combined and then ignored.
 */

export const Gen = {
  startAddrsOffset: 0,
  endAddrsOffset: 1,
  startloopAddrsOffset: 2,
  endloopAddrsOffset: 3,
  startAddrsCoarseOffset: 4,
  endAddrsCoarseOffset: 12,
  pan: 17,
  delayVolEnv: 33,
  attackVolEnv: 34,
  holdVolEnv: 35,
  decayVolEnv: 36,
  sustainVolEnv: 37,
  releaseVolEnv: 38,
  instrument: 41,
  keyRange: 43,
  velRange: 44,
  startloopAddrsCoarseOffset: 45,
  keynum: 46,
  velocity: 47,
  initialAttenuation: 48,
  endloopAddrsCoarseOffset: 50,
  coarseTune: 51,
  fineTune: 52,
  sampleID: 53,
  sampleModes: 54,
  scaleTuning: 56,
  exclusiveClass: 57,
  overridingRootKey: 58
} as const;

/** Generator numbers run 0…60 (endOper); anything above is skipped as the spec asks. */
export const GENERATOR_COUNT = 61;

/** Ranges are stored as their raw 16-bit amount: low byte = low end, high byte = high end. */
export const FULL_RANGE = 127 << 8;

export function rangeLow(raw: number): number {
  return raw & 0xff;
}
export function rangeHigh(raw: number): number {
  return (raw >> 8) & 0xff;
}

/** Instrument-level defaults (spec §8.1.3); everything not listed defaults to 0. */
export function instrumentDefaults(): Int32Array {
  const values = new Int32Array(GENERATOR_COUNT);
  values[8] = 13500; // initialFilterFc
  for (const timecents of [21, 23, 25, 26, 27, 28, 30, 33, 34, 35, 36, 38]) values[timecents] = -12000;
  values[Gen.keyRange] = FULL_RANGE;
  values[Gen.velRange] = FULL_RANGE;
  values[Gen.keynum] = -1;
  values[Gen.velocity] = -1;
  values[Gen.scaleTuning] = 100;
  values[Gen.overridingRootKey] = -1;
  return values;
}

/** Preset-level values are offsets added to the instrument's, so they start at 0 (ranges at full). */
export function presetDefaults(): Int32Array {
  const values = new Int32Array(GENERATOR_COUNT);
  values[Gen.keyRange] = FULL_RANGE;
  values[Gen.velRange] = FULL_RANGE;
  return values;
}

/**
 * Generators a preset zone may not set (spec §8.1.2/§8.5): sample addresses,
 * the sample and instrument links, fixed key/velocity, sample modes, exclusive
 * class and root key. Ranges are combined by intersection, not addition.
 */
const NOT_ADDITIVE = new Set<number>([
  Gen.startAddrsOffset,
  Gen.endAddrsOffset,
  Gen.startloopAddrsOffset,
  Gen.endloopAddrsOffset,
  Gen.startAddrsCoarseOffset,
  Gen.endAddrsCoarseOffset,
  Gen.startloopAddrsCoarseOffset,
  Gen.endloopAddrsCoarseOffset,
  Gen.instrument,
  Gen.keyRange,
  Gen.velRange,
  Gen.keynum,
  Gen.velocity,
  Gen.sampleID,
  Gen.sampleModes,
  Gen.exclusiveClass,
  Gen.overridingRootKey
]);

export function isAdditiveAtPresetLevel(generator: number): boolean {
  return !NOT_ADDITIVE.has(generator);
}

/** Most amounts are signed 16-bit; ranges, the instrument/sample links and sampleModes are unsigned. */
export function amountFor(generator: number, raw: number): number {
  if (generator === Gen.keyRange || generator === Gen.velRange || generator === Gen.instrument || generator === Gen.sampleID || generator === Gen.sampleModes) {
    return raw;
  }
  return raw >= 0x8000 ? raw - 0x10000 : raw;
}

export function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}

/** Timecents → seconds. -12000 (the default) is about 1 ms; the spec caps envelope times near 100 s. */
export function timecentsToSeconds(timecents: number, max = 8000): number {
  return 2 ** (clamp(timecents, -12000, max) / 1200);
}

/**
 * Centibels of attenuation → linear gain. Follows the spec (10^(-cB/200));
 * E-mu hardware and some players scale initialAttenuation by 0.4, which makes
 * some banks louder there than here.
 */
export function centibelsToGain(centibels: number): number {
  const attenuation = clamp(centibels, 0, 1440);
  return 10 ** (-attenuation / 200);
}

/** sustainVolEnv is attenuation in cB; 1000 cB or more means silence (spec §8.1.3, gen 37). */
export function sustainLevel(centibels: number): number {
  if (centibels >= 1000) return 0;
  return centibelsToGain(centibels);
}
