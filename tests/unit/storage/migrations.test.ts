import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '$lib/settings/settings';
import { openIndexedDbStore } from '$lib/storage/indexeddb-store';
import { openStorage } from '$lib/storage/open-storage';
import { ALL_STORES, MIGRATIONS, SCHEMA_VERSION, Store, runMigrations, type Migration } from '$lib/storage/schema';
import { openRawDatabase, readRawStore, requestResult, useFreshIndexedDb } from './fresh-indexeddb';

useFreshIndexedDb();

type UpgradeTransaction = IDBPTransaction<unknown, string[], 'versionchange'>;

const NAME = 'bandroom-migration-test';

/** What a Bandroom v1 build saved: a layout under `current` and the theme as a bare string. */
const V1_LAYOUT = { formatVersion: 1, savedAt: 1_700_000_000_000, dockview: { note: 'opaque to the migration' } };

/** Builds a database exactly as the v1 schema left it, with the raw API (not our migrations). */
async function createV1Database(settings: Record<string, unknown>, extraStores: string[] = []): Promise<void> {
  const db = await openRawDatabase(NAME, 1, (database) => {
    database.createObjectStore('layouts');
    database.createObjectStore('settings');
    for (const name of extraStores) database.createObjectStore(name);
  });
  const tx = db.transaction(['layouts', 'settings'], 'readwrite');
  tx.objectStore('layouts').put(V1_LAYOUT, 'current');
  for (const [key, value] of Object.entries(settings)) tx.objectStore('settings').put(value, key);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('v1 fixture write failed'));
  });
  db.close();
}

/** Opens the database as it is now, without upgrading it, to look at what the migration left. */
async function inspectDatabase(): Promise<{ version: number; stores: string[]; db: IDBDatabase }> {
  const db = await openRawDatabase(NAME);
  return { version: db.version, stores: [...db.objectStoreNames].sort(), db };
}

describe('database schema', () => {
  it('numbers its migrations 1, 2, 3… with no gaps, ending at SCHEMA_VERSION', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(
      Array.from({ length: MIGRATIONS.length }, (_, index) => index + 1)
    );
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('creates every store at the current version when the database is new', async () => {
    (await openIndexedDbStore(NAME)).close();

    const { version, stores, db } = await inspectDatabase();
    db.close();
    expect(version).toBe(SCHEMA_VERSION);
    expect(stores).toEqual([...ALL_STORES].sort());
  });
});

describe('migrating a v1 database', () => {
  it('keeps the saved layout', async () => {
    await createV1Database({ theme: 'light' });

    const store = await openIndexedDbStore(NAME);
    expect(await store.get(Store.Layouts, 'current')).toEqual(V1_LAYOUT);
    store.close();
  });

  it('moves the bare theme key into the settings record and removes it', async () => {
    await createV1Database({ theme: 'light' });

    const store = await openIndexedDbStore(NAME);
    expect(await store.get(Store.Settings, 'app')).toEqual({ theme: 'light' });
    expect(await store.keys(Store.Settings)).toEqual(['app']);
    store.close();
  });

  it('hands the migrated theme to the settings loader without a problem', async () => {
    await createV1Database({ theme: 'light' });

    const store = await openIndexedDbStore(NAME);
    const loaded = await loadSettings(store);
    expect(loaded.problem).toBeUndefined();
    expect(loaded.settings.theme).toBe('light');
    store.close();
  });

  it('adds the log and cache stores', async () => {
    await createV1Database({ theme: 'dark' });
    (await openIndexedDbStore(NAME)).close();

    const { version, stores, db } = await inspectDatabase();
    db.close();
    expect(version).toBe(SCHEMA_VERSION);
    expect(stores).toEqual([...ALL_STORES].sort());
  });

  it('keeps an existing settings record over the legacy theme, and still removes the legacy key', async () => {
    await createV1Database({ theme: 'light', app: { theme: 'dark' } });

    const store = await openIndexedDbStore(NAME);
    expect(await store.get(Store.Settings, 'app')).toEqual({ theme: 'dark' });
    expect(await store.get(Store.Settings, 'theme')).toBeUndefined();
    store.close();
  });

  it('drops a legacy theme that is not a known theme instead of writing an invalid record', async () => {
    await createV1Database({ theme: 'sepia' });

    const store = await openIndexedDbStore(NAME);
    expect(await store.keys(Store.Settings)).toEqual([]);
    store.close();
  });

  it('leaves settings alone when v1 never saved a theme', async () => {
    await createV1Database({});

    const store = await openIndexedDbStore(NAME);
    expect(await store.keys(Store.Settings)).toEqual([]);
    expect(await store.get(Store.Layouts, 'current')).toEqual(V1_LAYOUT);
    store.close();
  });
});

describe('migrating every older version', () => {
  /** One fixture per version a user's browser may still hold; a new migration needs a new row. */
  const olderVersions: Record<number, () => Promise<void>> = {
    0: async () => {},
    1: () => createV1Database({ theme: 'light' }),
    2: () => createV2Database(),
    3: () => createV3Database()
  };

  /** A v3 database as v3 left it: v2's stores plus imported instruments. */
  async function createV3Database(): Promise<void> {
    const db = await openRawDatabase(NAME, 3, (database) => {
      for (const name of ['layouts', 'settings', 'logs', 'cache', 'instruments']) database.createObjectStore(name);
    });
    const tx = db.transaction(['instruments'], 'readwrite');
    tx.objectStore('instruments').put({ id: 'kept' }, 'meta:kept');
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('v3 fixture write failed'));
    });
    db.close();
  }

  /** A v2 database as v2 left it: four stores, a settings record and a saved log. */
  async function createV2Database(): Promise<void> {
    const db = await openRawDatabase(NAME, 2, (database) => {
      for (const name of ['layouts', 'settings', 'logs', 'cache']) database.createObjectStore(name);
    });
    const tx = db.transaction(['layouts', 'settings', 'logs'], 'readwrite');
    tx.objectStore('layouts').put(V1_LAYOUT, 'current');
    tx.objectStore('settings').put({ theme: 'light' }, 'app');
    tx.objectStore('logs').put([], 'recent');
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('v2 fixture write failed'));
    });
    db.close();
  }

  it('has a fixture for every version below the current one', () => {
    expect(Object.keys(olderVersions).map(Number)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, version) => version));
  });

  it.each(Object.keys(olderVersions).map(Number))('brings a version %i database to the current schema', async (version) => {
    await olderVersions[version]!();
    (await openIndexedDbStore(NAME)).close();

    const { version: opened, stores, db } = await inspectDatabase();
    db.close();
    expect(opened).toBe(SCHEMA_VERSION);
    expect(stores).toEqual([...ALL_STORES].sort());
  });
});

