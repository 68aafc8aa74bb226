import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PADS_PER_BANK, PadPanelParamsSchema, padPanelKind, padSlots } from '$lib/panels/pad/pad-panel';

describe('pad slots', () => {
  it('give bank A the sixteen GM notes from the kick (36) to the ride (51)', () => {
    const slots = padSlots('A');
    expect(slots).toHaveLength(PADS_PER_BANK);
    expect(slots[0]).toEqual({ slot: 0, note: 36, label: 'Kick' });
    expect(slots[2]).toEqual({ slot: 2, note: 38, label: 'Snare' });
    expect(slots[15]).toEqual({ slot: 15, note: 51, label: 'Ride' });
  });

  it('give bank B the next sixteen notes, 52 to 67', () => {
    expect(padSlots('B').map((slot) => slot.note)).toEqual(Array.from({ length: 16 }, (_, index) => 52 + index));
    expect(padSlots('B')[0]?.label).toBe('China');
  });

  it('number slots 0 to 15 in order and label every pad', () => {
    for (const bank of ['A', 'B'] as const) {
      const slots = padSlots(bank);
      expect(slots.map((slot) => slot.slot)).toEqual(Array.from({ length: 16 }, (_, index) => index));
      for (const slot of slots) expect(slot.label).not.toBe('');
    }
  });
});

describe('pad panel params', () => {
  it('start on bank A, valid against the schema', () => {
    expect(v.safeParse(PadPanelParamsSchema, padPanelKind.initialParams()).success).toBe(true);
  });

  it('refuse a bank that does not exist', () => {
    expect(v.safeParse(PadPanelParamsSchema, { bank: 'C', preset: 'Default' }).success).toBe(false);
  });

  it('refuse an unknown field', () => {
    expect(v.safeParse(PadPanelParamsSchema, { bank: 'A', preset: 'Default', velocity: 127 }).success).toBe(false);
  });
});
