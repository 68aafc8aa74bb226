import { describe, expect, it } from 'vitest';
import { PanelRegistry } from '$lib/workspace/panel-registry';
import { knobKind, padKind, testRegistry } from './layout-fixtures';

describe('the panel registry', () => {
  it('finds a kind by its type', () => {
    expect(testRegistry.get('pad')).toBe(padKind);
  });

  it('answers undefined for a type nobody registered', () => {
    expect(testRegistry.get('theremin')).toBeUndefined();
  });

  it('names the missing type when a kind is required', () => {
    expect(() => testRegistry.require('theremin')).toThrow('Unknown panel type "theremin"');
  });

  it('lists its kinds in registration order', () => {
    expect(new PanelRegistry([knobKind, padKind]).kinds.map((kind) => kind.type)).toEqual(['knob', 'pad']);
  });

  it('refuses the same type twice', () => {
    expect(() => new PanelRegistry([padKind, knobKind, padKind])).toThrow('Panel type "pad" is registered twice');
  });

  it('hands out a copy of its kinds, so callers cannot register behind its back', () => {
    const kinds = testRegistry.kinds as unknown[];
    kinds.length = 0;
    expect(testRegistry.kinds.length).toBeGreaterThan(0);
  });
});
