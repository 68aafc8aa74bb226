import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import type { AppLog } from './app-log';

const LOG_KEY = 'recent';
const SAVE_DELAY_MS = 750;

/**
 * Keeps the last entries of the log across reloads: restores the saved copy,
 * then saves (debounced) after every write. Returns a stop function that
 * flushes pending writes.
 */
export async function persistLog(log: AppLog, store: RecordStore): Promise<() => Promise<void>> {
  try {
    const { dropped } = log.restore(await store.get(Store.Logs, LOG_KEY));
    if (dropped > 0) log.warn('log', `Dropped ${dropped} unreadable saved log entries`);
  } catch (error) {
    log.warn('log', 'Could not read the saved log', { error });
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = async () => {
    timer = undefined;
    try {
      await store.put(Store.Logs, LOG_KEY, log.entries);
    } catch {
      // Logging a failure to save the log would loop; the in-memory log still has it.
    }
  };
  const unsubscribe = log.subscribe(() => {
    if (timer === undefined) timer = setTimeout(() => void save(), SAVE_DELAY_MS);
  });
  return async () => {
    unsubscribe();
    if (timer !== undefined) {
      clearTimeout(timer);
      await save();
    }
  };
}
