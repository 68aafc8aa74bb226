import { openDB, type IDBPDatabase } from 'idb';
import type { RecordStore } from './record-store';
import { DATABASE_NAME, MIGRATIONS, runMigrations, type Migration, type StoreName } from './schema';

/** Some browsers never answer `indexedDB.open` when storage is blocked; don't wait forever. */
const OPEN_TIMEOUT_MS = 4000;

/**
 * Opens (creating or migrating) Bandroom's database; rejects when IndexedDB is
 * unusable. `migrations` is the schema history (tests pass broken ones).
 */
export async function openIndexedDbStore(name: string = DATABASE_NAME, migrations: readonly Migration[] = MIGRATIONS): Promise<RecordStore> {
  const target = migrations[migrations.length - 1]!.version;
  const db = await withTimeout(
    openDB<unknown>(name, target, {
      upgrade(database, oldVersion, _newVersion, tx) {
        // A failed migration aborts the whole upgrade: the old version stays intact,
        // and openDB rejects (handled by openStorage); the aborted tx's own promise is expected to reject.
        tx.done.catch(() => undefined);
        runMigrations(database, tx, oldVersion, target, migrations).catch(() => tx.abort());
      },
      blocking(_current, _blocked, event) {
        // A newer tab wants to upgrade: step aside instead of holding it hostage.
        (event.target as IDBDatabase).close();
      }
    }),
    OPEN_TIMEOUT_MS
  );
  return wrapDatabase(db);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`IndexedDB did not open within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    );
  });
}

function wrapDatabase(db: IDBPDatabase<unknown>): RecordStore {
  return {
    mode: 'indexeddb',
    get: (store: StoreName, key: string) => db.get(store, key) as Promise<unknown>,
    async put(store, key, value) {
      await db.put(store, value, key);
    },
    delete: (store, key) => db.delete(store, key),
    async keys(store) {
      return (await db.getAllKeys(store)).map(String);
    },
    clear: (store) => db.clear(store),
    close: () => db.close()
  };
}
