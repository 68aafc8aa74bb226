import { describe, expect, it } from 'vitest';
import {
  clampFxParam,
  defaultFxParamValues,
  FX_PARAM_IDS,
  FX_PARAMS,
  fxParamFromNormalized,
  fxParamSpec,
  fxParamToNormalized
} from '$workers/synth/fx/fx-params';

describe('FX parameter table', () => {
  it('lists every parameter the chain understands, once', () => {
    expect([...FX_PARAM_IDS].sort()).toEqual(
      [
        'volume.gain',
        'filter.enabled',
        'filter.type',
        'filter.cutoff',
        'filter.resonance',
        'pitch.enabled',
        'pitch.semitones',
        'chorus.enabled',
        'chorus.rate',
        'chorus.depth',
        'chorus.mix',
        'delay.enabled',
        'delay.time',
        'delay.feedback',
        'delay.mix',
        'delay.pingPong',
        'reverb.enabled',
        'reverb.size',
        'reverb.damping',
        'reverb.mix',
        'pan.position'
      ].sort()
    );
  });

  it('has every default inside its range and log curves only on positive ranges', () => {
    for (const spec of FX_PARAMS) {
      expect(spec.default).toBeGreaterThanOrEqual(spec.min);
      expect(spec.default).toBeLessThanOrEqual(spec.max);
      if (spec.curve === 'log') expect(spec.min).toBeGreaterThan(0);
    }
  });

  it('starts with every effect off, the filter open and the sound centred at full volume', () => {
    const defaults = defaultFxParamValues();
    for (const id of FX_PARAM_IDS.filter((id) => id.endsWith('.enabled'))) expect(defaults[id]).toBe(0);
    expect(defaults['filter.cutoff']).toBe(20000);
    expect(defaults['volume.gain']).toBe(1);
    expect(defaults['pan.position']).toBe(0);
  });

  it('maps the middle of a log knob to the geometric middle of the range', () => {
    expect(fxParamFromNormalized(fxParamSpec('filter.cutoff'), 0.5)).toBeCloseTo(Math.sqrt(20 * 20000), 6);
  });

  it('maps knob positions to values and back', () => {
    for (const spec of FX_PARAMS.filter((s) => s.step === 0)) {
      for (const position of [0, 0.1, 0.5, 0.93, 1]) {
        expect(fxParamToNormalized(spec, fxParamFromNormalized(spec, position))).toBeCloseTo(position, 9);
      }
    }
  });

  it('clamps values to the range and rounds switches and choices', () => {
    expect(clampFxParam(fxParamSpec('delay.feedback'), 3)).toBe(0.95);
    expect(clampFxParam(fxParamSpec('filter.cutoff'), 5)).toBe(20);
    expect(clampFxParam(fxParamSpec('filter.type'), 1.6)).toBe(2);
    expect(clampFxParam(fxParamSpec('reverb.enabled'), 0.4)).toBe(0);
  });

  it('names an unknown parameter and lists the known ones', () => {
    expect(() => fxParamSpec('reverb.wetness')).toThrow(/Unknown FX parameter "reverb\.wetness".*reverb\.mix/);
  });

  it('refuses a value that is not a number', () => {
    expect(() => clampFxParam(fxParamSpec('volume.gain'), Number.NaN)).toThrow(/volume\.gain.*finite/);
  });
});
