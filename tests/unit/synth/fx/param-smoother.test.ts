import { describe, expect, it } from 'vitest';
import { ParamSmoother } from '$workers/synth/fx/param-smoother';
import { RATE } from './signals';

describe('parameter smoothing', () => {
  it('covers 99 % of a jump in the smoothing time', () => {
    const smoother = new ParamSmoother(RATE, 15, 0);
    smoother.setTarget(1);
    let value = 0;
    for (let i = 0; i < 0.015 * RATE; i++) value = smoother.next();
    expect(value).toBeGreaterThan(0.989);
    expect(value).toBeLessThan(1);
  });

  it('never moves more than a small fraction of a jump per sample', () => {
    const smoother = new ParamSmoother(RATE, 15, 0);
    smoother.setTarget(1);
    let previous = 0;
    for (let i = 0; i < RATE / 10; i++) {
      const value = smoother.next();
      expect(value - previous).toBeLessThan(0.01);
      previous = value;
    }
  });

  it('lands exactly on the target and reports it is settled', () => {
    const smoother = new ParamSmoother(RATE, 15, 0.2);
    smoother.setTarget(0.8);
    expect(smoother.settled).toBe(false);
    for (let i = 0; i < RATE / 10; i++) smoother.next();
    expect(smoother.value).toBe(0.8);
    expect(smoother.settled).toBe(true);
  });

  it('advances a control-rate block the same as sample by sample', () => {
    const perSample = new ParamSmoother(RATE, 15, 0);
    const perBlock = new ParamSmoother(RATE, 15, 0);
    perSample.setTarget(1);
    perBlock.setTarget(1);
    for (let i = 0; i < 64; i++) perSample.next();
    perBlock.advance(64);
    expect(perBlock.value).toBeCloseTo(perSample.value, 10);
  });

  it('jumps straight to a value when snapped', () => {
    const smoother = new ParamSmoother(RATE, 15, 0);
    smoother.snapTo(0.5);
    expect(smoother.next()).toBe(0.5);
    expect(smoother.settled).toBe(true);
  });
});
