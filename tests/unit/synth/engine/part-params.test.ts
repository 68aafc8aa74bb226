import { describe, expect, it } from 'vitest';
import { SynthEngine, KEYS, PADS } from '$workers/synth/engine/synth-engine';
import { formatPartParam, partParamValue } from '$workers/synth/engine/part-params';
import { rms, sineBank } from './tone';

const RATE = 48000;
const BLOCK = 128;
const HELD = { delay: 0, attack: 0.001, hold: 0, decay: 0, sustain: 1, release: 0.1 };

function engine(): SynthEngine {
  return new SynthEngine({ sampleRate: RATE, maxVoices: 8, maxBlockFrames: BLOCK });
}

function render(synth: SynthEngine, seconds: number): Float32Array {
  const frames = Math.round((seconds * RATE) / BLOCK) * BLOCK;
  const out = new Float32Array(frames);
  const left = new Float32Array(BLOCK);
  const right = new Float32Array(BLOCK);
  for (let at = 0; at < frames; at += BLOCK) {
    synth.render(left, right, BLOCK);
    out.set(left, at);
  }
  return out;
}

/** Seconds until the output falls below -60 dB of `reference` (RMS over 5 ms frames). */
function secondsToSilence(out: Float32Array, reference: number): number {
  const hop = RATE / 200;
  for (let at = 0; at + hop <= out.length; at += hop) if (rms(out.subarray(at, at + hop)) < reference * 1e-3) return at / RATE;
  return out.length / RATE;
}

describe('part parameters', () => {
  it('map knob positions to unity at rest, a quarter to four times the envelope, and read out in dB and ×', () => {
    expect(partParamValue('volume', 0.8)).toBeCloseTo(1, 6);
    expect(partParamValue('volume', 0)).toBe(0);
    expect(partParamValue('release', 0.5)).toBeCloseTo(1, 6);
    expect(partParamValue('release', 1)).toBeCloseTo(4, 6);
    expect(partParamValue('attack', 0)).toBeCloseTo(0.25, 6);
    expect(partParamValue('volume', Number.NaN)).toBeCloseTo(1, 6);
    expect(formatPartParam('volume', 0.4)).toBe('-6.0 dB');
    expect(formatPartParam('release', 1)).toBe('4.0×');
  });

  it('scale one part\'s volume, gliding to it without touching the other part', () => {
    const synth = engine();
    synth.selectInstrument(sineBank(HELD), 0, KEYS);
    synth.selectInstrument(sineBank(HELD), 0, PADS);
    synth.noteOn(69, 100, KEYS);
    const before = rms(render(synth, 0.1).subarray(BLOCK * 4));
    synth.setPartParam(KEYS, 'volume', 0.4);
    const glide = render(synth, 0.1);
    // The first block after the change is still near the old level (a glide, not a step).
    expect(rms(glide.subarray(0, BLOCK))).toBeGreaterThan(before * 0.7);
    expect(rms(glide.subarray(glide.length - BLOCK * 8)) / before).toBeCloseTo(0.5, 2);
    // The pads part still plays at unity.
    synth.noteOff(69, KEYS);
    render(synth, 0.3);
    synth.noteOn(69, 100, PADS);
    expect(rms(render(synth, 0.1).subarray(BLOCK * 4)) / before).toBeCloseTo(1, 2);
  });

  it('stretch the release of notes let go after the knob moved, and only of that part', () => {
    const times: number[] = [];
    for (const position of [0.5, 1]) {
      const synth = engine();
      synth.selectInstrument(sineBank(HELD), 0, KEYS);
      synth.setPartParam(PADS, 'release', 0); // the other part's knob does nothing here
      synth.setPartParam(KEYS, 'release', position);
      synth.noteOn(69, 100, KEYS);
      const level = rms(render(synth, 0.1).subarray(BLOCK * 4));
      synth.noteOff(69, KEYS);
      times.push(secondsToSilence(render(synth, 1), level));
    }
    // -60 dB in ≈0.1 s at 1×, ≈0.4 s at 4×.
    expect(times[0]!).toBeGreaterThan(0.06);
    expect(times[0]!).toBeLessThan(0.14);
    expect(times[1]! / times[0]!).toBeGreaterThan(3.2);
    expect(times[1]! / times[0]!).toBeLessThan(4.8);
  });

  it('stretch the attack of new notes', () => {
    const slow = { ...HELD, attack: 0.05 };
    const levels: number[] = [];
    for (const position of [0.5, 1]) {
      const synth = engine();
      synth.selectInstrument(sineBank(slow), 0, KEYS);
      synth.setPartParam(KEYS, 'attack', position);
      synth.noteOn(69, 100, KEYS);
      levels.push(rms(render(synth, 0.05).subarray(BLOCK * 9, BLOCK * 18)));
    }
    // 50 ms into a 50 ms attack the note is nearly full; into a 200 ms attack it is about a quarter up.
    expect(levels[1]! / levels[0]!).toBeLessThan(0.45);
  });

  it('carry over to the engine a reconfiguration builds', () => {
    const old = engine();
    old.setPartParam(PADS, 'volume', 0.2);
    old.setPartParam(KEYS, 'release', 1);
    const next = engine();
    next.adoptPartParams(old);
    expect(next.partParam(PADS, 'volume')).toBeCloseTo(0.25, 6);
    expect(next.partParam(KEYS, 'release')).toBeCloseTo(4, 6);
    expect(next.partParam(KEYS, 'volume')).toBeCloseTo(1, 6);
  });
});
