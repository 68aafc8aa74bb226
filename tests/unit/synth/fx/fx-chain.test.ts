import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FxChain } from '$workers/synth/fx/fx-chain';
import { FX_PARAM_IDS, FX_PARAMS, fxParamFromNormalized, type FxParamId } from '$workers/synth/fx/fx-params';
import { impulse, largestStep, RATE, runChain, sine } from './signals';

/** Every parameter moved away from its default to a valid, distinctive value. */
function unusualSettings(): Record<FxParamId, number> {
  const settings: Partial<Record<FxParamId, number>> = {};
  for (const spec of FX_PARAMS) {
    settings[spec.id] = spec.step === 1 ? (spec.default === 0 ? 1 : 0) : fxParamFromNormalized(spec, 0.37);
  }
  return settings as Record<FxParamId, number>;
}

function allEffectsOn(chain: FxChain): void {
  chain.setParam('filter.enabled', 1);
  chain.setParam('filter.cutoff', 2500);
  chain.setParam('filter.resonance', 3);
  chain.setParam('pitch.enabled', 1);
  chain.setParam('pitch.semitones', 5);
  chain.setParam('chorus.enabled', 1);
  chain.setParam('delay.enabled', 1);
  chain.setParam('delay.time', 90);
  chain.setParam('delay.pingPong', 1);
  chain.setParam('reverb.enabled', 1);
}

