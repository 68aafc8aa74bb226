import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

/**
 * Gives every test its own empty IndexedDB. `fake-indexeddb/auto` installs the
 * IDB classes as globals (idb checks values against them); swapping in a new
 * factory per test means no database name can leak from one test to the next.
 */
export function useFreshIndexedDb(): void {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });
}

/** Resolves with a raw request's result, so hand-built databases read like idb code. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Opens a database with the raw API, as an older Bandroom build would have.
 * `upgrade` runs inside the versionchange transaction; without `version` the
 * database opens at whatever version it already has.
 */
export function openRawDatabase(
  name: string,
  version?: number,
  upgrade?: (db: IDBDatabase, tx: IDBTransaction) => void
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    request.onupgradeneeded = () => {
      if (upgrade && request.transaction) upgrade(request.result, request.transaction);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`could not open ${name}`));
    request.onblocked = () => reject(new Error(`opening ${name} was blocked`));
  });
}

/** Reads every key → value of one store with the raw API. */
export async function readRawStore(db: IDBDatabase, storeName: string): Promise<Map<string, unknown>> {
  const store = db.transaction(storeName, 'readonly').objectStore(storeName);
  const [keys, values] = await Promise.all([requestResult(store.getAllKeys()), requestResult(store.getAll())]);
  return new Map(keys.map((key, index) => [String(key), values[index]]));
}
