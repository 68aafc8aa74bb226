import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import DiarizationPanelHost from './DiarizationPanelHost.svelte';

export const DiarizationPanelParamsSchema = v.strictObject({});

export const diarizationPanelKind = definePanelKind({
  type: 'diarization',
  title: 'Who talks when',
  component: DiarizationPanelHost,
  paramsSchema: DiarizationPanelParamsSchema,
  initialParams: () => ({}),
  defaultSize: { width: 760, height: 520 },
  singleton: true,
  // Beside the analysis of the same recording when that is open: two views of one take.
  opensBeside: 'analysis',
  // Job progress arrives while the tab is hidden; keep it current.
  alwaysRendered: true
});
