import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { KNOBS_PER_BANK, KNOB_DRAG_PIXELS, KnobPanelParamsSchema, dragKnob, knobPanelKind } from '$lib/panels/knob/knob-panel';

describe('dragging a knob', () => {
  it('turns up when dragged upwards', () => {
    expect(dragKnob(0.5, -16, false)).toBeCloseTo(0.6);
  });

  it('turns down when dragged downwards', () => {
    expect(dragKnob(0.5, 16, false)).toBeCloseTo(0.4);
  });

  it('sweeps the whole range over one drag length', () => {
    expect(dragKnob(0, -KNOB_DRAG_PIXELS, false)).toBe(1);
  });

  it('moves five times finer with Shift held', () => {
    expect(dragKnob(0.5, -16, true)).toBeCloseTo(0.52);
  });

  it('stops at the ends of its travel', () => {
    expect(dragKnob(0.9, -1000, false)).toBe(1);
    expect(dragKnob(0.1, 1000, true)).toBe(0);
  });

  it('stays between 0 and 1 and moves opposite to the pointer, for any drag', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -10_000, max: 10_000, noNaN: true }),
        fc.boolean(),
        (value, delta, fine) => {
          const next = dragKnob(value, delta, fine);
          expect(next).toBeGreaterThanOrEqual(0);
          expect(next).toBeLessThanOrEqual(1);
          if (delta > 0) expect(next).toBeLessThanOrEqual(value);
          if (delta < 0) expect(next).toBeGreaterThanOrEqual(value);
        }
      )
    );
  });
});

describe('knob panel params', () => {
  it('start with one value per knob, valid against the schema', () => {
    const params = knobPanelKind.initialParams() as { values: number[] };
    expect(params.values).toHaveLength(KNOBS_PER_BANK);
    expect(v.safeParse(KnobPanelParamsSchema, params).success).toBe(true);
  });

  it('hand each new panel its own values array', () => {
    const first = knobPanelKind.initialParams() as { values: number[] };
    first.values[0] = 0;
    expect((knobPanelKind.initialParams() as { values: number[] }).values[0]).not.toBe(0);
  });

  it('refuse a knob outside 0…1', () => {
    const params = { ...(knobPanelKind.initialParams() as object), values: [1.2, 0, 0, 0, 0, 0, 0, 0] };
    expect(v.safeParse(KnobPanelParamsSchema, params).success).toBe(false);
  });

  it('refuse the wrong number of knobs', () => {
    const params = { ...(knobPanelKind.initialParams() as object), values: [0.5] };
    expect(v.safeParse(KnobPanelParamsSchema, params).success).toBe(false);
  });

  it('refuse an unknown field', () => {
    const params = { ...(knobPanelKind.initialParams() as object), midiChannel: 10 };
    expect(v.safeParse(KnobPanelParamsSchema, params).success).toBe(false);
  });
});
