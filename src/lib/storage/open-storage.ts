import { openIndexedDbStore } from './indexeddb-store';
import { createMemoryStore } from './memory-store';
import type { RecordStore } from './record-store';

export interface OpenedStorage {
  store: RecordStore;
  /** Why IndexedDB could not be used, when the store is the memory fallback. */
  fallbackReason?: string;
}

/**
 * IndexedDB when it opens, memory otherwise. Never rejects: a blocked
 * database must not stop the musician from playing.
 */
export async function openStorage(open: () => Promise<RecordStore> = openIndexedDbStore): Promise<OpenedStorage> {
  try {
    return { store: await open() };
  } catch (error) {
    return { store: createMemoryStore(), fallbackReason: describeOpenFailure(error) };
  }
}

function describeOpenFailure(error: unknown): string {
  if (error instanceof Error) return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}
