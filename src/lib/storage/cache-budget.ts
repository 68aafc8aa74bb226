import * as v from 'valibot';
import { DEFAULT_CACHE_BUDGET_BYTES } from './cache-recency';
import type { RecordStore } from './record-store';
import { Store } from './schema';

/**
 * The user's cache budget (Settings → Storage): how many bytes of analysis
 * results, stems and waiting recordings the content cache may keep before it
 * evicts the least recently used. Stored in the settings store under its own
 * key, so the main thread and every analysis worker read the same value.
 */
export const CACHE_BUDGET_KEY = 'cache-budget';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** The sizes Settings offers: from a couple of songs with stems to several hour-long rehearsals. */
export const CACHE_BUDGET_CHOICES = [256 * MiB, 512 * MiB, GiB, 2 * GiB, 4 * GiB, 8 * GiB] as const;

const CacheBudgetSchema = v.strictObject({ bytes: v.picklist(CACHE_BUDGET_CHOICES) });

/** The saved budget; the default when none is saved, the record is malformed or storage cannot be read. */
export async function readCacheBudget(store: RecordStore): Promise<number> {
  try {
    const parsed = v.safeParse(CacheBudgetSchema, await store.get(Store.Settings, CACHE_BUDGET_KEY));
    return parsed.success ? parsed.output.bytes : DEFAULT_CACHE_BUDGET_BYTES;
  } catch {
    return DEFAULT_CACHE_BUDGET_BYTES;
  }
}

/** Saves one of the offered budgets; rejects anything else, and rejects if storage refuses. */
export async function saveCacheBudget(store: RecordStore, bytes: number): Promise<void> {
  await store.put(Store.Settings, CACHE_BUDGET_KEY, v.parse(CacheBudgetSchema, { bytes }));
}