describe('FX chain', () => {
  it('is transparent by default apart from the -3 dB centre pan', () => {
    const chain = new FxChain(RATE, 128);
    const left = sine(440, 1024);
    const right = sine(440, 1024);
    runChain(chain, left, right);
    const dry = sine(440, 1024);
    for (let i = 0; i < 1024; i++) {
      expect(left[i]).toBeCloseTo((dry[i] as number) * Math.SQRT1_2, 6);
      expect(right[i]).toBeCloseTo((dry[i] as number) * Math.SQRT1_2, 6);
    }
  });

  it('clamps a parameter to its range and rounds switches', () => {
    const chain = new FxChain(RATE, 128);
    chain.setParam('delay.feedback', 2);
    chain.setParam('filter.cutoff', 1);
    chain.setParam('reverb.enabled', 0.8);
    expect(chain.getParam('delay.feedback')).toBe(0.95);
    expect(chain.getParam('filter.cutoff')).toBe(20);
    expect(chain.getParam('reverb.enabled')).toBe(1);
  });

  it('rejects an unknown parameter with a readable error', () => {
    const chain = new FxChain(RATE, 128);
    expect(() => chain.setParam('reverb.wetness' as FxParamId, 1)).toThrow(/Unknown FX parameter "reverb\.wetness"/);
  });

  it('round-trips every parameter through snapshot and restore', () => {
    const original = new FxChain(RATE, 128);
    const settings = unusualSettings();
    for (const id of FX_PARAM_IDS) original.setParam(id, settings[id]);
    const copy = new FxChain(RATE, 128);
    copy.restore(original.snapshot());
    expect(copy.snapshot()).toEqual(original.snapshot());
    for (const id of FX_PARAM_IDS) expect(copy.getParam(id)).toBe(settings[id]);
  });

  it('keeps every effect setting when the sample rate changes', () => {
    const at48k = new FxChain(48000, 128);
    const settings = unusualSettings();
    for (const id of FX_PARAM_IDS) at48k.setParam(id, settings[id]);
    const at96k = new FxChain(96000, 256);
    at96k.restore(at48k.snapshot());
    expect(at96k.snapshot()).toEqual(settings);
  });

  it('sounds at the restored settings from the first sample, with no glide from the defaults', () => {
    const chain = new FxChain(44100, 128);
    chain.restore({ 'volume.gain': 0.5, 'pan.position': -1 });
    const left = new Float32Array(128).fill(1);
    const right = new Float32Array(128).fill(1);
    chain.process(left, right, 128);
    expect(left[0]).toBeCloseTo(0.5, 6);
    expect(right[0]).toBe(0);
  });

  it('refuses a snapshot with an unknown parameter and changes nothing', () => {
    const chain = new FxChain(RATE, 128);
    expect(() => chain.restore({ 'volume.gain': 0.2, 'reverb.wetness': 1 } as Partial<Record<FxParamId, number>>)).toThrow(
      /reverb\.wetness/
    );
    expect(chain.getParam('volume.gain')).toBe(1);
  });

  it('processes short blocks and full blocks to the same sound', () => {
    const whole = new FxChain(RATE, 128);
    const split = new FxChain(RATE, 128);
    for (const chain of [whole, split]) {
      allEffectsOn(chain);
      chain.restore(chain.snapshot()); // settle, so both start from the same state
    }
    const input = sine(330, 128 * 40, 0.5);
    const wholeLeft = input.slice();
    const wholeRight = input.slice();
    const splitLeft = input.slice();
    const splitRight = input.slice();
    for (let block = 0; block < 40; block++) {
      const start = block * 128;
      expect(whole.process(wholeLeft.subarray(start, start + 128), wholeRight.subarray(start, start + 128), 128)).toBeUndefined();
      split.process(splitLeft.subarray(start, start + 37), splitRight.subarray(start, start + 37), 37);
      split.process(splitLeft.subarray(start + 37, start + 128), splitRight.subarray(start + 37, start + 128), 91);
    }
    for (let i = 0; i < input.length; i++) {
      expect(splitLeft[i]).toBeCloseTo(wholeLeft[i] as number, 5);
      expect(splitRight[i]).toBeCloseTo(wholeRight[i] as number, 5);
    }
  });

  it('processes a block longer than the largest block in pieces, and ignores frames beyond the buffers', () => {
    const chain = new FxChain(RATE, 64);
    allEffectsOn(chain);
    const left = sine(220, 1000, 0.5);
    const right = sine(220, 1000, 0.5);
    expect(() => chain.process(left, right, 1000)).not.toThrow();
    expect(() => chain.process(left.subarray(0, 100), right.subarray(0, 100), 5000)).not.toThrow();
    expect(left.every(Number.isFinite)).toBe(true);
  });

  it('pans the reverb tail too, because pan comes last', () => {
    const chain = new FxChain(RATE, 128);
    chain.setParam('reverb.enabled', 1);
    chain.setParam('reverb.mix', 1);
    chain.setParam('pan.position', -1);
    chain.restore(chain.snapshot());
    const left = impulse(RATE / 2);
    const right = impulse(RATE / 2);
    runChain(chain, left, right);
    expect(left.some((x) => Math.abs(x) > 1e-3)).toBe(true);
    expect(right.every((x) => x === 0)).toBe(true);
  });

  it('silences every tail on reset', () => {
    const chain = new FxChain(RATE, 128);
    allEffectsOn(chain);
    chain.restore(chain.snapshot());
    runChain(chain, sine(440, RATE / 4), sine(440, RATE / 4));
    chain.reset();
    const left = new Float32Array(RATE);
    const right = new Float32Array(RATE);
    runChain(chain, left, right);
    expect(left.every((x) => x === 0)).toBe(true);
    expect(right.every((x) => x === 0)).toBe(true);
  });

  describe('switching an effect on and off', () => {
    const audibleSettings: [string, Partial<Record<FxParamId, number>>][] = [
      ['filter', { 'filter.cutoff': 300, 'filter.resonance': 6 }],
      ['pitch', { 'pitch.semitones': 12 }],
      ['chorus', { 'chorus.depth': 8, 'chorus.mix': 0.7 }],
      ['delay', { 'delay.time': 125, 'delay.feedback': 0.6, 'delay.mix': 0.5 }],
      ['reverb', { 'reverb.size': 0.8, 'reverb.mix': 0.6 }]
    ];

    it.each(audibleSettings)('does not click for the %s', (effect, settings) => {
      const chain = new FxChain(RATE, 128);
      chain.restore(settings);
      const enabled = `${effect}.enabled` as FxParamId;
      const half = RATE / 2;
      // 100.7 Hz so the switch does not fall on a zero crossing, which would hide a click.
      const left = sine(100.7, 4 * half, 0.5);
      const right = sine(100.7, 4 * half, 0.5);
      const run = (from: number, to: number): void => runChain(chain, left.subarray(from, to), right.subarray(from, to));
      run(0, half);
      chain.setParam(enabled, 1);
      run(half, 3 * half);
      chain.setParam(enabled, 0);
      run(3 * half, 4 * half);
      // What the signal itself does when the effect is steadily off and steadily on.
      const steady = Math.max(largestStep(left, 1, half), largestStep(left, 2 * half, 3 * half));
      expect(largestStep(left, half, half + 0.5 * half)).toBeLessThan(steady * 1.5);
      expect(largestStep(left, 3 * half, 4 * half)).toBeLessThan(steady * 1.5);
    });
  });

  it('never produces NaN, Infinity or runaway levels under random parameter sweeps', () => {
    // The most a full-scale input can become: volume 1.5 × a Q-12 resonance × the build-up of
    // 0.95 delay feedback (1 / 0.05) × a size-1, undamped room on a comb resonance (≈ 9).
    // Musical settings stay far below; this bounds the extremes (a sine at the resonance through all of them reaches ~520).
    const WORST_CASE_GAIN = 1.5 * 12 * 20 * 9;
    const command = fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        id: fc.constantFrom(...FX_PARAM_IDS),
        // Positions past both ends check clamping as well.
        position: fc.double({ min: -0.3, max: 1.3, noNaN: true })
      }),
      fc.record({
        kind: fc.constant('block' as const),
        frames: fc.integer({ min: 1, max: 128 }),
        seed: fc.integer({ min: 1, max: 2 ** 30 })
      })
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(command, { minLength: 20, maxLength: 80 }), (startAllOn, commands) => {
        const chain = new FxChain(RATE, 128);
        if (startAllOn) allEffectsOn(chain);
        const left = new Float32Array(128);
        const right = new Float32Array(128);
        for (const c of commands) {
          if (c.kind === 'set') {
            const spec = FX_PARAMS.find((s) => s.id === c.id);
            if (spec === undefined) throw new Error(c.id);
            chain.setParam(c.id, spec.min + (spec.max - spec.min) * c.position);
            continue;
          }
          // Full-scale noise, the hardest bounded input.
          let state = c.seed;
          for (let i = 0; i < c.frames; i++) {
            state = (state * 16807) % 2147483647;
            left[i] = (state / 2147483647) * 2 - 1;
            state = (state * 16807) % 2147483647;
            right[i] = (state / 2147483647) * 2 - 1;
          }
          chain.process(left, right, c.frames);
          for (let i = 0; i < c.frames; i++) {
            if (!(Math.abs(left[i] as number) < WORST_CASE_GAIN) || !(Math.abs(right[i] as number) < WORST_CASE_GAIN)) return false;
          }
        }
        return true;
      }),
      { numRuns: 100 }
    );
  });
});
