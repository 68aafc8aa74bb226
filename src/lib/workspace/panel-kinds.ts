import { analysisPanelKind } from '$lib/panels/analysis/analysis-panel';
import { diarizationPanelKind } from '$lib/panels/diarization/diarization-panel';
import { jobsPanelKind } from '$lib/panels/jobs/jobs-panel';
import { knobPanelKind } from '$lib/panels/knob/knob-panel';
import { ledgerPanelKind } from '$lib/panels/ledger/ledger-panel';
import { logsPanelKind } from '$lib/panels/logs/logs-panel';
import { modelsPanelKind } from '$lib/panels/models/models-panel';
import { padPanelKind } from '$lib/panels/pad/pad-panel';
import { pianoPanelKind } from '$lib/panels/piano/piano-panel';
import { settingsPanelKind } from '$lib/panels/settings/settings-panel';
import { PanelRegistry } from './panel-registry';

/** Every panel kind the workspace can host. A new kind is one line here. */
export const panelRegistry = new PanelRegistry([
  padPanelKind,
  knobPanelKind,
  pianoPanelKind,
  settingsPanelKind,
  logsPanelKind,
  ledgerPanelKind,
  analysisPanelKind,
  jobsPanelKind,
  modelsPanelKind,
  diarizationPanelKind
]);
