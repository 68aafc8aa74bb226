import type { AppLog } from '$lib/log/app-log';
import type { RecordStore } from '$lib/storage/record-store';
import { DEFAULT_SETTINGS, saveSettings, type Settings } from './settings';

/** Reactive settings: panels read `current`, and `update` saves. */
export class SettingsState {
  current = $state<Settings>(structuredClone(DEFAULT_SETTINGS));

  constructor(
    initial: Settings,
    private readonly store: RecordStore,
    private readonly log: AppLog
  ) {
    this.current = initial;
  }

  async update(change: Partial<Settings>): Promise<void> {
    this.current = { ...this.current, ...change };
    try {
      await saveSettings(this.store, this.current);
    } catch (error) {
      this.log.error('settings', 'Could not save settings', { error });
    }
  }
}
