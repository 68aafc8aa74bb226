import type { RecordStore } from './record-store';
import { ALL_STORES, type StoreName } from './schema';

/**
 * The fallback used when IndexedDB is blocked (private windows, disabled
 * storage). Values are structured-cloned on the way in and out so callers get
 * the same aliasing behaviour as with IndexedDB.
 */
export function createMemoryStore(): RecordStore {
  const stores = new Map<StoreName, Map<string, unknown>>(ALL_STORES.map((name) => [name, new Map()]));
  const storeFor = (name: StoreName): Map<string, unknown> => {
    const store = stores.get(name);
    if (!store) throw new Error(`Unknown store "${name}"`);
    return store;
  };
  return {
    mode: 'memory',
    async get(name, key) {
      const value = storeFor(name).get(key);
      return value === undefined ? undefined : structuredClone(value);
    },
    async put(name, key, value) {
      storeFor(name).set(key, structuredClone(value));
    },
    async delete(name, key) {
      storeFor(name).delete(key);
    },
    async keys(name) {
      return [...storeFor(name).keys()].sort();
    },
    async clear(name) {
      storeFor(name).clear();
    },
    close() {}
  };
}
