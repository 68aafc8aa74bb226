import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import AnalysisPanelHost from './AnalysisPanelHost.svelte';

export const AnalysisPanelParamsSchema = v.strictObject({});

export const analysisPanelKind = definePanelKind({
  type: 'analysis',
  title: 'Analysis',
  component: AnalysisPanelHost,
  paramsSchema: AnalysisPanelParamsSchema,
  initialParams: () => ({}),
  defaultSize: { width: 640, height: 480 },
  singleton: true,
  alwaysRendered: true
});
