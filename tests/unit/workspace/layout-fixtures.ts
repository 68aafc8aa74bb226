import type { Orientation, SerializedDockview } from 'dockview-core';
import * as v from 'valibot';
import { LAYOUT_FORMAT_VERSION, type LayoutRecord } from '$lib/workspace/layout-record';
import { PanelRegistry, definePanelKind } from '$lib/workspace/panel-registry';

/**
 * A small registry of made-up panel kinds with real strict param schemas, so
 * layout tests exercise validation without compiling any Svelte component.
 */
export const padKind = definePanelKind({
  type: 'pad',
  title: 'Pads',
  component: {} as never,
  paramsSchema: v.strictObject({ bank: v.picklist(['A', 'B']) }),
  initialParams: () => ({ bank: 'A' as const }),
  defaultSize: { width: 360, height: 420 }
});

export const knobKind = definePanelKind({
  type: 'knob',
  title: 'Knobs',
  component: {} as never,
  paramsSchema: v.strictObject({ values: v.array(v.pipe(v.number(), v.minValue(0), v.maxValue(1))) }),
  initialParams: () => ({ values: [0.5, 0.5] }),
  defaultSize: { width: 460, height: 260 }
});

export const logsKind = definePanelKind({
  type: 'logs',
  title: 'Logs',
  component: {} as never,
  paramsSchema: v.strictObject({ minLevel: v.optional(v.picklist(['debug', 'info', 'warn', 'error']), 'info') }),
  initialParams: () => ({ minLevel: 'info' as const }),
  defaultSize: { width: 560, height: 300 },
  singleton: true
});

export const testRegistry = new PanelRegistry([padKind, knobKind, logsKind]);

type SerializedPanel = SerializedDockview['panels'][string];

/**
 * Pads on the left; knobs above the logs on the right — the shape dockview's
 * `toJSON()` gives for the default workspace.
 */
export function serializedDockview(panels: Record<string, SerializedPanel> = defaultPanels()): SerializedDockview {
  const ids = Object.keys(panels);
  const [left = 'pad-1', topRight = 'knob-1', ...bottomRight] = ids;
  return {
    grid: {
      root: {
        type: 'branch',
        data: [
          { type: 'leaf', data: { views: [left], activeView: left, id: '1' }, size: 580 },
          {
            type: 'branch',
            data: [
              { type: 'leaf', data: { views: [topRight], activeView: topRight, id: '2' }, size: 360 },
              { type: 'leaf', data: { views: bottomRight, activeView: bottomRight[0], id: '3' }, size: 360 }
            ],
            size: 420
          }
        ],
        size: 720
      },
      width: 1000,
      height: 720,
      orientation: 'HORIZONTAL' as Orientation
    },
    panels,
    activeGroup: '1'
  };
}

export function defaultPanels(): Record<string, SerializedPanel> {
  return {
    'pad-1': { id: 'pad-1', contentComponent: 'pad', title: 'Pads', params: { bank: 'A' } },
    'knob-1': { id: 'knob-1', contentComponent: 'knob', title: 'Knobs', params: { values: [0.8, 0.1] } },
    'logs-1': { id: 'logs-1', contentComponent: 'logs', title: 'Logs', params: { minLevel: 'warn' } }
  };
}

/** A layout record as the workspace saves it. */
export function layoutRecord(dockview: SerializedDockview = serializedDockview(), savedAt = 1_767_225_600_000): LayoutRecord {
  return { formatVersion: LAYOUT_FORMAT_VERSION, savedAt, dockview };
}

/** The same record with one panel's fields replaced, for the invalid-panel cases. */
export function layoutWithPanel(id: string, panel: Record<string, unknown>): unknown {
  const dockview = serializedDockview();
  return layoutRecord({ ...dockview, panels: { ...dockview.panels, [id]: { ...dockview.panels[id], ...panel } as SerializedPanel } });
}
