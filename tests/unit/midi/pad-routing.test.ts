import { describe, expect, it } from 'vitest';
import { KEYS_PART, PADS_PART, padBankForNote, partForNote } from '$lib/midi/pad-routing';

describe('routing MIDI notes to the pads or the keys', () => {
  it('maps the MPD-style pad notes to banks A (36–51) and B (52–67)', () => {
    expect([35, 36, 51, 52, 67, 68].map(padBankForNote)).toEqual([undefined, 'A', 'A', 'B', 'B', undefined]);
  });

  it('sends pad notes to the drum kit only while a pad panel is active on that bank', () => {
    const onlyA = (bank: 'A' | 'B') => bank === 'A';
    expect(partForNote(38, onlyA)).toBe(PADS_PART);
    expect(partForNote(60, onlyA)).toBe(KEYS_PART);
    expect(partForNote(38, () => false)).toBe(KEYS_PART);
  });
});
