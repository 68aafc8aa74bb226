import type { StoreName } from './schema';

/**
 * Where Bandroom keeps its records. Two implementations with one contract:
 * IndexedDB (durable) and memory (when IndexedDB cannot be opened). Values
 * come back as `unknown`: every reader validates with its own schema.
 */
export interface RecordStore {
  readonly mode: StorageMode;
  get(store: StoreName, key: string): Promise<unknown>;
  put(store: StoreName, key: string, value: unknown): Promise<void>;
  delete(store: StoreName, key: string): Promise<void>;
  keys(store: StoreName): Promise<string[]>;
  clear(store: StoreName): Promise<void>;
  close(): void;
}

export type StorageMode = 'indexeddb' | 'memory';
