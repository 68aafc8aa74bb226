import type { IDBPDatabase, IDBPTransaction } from 'idb';

/**
 * The one IndexedDB schema of Bandroom. Every store is a key→value store with
 * string keys so the in-memory fallback can mirror it exactly; values are
 * validated by each store's repository on read, never trusted.
 *
 * To change the schema: append a migration, never edit an old one. Each
 * migration must be idempotent (safe to run on a database that already has
 * its stores), because a crash mid-upgrade can leave a half-migrated database.
 */
export const DATABASE_NAME = 'bandroom';

export const Store = {
  /** Workspace layout: key `current`, plus quarantined bad copies. */
  Layouts: 'layouts',
  /** User settings: key `app`. */
  Settings: 'settings',
  /** The bounded app log: key `recent`. */
  Logs: 'logs',
  /** Content-addressed analysis cache (filled by the analysis jobs). */
  Cache: 'cache',
  /** Imported SF2/SFZ instruments: `meta:<id>` (small, listed) and `file:<id>` (the bytes). */
  Instruments: 'instruments',
  /** Durable job records (analysis, diarization): key = job id. */
  Jobs: 'jobs',
  /** The action ledger: one row per MIDI verdict, key = row id (sortable). */
  Ledger: 'ledger',
  /** Pad/knob presets: key = preset name (case-sensitive). */
  Presets: 'presets',
  /** User-supplied ONNX models: `meta:<sha>` and `file:<sha>`. */
  Models: 'models'
} as const;
export type StoreName = (typeof Store)[keyof typeof Store];
export const ALL_STORES: readonly StoreName[] = Object.values(Store);

type UpgradeTransaction = IDBPTransaction<unknown, string[], 'versionchange'>;
export interface Migration {
  /** The schema version this migration produces. */
  readonly version: number;
  readonly description: string;
  migrate(db: IDBPDatabase<unknown>, tx: UpgradeTransaction): Promise<void> | void;
}

function ensureStore(db: IDBPDatabase<unknown>, name: StoreName): void {
  if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'workspace layout and settings',
    migrate(db) {
      ensureStore(db, Store.Layouts);
      ensureStore(db, Store.Settings);
    }
  },
  {
    version: 2,
    description: 'app log and analysis cache; theme moves from a bare string to the settings record',
    async migrate(db, tx) {
      ensureStore(db, Store.Settings);
      ensureStore(db, Store.Logs);
      ensureStore(db, Store.Cache);
      // v1 kept the theme as its own key; v2 keeps one validated settings record.
      const settings = tx.objectStore(Store.Settings);
      const legacyTheme: unknown = await settings.get('theme');
      if (legacyTheme !== undefined) {
        const current: unknown = await settings.get('app');
        if (current === undefined && (legacyTheme === 'dark' || legacyTheme === 'light')) {
          await settings.put({ theme: legacyTheme }, 'app');
        }
        await settings.delete('theme');
      }
    }
  },
  {
    version: 3,
    description: 'imported instruments',
    migrate(db) {
      ensureStore(db, Store.Instruments);
    }
  },
  {
    version: 4,
    description: 'jobs, action ledger, presets and user models',
    migrate(db) {
      ensureStore(db, Store.Jobs);
      ensureStore(db, Store.Ledger);
      ensureStore(db, Store.Presets);
      ensureStore(db, Store.Models);
    }
  }
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Runs every migration newer than `oldVersion`, in order, inside the upgrade transaction. */
export async function runMigrations(
  db: IDBPDatabase<unknown>,
  tx: UpgradeTransaction,
  oldVersion: number,
  targetVersion: number = SCHEMA_VERSION,
  migrations: readonly Migration[] = MIGRATIONS
): Promise<void> {
  for (const migration of migrations) {
    if (migration.version > oldVersion && migration.version <= targetVersion) {
      await migration.migrate(db, tx);
    }
  }
}
