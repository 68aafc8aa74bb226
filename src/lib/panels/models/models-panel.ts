import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import ModelsPanelHost from './ModelsPanelHost.svelte';

export const ModelsPanelParamsSchema = v.strictObject({});

export const modelsPanelKind = definePanelKind({
  type: 'models',
  title: 'Models',
  component: ModelsPanelHost,
  paramsSchema: ModelsPanelParamsSchema,
  initialParams: () => ({}),
  defaultSize: { width: 720, height: 560 },
  singleton: true
});
