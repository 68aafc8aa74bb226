import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { BUILT_IN_PROFILES, GENERIC_PROFILE, learnBinding, NO_SLOT, profileForDevice, profileTables, slotCode } from '$lib/midi/controller-profile';
import { nextKnobPosition, relativeTicks } from '$lib/midi/encoder';

const none = new Map();

describe('controller profiles', () => {
  it('match devices by name, case-insensitively, and fall back to generic', () => {
    expect(profileForDevice('Akai MPD218 Port 1', none).id).toBe('mpd');
    expect(profileForDevice('Arturia MiniLab mkII', none).id).toBe('arturia-2x8');
    expect(profileForDevice('Keystation 49', none)).toBe(GENERIC_PROFILE);
  });

  it('map an Arturia-style 2×8 layout: notes 16–23 are bank A, 24–31 bank B', () => {
    const tables = profileTables(BUILT_IN_PROFILES.find((profile) => profile.id === 'arturia-2x8')!);
    expect(tables.padByNote[16]).toBe(slotCode('A', 0));
    expect(tables.padByNote[23]).toBe(slotCode('A', 7));
    expect(tables.padByNote[24]).toBe(slotCode('B', 0));
    expect(tables.padByNote[36]).toBe(NO_SLOT);
  });

  it('map MPD-style GM drum notes 36–51 to bank A and 52–67 to bank B', () => {
    const tables = profileTables(profileForDevice('MPD218', none));
    expect(tables.padByNote[36]).toBe(slotCode('A', 0));
    expect(tables.padByNote[51]).toBe(slotCode('A', 15));
    expect(tables.padByNote[52]).toBe(slotCode('B', 0));
    expect(tables.knobByCc[3]).toBe(slotCode('A', 0));
  });

  it('learning moves a control to its new slot so it never drives two', () => {
    const learned = learnBinding(GENERIC_PROFILE, 'Keystation 49', 'knob', 'B', 6, 70);
    const tables = profileTables(learned);
    expect(tables.knobByCc[70]).toBe(slotCode('B', 6));
    expect(learned.knobs.A[0]).toBeNull();
    expect(profileForDevice('Keystation 49', new Map([['Keystation 49', learned]]))).toBe(learned);
    // The built-in profile is untouched.
    expect(GENERIC_PROFILE.knobs.A[0]).toBe(70);
  });
});

describe('encoders', () => {
  it('absolute knobs send their position', () => {
    expect(nextKnobPosition(0.3, 127, 'absolute')).toBe(1);
    expect(nextKnobPosition(0.3, 0, 'absolute')).toBe(0);
  });

  it('decode the three relative encodings', () => {
    expect([1, 127, 5, 123].map((value) => relativeTicks(value, 'relative-twos-complement'))).toEqual([1, -1, 5, -5]);
    expect([65, 63, 70, 58].map((value) => relativeTicks(value, 'relative-offset'))).toEqual([1, -1, 6, -6]);
    expect([1, 65, 3, 67].map((value) => relativeTicks(value, 'relative-sign-bit'))).toEqual([1, -1, 3, -3]);
  });

  it('relative ticks move the knob one 127th each and stop at the ends', () => {
    expect(nextKnobPosition(0.5, 65, 'relative-offset')).toBeCloseTo(0.5 + 1 / 127);
    expect(nextKnobPosition(0.99, 70, 'relative-offset')).toBe(1);
    expect(nextKnobPosition(0.01, 120, 'relative-twos-complement')).toBe(0);
  });

  it('always lands in 0…1 whatever arrives', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 127 }), fc.constantFrom('absolute', 'relative-twos-complement', 'relative-offset', 'relative-sign-bit' as const), (current, value, mode) => {
        const next = nextKnobPosition(current, value, mode);
        expect(next).toBeGreaterThanOrEqual(0);
        expect(next).toBeLessThanOrEqual(1);
      })
    );
  });
});

describe('pad LEDs', () => {
  it('glow dimly for the active panel\'s pads, fully when hit, and only changes are sent', async () => {
    const { RoutingIndex } = await import('$lib/midi/routing-index');
    const { desiredLeds, ledMessages, LED_DIM, LED_FULL } = await import('$lib/midi/pad-leds');
    const { defaultPresets } = await import('$lib/presets/default-presets');
    const presets = defaultPresets();
    const routing = new RoutingIndex();
    const profile = profileForDevice('MPD218', none);
    routing.rebuild([{ id: 'pad-1', type: 'pad', bank: 'A', active: true, preset: 'Default' }], () => presets[0], () => presets[0]!);
    const shown = new Uint8Array(128);
    const first = ledMessages(shown, desiredLeds(profile, routing, {}), 9);
    expect(first).toHaveLength(16);
    expect(first[0]).toEqual([0x99, 36, LED_DIM]);
    expect(ledMessages(shown, desiredLeds(profile, routing, { 'pad-1': { 2: 90 } }), 9)).toEqual([[0x99, 38, LED_FULL]]);
    routing.rebuild([], () => presets[0], () => presets[0]!);
    const off = ledMessages(shown, desiredLeds(profile, routing, {}), 9);
    expect(off).toHaveLength(16);
    expect(off.every(([status, , velocity]) => status === 0x89 && velocity === 0)).toBe(true);
    expect(ledMessages(shown, desiredLeds(profile, routing, {}), 9)).toEqual([]);
  });
});
