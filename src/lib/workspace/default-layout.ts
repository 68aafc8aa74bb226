import type { DockviewApi } from 'dockview-core';
import type { PanelRegistry } from './panel-registry';

/**
 * The first thing a musician sees: pads large on the left, knobs top right,
 * the log and settings tabbed below them, the piano across the bottom. Proportions rather than pixels,
 * so it reads well from a 1366×768 laptop to a 1920×1080 screen.
 */
export function applyDefaultLayout(api: DockviewApi, registry: PanelRegistry, nextId: (type: string) => string): void {
  api.clear();
  const add = (type: string, position?: Parameters<DockviewApi['addPanel']>[0]['position'], inactive = false) => {
    const kind = registry.require(type);
    return api.addPanel({
      id: nextId(type),
      component: type,
      title: kind.title,
      params: kind.initialParams() as object,
      ...(position ? { position } : {}),
      inactive
    });
  };
  const pads = add('pad');
  const piano = add('piano', { direction: 'below' });
  const knobs = add('knob', { referencePanel: pads, direction: 'right' });
  const logs = add('logs', { referencePanel: knobs, direction: 'below' });
  add('settings', { referencePanel: logs, direction: 'within' }, true);
  logs.api.setActive();
  logs.group.api.setSize({ height: Math.round(api.height * 0.22) });
  knobs.group.api.setSize({ width: Math.round(api.width * 0.42) });
  piano.group.api.setSize({ height: Math.round(api.height * 0.45) });
  pads.api.setActive();
}
