import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLayoutRecord, toLayoutRecord } from '$lib/workspace/layout-record';
import { PanelRegistry } from '$lib/workspace/panel-registry';
import { defaultPanels, layoutRecord, layoutWithPanel, padKind, serializedDockview, testRegistry } from './layout-fixtures';

function problemOf(candidate: unknown): string {
  const check = checkLayoutRecord(candidate, testRegistry);
  if (check.ok) throw new Error('expected the layout to be rejected');
  return check.problem;
}

describe('checking a saved layout', () => {
  it('accepts a layout whose panels are all known kinds with valid params', () => {
    const saved = layoutRecord();
    expect(checkLayoutRecord(saved, testRegistry)).toEqual({ ok: true, layout: saved });
  });

  it('leaves dockview its own fields: extra dockview keys such as floating groups pass', () => {
    const saved = layoutRecord({ ...serializedDockview(), floatingGroups: [], popoutGroups: [] });
    expect(checkLayoutRecord(saved, testRegistry).ok).toBe(true);
  });

  it('accepts params that rely on the kind’s defaults, and keeps them as they were saved', () => {
    const saved = layoutWithPanel('logs-1', { params: {} });
    expect(checkLayoutRecord(saved, testRegistry)).toEqual({ ok: true, layout: saved });
  });

  it('matches what toLayoutRecord builds from dockview’s JSON', () => {
    const dockview = serializedDockview();
    expect(toLayoutRecord(dockview, 42)).toEqual(layoutRecord(dockview, 42));
    expect(checkLayoutRecord(toLayoutRecord(dockview, 42), testRegistry).ok).toBe(true);
  });

  it('rejects an extra top-level field and names it', () => {
    expect(problemOf({ ...layoutRecord(), theme: 'dark' })).toMatch(/malformed at "theme"/);
  });

  it('rejects a layout from another format version', () => {
    expect(problemOf({ ...layoutRecord(), formatVersion: 2 })).toMatch(/malformed at "formatVersion"/);
  });

  it('rejects a layout without a grid and says where', () => {
    const { grid: _grid, ...withoutGrid } = serializedDockview();
    expect(problemOf(layoutRecord(withoutGrid as never))).toMatch(/malformed at "dockview\.grid"/);
  });

  it.each([
    ['nothing', null],
    ['a string', '{"formatVersion":1'],
    ['a number', 7]
  ])('rejects %s as a malformed layout', (_what, candidate) => {
    expect(problemOf(candidate)).toMatch(/^the saved layout is malformed at "layout"/);
  });

  it('rejects a list holding a layout instead of the layout itself', () => {
    expect(problemOf([layoutRecord()])).toMatch(/^the saved layout is malformed at "formatVersion"/);
  });

  it('rejects panel params with an unknown field and names the panel', () => {
    expect(problemOf(layoutWithPanel('pad-1', { params: { bank: 'A', volume: 11 } }))).toMatch(
      /^the saved "Pads" panel has invalid settings \(.*volume/
    );
  });

  it('rejects panel params with a value outside the kind’s schema', () => {
    expect(problemOf(layoutWithPanel('knob-1', { params: { values: [0.5, 3] } }))).toMatch(/"Knobs" panel has invalid settings/);
  });

  it('checks a panel saved without params as if its params were empty', () => {
    expect(problemOf(layoutWithPanel('pad-1', { params: undefined }))).toMatch(/"Pads" panel has invalid settings/);
  });

  it('names the panel by its kind when the saved panel has no title', () => {
    expect(problemOf(layoutWithPanel('pad-1', { title: undefined, params: { bank: 'Z' } }))).toMatch(/"Pads" panel/);
  });

  it('rejects a panel of a type no kind is registered for, and names the type', () => {
    expect(problemOf(layoutWithPanel('knob-1', { contentComponent: 'theremin' }))).toBe(
      'the saved layout has a panel of unknown type "theremin"'
    );
  });

  it('rejects a layout with no panels', () => {
    expect(problemOf(layoutRecord(serializedDockview({})))).toBe('the saved layout has no panels');
  });

  it('rejects a panel with an empty id', () => {
    expect(problemOf(layoutWithPanel('pad-1', { id: '' }))).toMatch(/malformed at "dockview\.panels\.pad-1\.id"/);
  });

  it('judges panels only against the registry it is given', () => {
    const padsOnly = new PanelRegistry([padKind]);
    expect(checkLayoutRecord(layoutRecord(), padsOnly)).toEqual({
      ok: false,
      problem: 'the saved layout has a panel of unknown type "knob"'
    });
  });

  it('never throws and always explains itself, whatever was in storage', () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withDate: true }), (candidate) => {
        const check = checkLayoutRecord(candidate, testRegistry);
        expect(check.ok).toBe(false);
        if (!check.ok) expect(check.problem).toMatch(/^the saved /);
      })
    );
  });

  it('rejects a valid layout with any extra top-level field', () => {
    const known = new Set(['formatVersion', 'savedAt', 'dockview']);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((key) => !known.has(key) && key !== '__proto__'),
        fc.jsonValue(),
        (key, value) => {
          const check = checkLayoutRecord({ ...layoutRecord(), [key]: value }, testRegistry);
          expect(check.ok).toBe(false);
        }
      )
    );
  });

  it('accepts every combination of valid pad banks', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('A', 'B'), { minLength: 1, maxLength: 6 }), (banks) => {
        const panels = Object.fromEntries(
          banks.map((bank, index) => [`pad-${index + 1}`, { id: `pad-${index + 1}`, contentComponent: 'pad', params: { bank } }])
        );
        expect(checkLayoutRecord(layoutRecord(serializedDockview({ ...panels, ...defaultPanels() })), testRegistry).ok).toBe(true);
      })
    );
  });
});
