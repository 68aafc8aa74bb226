import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import SettingsPanel from './SettingsPanel.svelte';

/** Settings live in the settings record, not in the panel: the panel has no state of its own. */
export const SettingsPanelParamsSchema = v.strictObject({});

export const settingsPanelKind = definePanelKind({
  type: 'settings',
  title: 'Settings',
  component: SettingsPanel,
  paramsSchema: SettingsPanelParamsSchema,
  initialParams: () => ({}),
  defaultSize: { width: 420, height: 420 },
  singleton: true
});
