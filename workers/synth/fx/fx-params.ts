/**
 * Every FX parameter the chain understands, in one table: the producer clamps
 * commands with it, the UI draws knobs from it and MIDI mapping turns a 0…1
 * knob position into a value with it. Ids are flat strings so a mapping or a
 * preset can name a parameter without knowing the chain's structure.
 */

export type FxParamCurve = 'linear' | 'log';

export interface FxParamSpec {
  readonly id: string;
  readonly label: string;
  /** Display unit; '' for plain ratios (0…1) and switches. */
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /** How a 0…1 knob position maps onto min…max. 'log' needs min > 0. */
  readonly curve: FxParamCurve;
  /** 0 for a continuous value; 1 for switches and choices, which are rounded. */
  readonly step: 0 | 1;
  /** Names of the integer values 0, 1, 2… for choice parameters. */
  readonly choices?: readonly string[];
}

export const FilterType = { Lowpass: 0, Highpass: 1, Bandpass: 2 } as const;
export type FilterType = (typeof FilterType)[keyof typeof FilterType];

const ON_OFF = ['Off', 'On'] as const;

export const FX_PARAMS = [
  { id: 'volume.gain', label: 'Volume', unit: '', min: 0, max: 1.5, default: 1, curve: 'linear', step: 0 },

  { id: 'filter.enabled', label: 'Filter', unit: '', min: 0, max: 1, default: 0, curve: 'linear', step: 1, choices: ON_OFF },
  {
    id: 'filter.type',
    label: 'Filter type',
    unit: '',
    min: 0,
    max: 2,
    default: FilterType.Lowpass,
    curve: 'linear',
    step: 1,
    choices: ['Low-pass', 'High-pass', 'Band-pass']
  },
  // Default fully open so switching the filter on changes nothing until the knob moves.
  { id: 'filter.cutoff', label: 'Cutoff', unit: 'Hz', min: 20, max: 20000, default: 20000, curve: 'log', step: 0 },
  { id: 'filter.resonance', label: 'Resonance', unit: 'Q', min: 0.5, max: 12, default: 0.707, curve: 'log', step: 0 },

  { id: 'pitch.enabled', label: 'Pitch shift', unit: '', min: 0, max: 1, default: 0, curve: 'linear', step: 1, choices: ON_OFF },
  // Continuous so small detune values are possible; a UI may snap to semitones.
  { id: 'pitch.semitones', label: 'Pitch', unit: 'st', min: -12, max: 12, default: 0, curve: 'linear', step: 0 },

  { id: 'chorus.enabled', label: 'Chorus', unit: '', min: 0, max: 1, default: 0, curve: 'linear', step: 1, choices: ON_OFF },
  { id: 'chorus.rate', label: 'Chorus rate', unit: 'Hz', min: 0.05, max: 5, default: 0.8, curve: 'log', step: 0 },
  { id: 'chorus.depth', label: 'Chorus depth', unit: 'ms', min: 0, max: 10, default: 3, curve: 'linear', step: 0 },
  { id: 'chorus.mix', label: 'Chorus mix', unit: '', min: 0, max: 1, default: 0.5, curve: 'linear', step: 0 },

  { id: 'delay.enabled', label: 'Delay', unit: '', min: 0, max: 1, default: 0, curve: 'linear', step: 1, choices: ON_OFF },
  { id: 'delay.time', label: 'Delay time', unit: 'ms', min: 1, max: 2000, default: 350, curve: 'log', step: 0 },
  { id: 'delay.feedback', label: 'Feedback', unit: '', min: 0, max: 0.95, default: 0.35, curve: 'linear', step: 0 },
  { id: 'delay.mix', label: 'Delay mix', unit: '', min: 0, max: 1, default: 0.3, curve: 'linear', step: 0 },
  { id: 'delay.pingPong', label: 'Ping-pong', unit: '', min: 0, max: 1, default: 0, curve: 'linear', step: 1, choices: ON_OFF },

  { id: 'reverb.enabled', label: 'Reverb', unit: '', min: 0, max: 1, default: 0, curve: 'linear', step: 1, choices: ON_OFF },
  { id: 'reverb.size', label: 'Room size', unit: '', min: 0, max: 1, default: 0.5, curve: 'linear', step: 0 },
  { id: 'reverb.damping', label: 'Damping', unit: '', min: 0, max: 1, default: 0.5, curve: 'linear', step: 0 },
  { id: 'reverb.mix', label: 'Reverb mix', unit: '', min: 0, max: 1, default: 0.25, curve: 'linear', step: 0 },

  { id: 'pan.position', label: 'Pan', unit: '', min: -1, max: 1, default: 0, curve: 'linear', step: 0 }
] as const satisfies readonly FxParamSpec[];

export type FxParamId = (typeof FX_PARAMS)[number]['id'];
export type FxParamValues = Record<FxParamId, number>;

export const FX_PARAM_IDS: readonly FxParamId[] = FX_PARAMS.map((spec) => spec.id);

const SPECS_BY_ID: ReadonlyMap<string, FxParamSpec> = new Map(FX_PARAMS.map((spec) => [spec.id, spec]));

export function isFxParamId(id: string): id is FxParamId {
  return SPECS_BY_ID.has(id);
}

/** The spec of a parameter; an unknown id is a programming or preset error, named in full. */
export function fxParamSpec(id: string): FxParamSpec {
  const spec = SPECS_BY_ID.get(id);
  if (spec === undefined) {
    throw new Error(`Unknown FX parameter "${id}". Known parameters: ${FX_PARAM_IDS.join(', ')}.`);
  }
  return spec;
}

/** Clamps a value into the parameter's range and rounds switches and choices. Rejects NaN and ±Infinity. */
export function clampFxParam(spec: FxParamSpec, value: number): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(`FX parameter "${spec.id}" needs a finite number, got ${String(value)}.`);
  }
  const stepped = spec.step === 1 ? Math.round(value) : value;
  return Math.min(spec.max, Math.max(spec.min, stepped));
}

/** Maps a knob position 0…1 to a parameter value along the parameter's curve. */
export function fxParamFromNormalized(spec: FxParamSpec, position: number): number {
  const t = Math.min(1, Math.max(0, Number.isFinite(position) ? position : 0));
  const value = spec.curve === 'log' ? spec.min * Math.pow(spec.max / spec.min, t) : spec.min + (spec.max - spec.min) * t;
  return clampFxParam(spec, value);
}

/** Maps a parameter value to its knob position 0…1 (inverse of fxParamFromNormalized). */
export function fxParamToNormalized(spec: FxParamSpec, value: number): number {
  const v = clampFxParam(spec, value);
  const t = spec.curve === 'log' ? Math.log(v / spec.min) / Math.log(spec.max / spec.min) : (v - spec.min) / (spec.max - spec.min);
  return Math.min(1, Math.max(0, t));
}

export function defaultFxParamValues(): FxParamValues {
  const values: Partial<FxParamValues> = {};
  for (const spec of FX_PARAMS) values[spec.id] = spec.default;
  return values as FxParamValues;
}
