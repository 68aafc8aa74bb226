import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { RecordStore } from '$lib/storage/record-store';
import type { StoreName } from '$lib/storage/schema';

/**
 * A RecordStore that keeps each record in a file (structured-clone bytes via
 * v8.serialize), for benchmarks that measure the analysis worker's memory: in
 * the browser the cache lives in IndexedDB, outside the tab's JS heap, and a
 * memory store would count every cached stem against the pipeline.
 */
export function createDiskRecordStore(directory: string): RecordStore {
  const folder = (store: StoreName): string => {
    const path = join(directory, store);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const file = (store: StoreName, key: string): string => join(folder(store), encodeURIComponent(key));
  return {
    mode: 'indexeddb',
    async get(store, key) {
      try {
        return deserialize(readFileSync(file(store, key)));
      } catch {
        return undefined;
      }
    },
    async put(store, key, value) {
      writeFileSync(file(store, key), serialize(value));
    },
    async delete(store, key) {
      rmSync(file(store, key), { force: true });
    },
    async keys(store) {
      return readdirSync(folder(store)).map(decodeURIComponent).sort();
    },
    async clear(store) {
      rmSync(folder(store), { recursive: true, force: true });
    },
    close() {}
  };
}
