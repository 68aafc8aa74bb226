import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessGroove, inferGrid, type PadHit } from '$lib/ledger/groove-scorer';

/** Hits every `stepMs` from t = 1000 on alternating pads, with a little human jitter. */
function steadyHits(count: number, stepMs: number, jitter: readonly number[] = [0]): PadHit[] {
  return Array.from({ length: count }, (_, i) => ({ time: 1000 + i * stepMs + jitter[i % jitter.length]!, pad: i % 2 ? 'snare' : 'kick', velocity: 100 }));
}

const QUARTER_AT_120 = 500;
const HUMAN = [0, 4, -3, 2, -5, 3, -1, 5];

describe('groove scorer', () => {
  it('scores steady 120 BPM hits as on the grid', () => {
    const history = steadyHits(12, QUARTER_AT_120, HUMAN);
    const result = assessGroove({ time: 1000 + 12 * QUARTER_AT_120 + 2, pad: 'kick', velocity: 100 }, history);
    expect(result).toMatchObject({ label: 'on-grid', gridSource: 'inferred' });
    expect(result.value).toBeGreaterThan(0.9);
    expect(Math.abs(result.deviationMs!)).toBeLessThan(10);
  });

  it('scores a hit 60 ms late worse, and says it is late', () => {
    const history = steadyHits(12, QUARTER_AT_120, HUMAN);
    const onTime = assessGroove({ time: 1000 + 12 * QUARTER_AT_120, pad: 'kick', velocity: 100 }, history);
    const late = assessGroove({ time: 1000 + 12 * QUARTER_AT_120 + 60, pad: 'kick', velocity: 100 }, history);
    expect(late.label).toBe('late');
    expect(late.deviationMs).toBeGreaterThan(50);
    expect(late.value).toBeLessThan(onTime.value - 0.5);
    const early = assessGroove({ time: 1000 + 12 * QUARTER_AT_120 - 40, pad: 'kick', velocity: 100 }, history);
    expect(early.label).toBe('early');
  });

  it('infers the tempo within 2 % from jittered hits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 70, max: 180 }), fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 12, maxLength: 12 }), (bpm, jitter) => {
        const grid = inferGrid(steadyHits(12, 60_000 / bpm, jitter).map((hit) => hit.time));
        expect(grid).toBeDefined();
        expect(Math.abs(grid!.bpm - bpm) / bpm).toBeLessThan(0.02);
      })
    );
  });

  it('finds the beat when eighths are mixed with quarters', () => {
    const pattern = [0, 250, 500, 1000, 1250, 1500, 2000, 2250, 2500, 3000, 3250, 3500];
    const grid = inferGrid(pattern.map((offset) => 1000 + offset));
    expect(grid!.stepMs).toBeCloseTo(250, 0);
    expect(grid!.bpm).toBeCloseTo(120, 0);
  });

  it('flags a flam: another pad 18 ms before', () => {
    const history = [...steadyHits(8, QUARTER_AT_120), { time: 4982, pad: 'tom', velocity: 60 }];
    const result = assessGroove({ time: 5000, pad: 'snare', velocity: 110 }, history);
    expect(result.label).toBe('flam');
    expect(result.detail).toMatch(/18 ms after a hit on another pad/);
  });

  it('treats two pads struck together (under 10 ms) as one gesture, not a flam', () => {
    const history = [...steadyHits(8, QUARTER_AT_120), { time: 4996, pad: 'crash', velocity: 90 }];
    expect(assessGroove({ time: 5000, pad: 'kick', velocity: 110 }, history).label).toBe('on-grid');
  });

  it('flags a double trigger: the same pad again within 25 ms, confidently', () => {
    const history = steadyHits(9, QUARTER_AT_120);
    const chatter = assessGroove({ time: history[8]!.time + 20, pad: history[8]!.pad, velocity: 30 }, history);
    expect(chatter.label).toBe('double-trigger');
    expect(chatter.value).toBeLessThanOrEqual(0.1);
    const borderline = assessGroove({ time: history[8]!.time + 35, pad: history[8]!.pad, velocity: 30 }, history);
    expect(borderline.label).toBe('double-trigger');
    expect(borderline.value).toBeGreaterThan(chatter.value);
    const roll = assessGroove({ time: history[8]!.time + 60, pad: history[8]!.pad, velocity: 80 }, history);
    expect(roll.label).not.toBe('double-trigger');
  });

  it('uses the metronome grid when it runs', () => {
    const result = assessGroove({ time: 10_030, pad: 'kick', velocity: 100 }, [], { bpm: 100, beatAtMs: 400 });
    // Beats at 400 + 600 n: 10 000 is a beat, so the hit is 30 ms late.
    expect(result).toMatchObject({ label: 'late', gridSource: 'metronome', bpm: 100 });
    expect(result.deviationMs).toBeCloseTo(30, 6);
  });

  it('has no opinion before there are enough steady hits', () => {
    expect(assessGroove({ time: 2500, pad: 'snare', velocity: 100 }, steadyHits(3, QUARTER_AT_120)).label).toBe('no-grid');
    const free = [0, 130, 610, 700, 1390, 1420, 2300].map((offset, i) => ({ time: offset, pad: `p${i}`, velocity: 90 }));
    expect(inferGrid(free.map((hit) => hit.time))).toBeUndefined();
  });

  it('calls a hit between grid lines off-grid rather than very late', () => {
    const history = steadyHits(12, QUARTER_AT_120);
    const result = assessGroove({ time: 1000 + 12 * QUARTER_AT_120 - 250, pad: 'kick', velocity: 100 }, history.slice(0, 12));
    expect(result.label).toBe('off-grid');
    expect(result.value).toBe(0.5);
  });
});
