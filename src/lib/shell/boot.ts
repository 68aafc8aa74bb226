import { AnalysisService } from '$lib/analysis/analysis-service';
import { diarizationJobKind } from '$lib/diarization/diarization-job-kind';
import { DiarizationService } from '$lib/diarization/diarization-service';
import { AudioSession } from '$lib/audio/audio-session.svelte';
import { appLog } from '$lib/log/app-log';
import { ControlSurface } from '$lib/midi/control-surface.svelte';
import { openMidiLedger } from '$lib/ledger/midi-ledger';
import { MidiConnection } from '$lib/midi/midi-connection.svelte';
import { PresetLibrary } from '$lib/presets/preset-library.svelte';
import { persistLog } from '$lib/log/log-persistence';
import { DEFAULT_SETTINGS, loadSettings } from '$lib/settings/settings';
import { SettingsState } from '$lib/settings/settings-state.svelte';
import { openStorage } from '$lib/storage/open-storage';
import { requestPersistentStorage } from '$lib/storage/storage-quota';
import type { AppServices } from './app-services';
import { isolationReport } from './isolation';
import { Notices } from './notices.svelte';

/** Opens storage, restores the log and settings, and raises the start-up notices. */
export async function boot(): Promise<AppServices> {
  const notices = new Notices();
  const { store, fallbackReason } = await openStorage();
  const flushLog = await persistLog(appLog, store);
  addEventListener('pagehide', () => void flushLog());

  appLog.info('shell', 'Bandroom started', { storage: store.mode, isolated: globalThis.crossOriginIsolated === true });
  if (fallbackReason) {
    appLog.error('storage', 'IndexedDB is unavailable; running in memory', { reason: fallbackReason });
    notices.show({
      id: 'memory-mode',
      tone: 'error',
      persistent: true,
      title: 'Storage is blocked: nothing you do will survive a reload',
      detail: `The browser refused IndexedDB (${fallbackReason}). Leave private browsing or allow site data to keep your layout and settings.`
    });
  }

  const isolation = isolationReport(globalThis.crossOriginIsolated === true, typeof SharedArrayBuffer === 'function');
  if (!isolation.isolated) {
    appLog.warn('shell', 'Not cross-origin isolated; running degraded');
    notices.show({
      id: 'isolation',
      tone: 'warning',
      title: 'Running without cross-origin isolation',
      detail: isolation.degraded.join(' ')
    });
  }

  const loaded = await loadSettings(store).catch((error: unknown) => {
    appLog.error('settings', 'Could not read settings; using defaults', { error });
    return { settings: undefined, problem: 'unreadable' };
  });
  if (loaded.problem) appLog.warn('settings', `Saved settings were invalid (${loaded.problem}); using defaults`);
  const settings = new SettingsState(loaded.settings ?? structuredClone(DEFAULT_SETTINGS), store, appLog);

  if (store.mode === 'indexeddb') {
    void requestPersistentStorage().then((granted) =>
      appLog.info('storage', granted ? 'Persistent storage granted' : 'Persistent storage not granted; the browser may evict data under pressure')
    );
  }
  const audio = new AudioSession(settings, appLog, store, notices);
  await audio.refreshLibrary();
  const presets = new PresetLibrary(store, appLog);
  await presets.load();
  const controls = new ControlSurface(audio, presets, store, appLog);
  await controls.loadProfiles();
  const ledger = openMidiLedger(store, appLog);
  controls.onVerdict = ledger.record;
  addEventListener('pagehide', () => void ledger.ledger.flush());
  // A diagnostics handle (console and browser tests): read-only use, like the Logs panel.
  (globalThis as { bandroom?: unknown }).bandroom = { audio, log: appLog, controls, ledger };
  const midi = new MidiConnection(controls, appLog, notices);
  // Marks jobs a closed tab left running as interrupted before any panel lists them.
  const analysis = await AnalysisService.start(store, appLog, fallbackReason, [diarizationJobKind]);
  const diarization = new DiarizationService(analysis, store, appLog);
  return { store, log: appLog, settings, notices, audio, midi, presets, controls, ledger, analysis, diarization, ...(fallbackReason ? { storageFallbackReason: fallbackReason } : {}) };
}
