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
  // Wide enough for the waveform, piano rolls and the chart beside the cue sheet.
  defaultSize: { width: 980, height: 600 },
  singleton: true,
  alwaysRendered: true
});