describe('migration idempotency', () => {
  /** Opens one version past the current schema and runs `upgrade` in that upgrade; resolves when it has finished. */
  async function upgradePastCurrent(upgrade: (db: IDBPDatabase<unknown>, tx: UpgradeTransaction) => Promise<void>): Promise<void> {
    let migrated: Promise<void> = Promise.resolve();
    const db = await openDB<unknown>(NAME, SCHEMA_VERSION + 1, {
      upgrade(database, _oldVersion, _newVersion, tx) {
        migrated = upgrade(database, tx);
      }
    });
    db.close();
    await migrated;
  }

  it('re-runs every migration on an up-to-date database without losing stores or records', async () => {
    const store = await openIndexedDbStore(NAME);
    await store.put(Store.Layouts, 'current', V1_LAYOUT);
    await store.put(Store.Settings, 'app', { theme: 'light' });
    await store.put(Store.Logs, 'recent', [{ message: 'kept' }]);
    await store.put(Store.Cache, 'sha256:abc', { bpm: 120 });
    store.close();

    await upgradePastCurrent((db, tx) => runMigrations(db, tx, 0));

    const { stores, db } = await inspectDatabase();
    expect(stores).toEqual([...ALL_STORES].sort());
    expect(await readRawStore(db, 'layouts')).toEqual(new Map([['current', V1_LAYOUT]]));
    expect(await readRawStore(db, 'settings')).toEqual(new Map([['app', { theme: 'light' }]]));
    expect(await readRawStore(db, 'logs')).toEqual(new Map([['recent', [{ message: 'kept' }]]]));
    expect(await readRawStore(db, 'cache')).toEqual(new Map([['sha256:abc', { bpm: 120 }]]));
    db.close();
  });

  it('runs every migration twice in one upgrade without throwing', async () => {
    await createV1Database({ theme: 'light' });

    await upgradePastCurrent(async (db, tx) => {
      await runMigrations(db, tx, 0);
      await runMigrations(db, tx, 0);
    });

    const { stores, db } = await inspectDatabase();
    expect(stores).toEqual([...ALL_STORES].sort());
    expect(await readRawStore(db, 'settings')).toEqual(new Map([['app', { theme: 'light' }]]));
    db.close();
  });

  it('finishes a half-migrated v1 database that already has a later store', async () => {
    await createV1Database({ theme: 'dark' }, ['logs']);
    const half = await openRawDatabase(NAME);
    await requestResult(half.transaction('logs', 'readwrite').objectStore('logs').put(['saved before the crash'], 'recent'));
    half.close();

    const store = await openIndexedDbStore(NAME);
    expect(await store.get(Store.Logs, 'recent')).toEqual(['saved before the crash']);
    expect(await store.get(Store.Settings, 'app')).toEqual({ theme: 'dark' });
    store.close();
  });

  it('keeps everything when the database is closed and opened again', async () => {
    const first = await openIndexedDbStore(NAME);
    await first.put(Store.Settings, 'app', { theme: 'light' });
    first.close();

    const second = await openIndexedDbStore(NAME);
    expect(await second.get(Store.Settings, 'app')).toEqual({ theme: 'light' });
    second.close();
  });

  it('only runs migrations up to the target version', async () => {
    let migrated: Promise<void> = Promise.resolve();
    const opened = await openDB<unknown>(NAME, 1, {
      upgrade(database, oldVersion, _newVersion, tx) {
        migrated = runMigrations(database, tx, oldVersion, 1);
      }
    });
    opened.close();
    await migrated;

    const { version, stores, db } = await inspectDatabase();
    db.close();
    expect(version).toBe(1);
    expect(stores).toEqual(['layouts', 'settings']);
  });
});

