import { describe, expect, it } from 'vitest';
import { checkLayoutRecord } from '$lib/workspace/layout-record';
import { panelRegistry } from '$lib/workspace/panel-kinds';
import { layoutRecord, serializedDockview } from './layout-fixtures';

describe('the registered panel kinds', () => {
  it.each(panelRegistry.kinds.map((kind) => [kind.type, kind] as const))(
    'a new "%s" panel saves a layout that loads again',
    (type, kind) => {
      const id = `${type}-1`;
      const saved = layoutRecord(
        serializedDockview({ [id]: { id, contentComponent: type, title: kind.title, params: kind.initialParams() as object } })
      );
      expect(checkLayoutRecord(saved, panelRegistry)).toEqual({ ok: true, layout: saved });
    }
  );

  it('include the four panels of the default workspace', () => {
    expect(panelRegistry.kinds.map((kind) => kind.type).sort()).toEqual(expect.arrayContaining(['knob', 'logs', 'pad', 'settings']));
  });
});
