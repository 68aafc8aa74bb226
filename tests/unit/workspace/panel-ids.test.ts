import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextPanelId, titleForNewPanel } from '$lib/workspace/panel-ids';

describe('panel ids', () => {
  it('numbers the first panel of a type 1', () => {
    expect(nextPanelId('pad', [])).toBe('pad-1');
  });

  it('continues after the highest number in a restored layout, not after the count', () => {
    expect(nextPanelId('pad', ['pad-1', 'pad-7', 'pad-3'])).toBe('pad-8');
  });

  it('ignores panels of other types', () => {
    expect(nextPanelId('pad', ['knob-9', 'logs-4', 'pad-2'])).toBe('pad-3');
  });

  it('does not count a type whose name merely starts the same way', () => {
    expect(nextPanelId('pad', ['pad-fx-12'])).toBe('pad-1');
  });

  it('ignores ids whose suffix is not a whole number', () => {
    expect(nextPanelId('knob', ['knob-two', 'knob-2.5', 'knob-', 'knob-Infinity'])).toBe('knob-1');
  });

  it('accepts any iterable of ids, such as a Set', () => {
    expect(nextPanelId('logs', new Set(['logs-1']))).toBe('logs-2');
  });

  it('never hands out an id that is already taken', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('pad', 'knob', 'logs'),
        fc.array(fc.oneof(fc.nat({ max: 10_000 }).map((n) => `pad-${n}`), fc.nat({ max: 50 }).map((n) => `knob-${n}`), fc.string())),
        (type, ids) => {
          expect(ids).not.toContain(nextPanelId(type, ids));
        }
      )
    );
  });
});

describe('titles for new panels', () => {
  it('uses the plain title for the first panel of a kind', () => {
    expect(titleForNewPanel('Pads', ['Knobs', 'Logs'])).toBe('Pads');
  });

  it('numbers the second panel 2', () => {
    expect(titleForNewPanel('Pads', ['Pads', 'Knobs'])).toBe('Pads 2');
  });

  it('keeps counting past numbered duplicates', () => {
    expect(titleForNewPanel('Pads', ['Pads', 'Pads 2', 'Pads 3'])).toBe('Pads 4');
  });

  it('reuses the lowest free number after a panel was closed', () => {
    expect(titleForNewPanel('Pads', ['Pads', 'Pads 3'])).toBe('Pads 2');
  });

  it('never gives two open panels the same title', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('Pads'), fc.nat({ max: 8 }).map((n) => `Pads ${n}`), fc.string())), (titles) => {
        expect(titles).not.toContain(titleForNewPanel('Pads', titles));
      })
    );
  });
});
