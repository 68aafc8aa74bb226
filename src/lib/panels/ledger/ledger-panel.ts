import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import LedgerPanelHost from './LedgerPanelHost.svelte';

export const LedgerPanelParamsSchema = v.strictObject({});

export const ledgerPanelKind = definePanelKind({
  type: 'ledger',
  title: 'Action ledger',
  component: LedgerPanelHost,
  paramsSchema: LedgerPanelParamsSchema,
  initialParams: () => ({}),
  defaultSize: { width: 620, height: 320 },
  singleton: true,
  opensBeside: 'logs',
  // Scores backfill while the tab is hidden; keep the rows it already shows.
  alwaysRendered: true
});
