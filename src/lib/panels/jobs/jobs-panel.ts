import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import JobsPanelHost from './JobsPanelHost.svelte';

export const JobsPanelParamsSchema = v.strictObject({});

export const jobsPanelKind = definePanelKind({
  type: 'jobs',
  title: 'Jobs',
  component: JobsPanelHost,
  paramsSchema: JobsPanelParamsSchema,
  initialParams: () => ({}),
  defaultSize: { width: 480, height: 360 },
  singleton: true,
  // Progress arrives while the tab is hidden; keep the rows current.
  alwaysRendered: true
});
