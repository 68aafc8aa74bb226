import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PADS_PER_BANK, PadPanelParamsSchema, padPanelKind, velocityFromStrike } from '$lib/panels/pad/pad-panel';
import { defaultPresets } from '$lib/presets/default-presets';

describe('the default presets', () => {
  it('put the sixteen GM notes from the kick (36) to the ride (51) on the pads, on the drum kit', () => {
    const [kit] = defaultPresets();
    expect(kit!.pads).toHaveLength(PADS_PER_BANK);
    expect(kit!.pads[0]).toEqual({ label: 'Kick', action: { type: 'note', note: 36, part: 'pads' } });
    expect(kit!.pads[2]!.label).toBe('Snare');
    expect(kit!.pads[15]).toEqual({ label: 'Ride', action: { type: 'note', note: 51, part: 'pads' } });
  });

  it('have a percussion preset with the next sixteen notes, 52 to 67', () => {
    const percussion = defaultPresets()[1]!;
    expect(percussion.pads.map((pad) => (pad.action.type === 'note' ? pad.action.note : -1))).toEqual(Array.from({ length: 16 }, (_, index) => 52 + index));
    expect(percussion.pads[0]!.label).toBe('China');
  });
});

describe('striking a pad on screen', () => {
  it('plays louder nearer the top edge, always within MIDI velocity', () => {
    expect(velocityFromStrike(0, 100)).toBe(127);
    expect(velocityFromStrike(90, 100)).toBe(33);
    expect(velocityFromStrike(100, 100)).toBe(20);
    expect(velocityFromStrike(5, 0)).toBeGreaterThanOrEqual(1);
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