describe('a migration that fails', () => {
  /**
   * A v1 database whose settings store is missing (damaged by hand or by a
   * browser bug): the v2 migration cannot read the legacy theme and throws.
   */
  /** A real v1 database, and a schema history whose v2 step throws. */
  async function createDamagedV1Database(): Promise<void> {
    const db = await openRawDatabase(NAME, 1, (database) => {
      database.createObjectStore('layouts').put(V1_LAYOUT, 'current');
    });
    db.close();
  }
  const FAILING_MIGRATIONS: Migration[] = [
    MIGRATIONS[0]!,
    {
      version: 2,
      description: 'a step that fails half-way',
      migrate(db) {
        db.createObjectStore('half-made');
        throw new Error('migration bug');
      }
    }
  ];

  /**
   * Runs `body` with Vitest's unhandled-rejection listeners swapped for a
   * collector, so a rejection nobody handled can be asserted on instead of
   * failing the whole run.
   */
  async function collectUnhandledRejections(body: () => Promise<void>): Promise<unknown[]> {
    const collected: unknown[] = [];
    const collect = (reason: unknown): void => {
      collected.push(reason);
    };
    const vitestListeners = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', collect);
    try {
      await body();
      // Node reports unhandled rejections after the microtask queue drains.
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', collect);
      for (const listener of vitestListeners) process.on('unhandledRejection', listener);
    }
    return collected;
  }

  it('aborts the upgrade, so the database stays at its old version with its data', async () => {
    await createDamagedV1Database();

    await collectUnhandledRejections(async () => {
      await expect(openIndexedDbStore(NAME, FAILING_MIGRATIONS)).rejects.toThrow(/abort/i);
    });

    const { version, stores, db } = await inspectDatabase();
    expect(version).toBe(1);
    expect(stores).toEqual(['layouts']);
    expect(await readRawStore(db, 'layouts')).toEqual(new Map([['current', V1_LAYOUT]]));
    db.close();
  });

  it('lets the app fall back to memory and say the upgrade was aborted', async () => {
    await createDamagedV1Database();

    let opened: Awaited<ReturnType<typeof openStorage>> | undefined;
    await collectUnhandledRejections(async () => {
      opened = await openStorage(() => openIndexedDbStore(NAME, FAILING_MIGRATIONS));
    });

    expect(opened?.store.mode).toBe('memory');
    expect(opened?.fallbackReason).toMatch(/^AbortError: /);
  });

  // The aborted upgrade's own promise rejects too; it must be consumed, or the
  // page reports an unhandled rejection on top of the (handled) open failure.
  it('leaves no unhandled rejection behind when a migration fails', async () => {
    await createDamagedV1Database();

    const unhandled = await collectUnhandledRejections(async () => {
      await openStorage(() => openIndexedDbStore(NAME, FAILING_MIGRATIONS));
    });

    expect(unhandled).toEqual([]);
  });
});
