import type { AnalysisService } from '$lib/analysis/analysis-service';
import type { DiarizationService } from '$lib/diarization/diarization-service';
import type { AudioSession } from '$lib/audio/audio-session.svelte';
import type { AppLog } from '$lib/log/app-log';
import type { ControlSurface } from '$lib/midi/control-surface.svelte';
import type { MidiLedger } from '$lib/ledger/midi-ledger';
import type { MidiConnection } from '$lib/midi/midi-connection.svelte';
import type { PresetLibrary } from '$lib/presets/preset-library.svelte';
import type { RecordStore } from '$lib/storage/record-store';
import type { SettingsState } from '$lib/settings/settings-state.svelte';
import type { Notices } from './notices.svelte';

/** What the shell hands to every panel: one store, one log, settings and notices. */
export interface AppServices {
  store: RecordStore;
  log: AppLog;
  settings: SettingsState;
  notices: Notices;
  audio: AudioSession;
  midi: MidiConnection;
  presets: PresetLibrary;
  /** MIDI routing, actions and learn: the one owner of what controls do. */
  controls: ControlSurface;
  /** Every verdict, recorded; tier-2 scores backfill it. */
  ledger: MidiLedger;
  /** Recording analysis: its jobs (orchestrator, Jobs panel view) and results. */
  analysis: AnalysisService;
  /** Who talks when: diarization jobs on the same orchestrator, results and the user's speaker edits. */
  diarization: DiarizationService;
  /** Set when IndexedDB could not be opened and the store is in memory. */
  storageFallbackReason?: string;
}
