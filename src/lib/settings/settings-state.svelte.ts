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

  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  async update(change: Partial<Settings>): Promise<void> {
    clearTimeout(this.#saveTimer);
    this.current = { ...this.current, ...change };
    try {
      await saveSettings(this.store, this.current);
    } catch (error) {
      this.log.error('settings', 'Could not save settings', { error });
    }
  }

  /**
   * Applies a change now and saves it once changes stop: a knob turned from
   * hardware sends hundreds of values a second, and only the last is worth a write.
   */
  updateSoon(change: Partial<Settings>, delayMs = 300): void {
    this.current = { ...this.current, ...change };
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => void this.update({}), delayMs);
  }
}
