import { describe, expect, it } from 'vitest';
import { EnvelopeState, Stage } from '$workers/synth/engine/envelope';

const RATE = 48000;
const SHAPE = { delay: 0.002, attack: 0.004, hold: 0.003, decay: 0.2, sustain: 0.5, release: 0.1 };

/** Per-sample levels from `next`, and from `advance` in blocks (linear ramps between segment ends). */
function levels(blocks: number, block: number, releaseAt: number): { exact: Float64Array; ramped: Float64Array; exactStages: number[]; rampedStages: number[] } {
  const total = blocks * block;
  const exact = new Float64Array(total);
  const ramped = new Float64Array(total);
  const exactStages: number[] = [];
  const rampedStages: number[] = [];
  const a = new EnvelopeState();
  const b = new EnvelopeState();
  a.start(SHAPE, RATE);
  b.start(SHAPE, RATE);
  for (let i = 0; i < total; i++) {
    if (i === releaseAt) a.release();
    exact[i] = a.next();
    exactStages.push(a.stage);
  }
  for (let start = 0; start < total; start += block) {
    if (start === releaseAt) b.release();
    for (let i = start; i < start + block; ) {
      const count = b.advance(start + block - i);
      const from = b.segmentStart;
      for (let k = 1; k <= count; k++, i++) {
        ramped[i] = from + ((b.level - from) * k) / count;
        rampedStages.push(b.stage);
      }
    }
  }
  return { exact, ramped, exactStages, rampedStages };
}

describe('the envelope at control rate', () => {
  it('follows the per-sample envelope within 0.2 dB-equivalent through every stage, over 128-frame blocks', () => {
    const { exact, ramped } = levels(150, 128, 128 * 100);
    let worst = 0;
    for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(exact[i]! - ramped[i]!));
    // Linear ramps over an exponential: the gap is largest at the top of the decay, still ≪ 1 %.
    expect(worst).toBeLessThan(0.01);
  });

  it('changes stage on the same sample as the per-sample envelope (delay, attack and hold ends are exact)', () => {
    const { exact, ramped } = levels(4, 128, 10_000);
    const attackStart = Math.round(SHAPE.delay * RATE);
    expect(ramped[attackStart - 1]).toBe(0);
    expect(ramped[attackStart]).toBeGreaterThan(0);
    const top = attackStart + Math.round(SHAPE.attack * RATE) - 1;
    expect(ramped[top]).toBeCloseTo(1, 9);
    expect(exact[top]).toBeCloseTo(1, 9);
    // Attack is linear: exact match, not an approximation.
    for (let i = attackStart; i <= top; i++) expect(ramped[i]).toBeCloseTo(exact[i]!, 9);
  });

  it('ends a release in silence and frees the voice, like the per-sample envelope', () => {
    const b = new EnvelopeState();
    b.start({ ...SHAPE, delay: 0, attack: 0.001, hold: 0, decay: 0.01, sustain: 1 }, RATE);
    for (let i = 0; i < 10; i++) b.advance(128);
    b.release();
    let frames = 0;
    while (b.active && frames < RATE) frames += b.advance(128);
    expect(b.stage).toBe(Stage.Done);
    expect(b.level).toBe(0);
    // −100 dB at 60 dB per 0.1 s: about 0.17 s.
    expect(frames / RATE).toBeGreaterThan(0.15);
    expect(frames / RATE).toBeLessThan(0.19);
  });
});
