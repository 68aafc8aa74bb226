import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openIndexedDbStore } from '$lib/storage/indexeddb-store';
import { createMemoryStore } from '$lib/storage/memory-store';
import type { RecordStore, StorageMode } from '$lib/storage/record-store';
import { ALL_STORES, Store, type StoreName } from '$lib/storage/schema';
import { useFreshIndexedDb } from './fresh-indexeddb';

useFreshIndexedDb();

/**
 * The memory fallback must behave like IndexedDB, or a musician in a private
 * window gets a different app. One suite, run against both.
 */
const implementations: Array<{ mode: StorageMode; open: () => Promise<RecordStore> }> = [
  { mode: 'indexeddb', open: () => openIndexedDbStore('bandroom-contract-test') },
  { mode: 'memory', open: async () => createMemoryStore() }
];

const NOT_A_STORE = 'playlists' as StoreName;

describe.each(implementations)('RecordStore contract ($mode)', ({ mode, open }) => {
  let store: RecordStore;
  afterEach(() => store?.close());

  async function opened(): Promise<RecordStore> {
    store = await open();
    return store;
  }

  it('reports its mode', async () => {
    expect((await opened()).mode).toBe(mode);
  });

  it('starts with every store empty', async () => {
    const records = await opened();
    for (const name of ALL_STORES) expect(await records.keys(name)).toEqual([]);
  });

  it('returns undefined for a key that was never written', async () => {
    expect(await (await opened()).get(Store.Settings, 'app')).toBeUndefined();
  });

  it('gives back what was put', async () => {
    const records = await opened();
    await records.put(Store.Settings, 'app', { theme: 'light' });
    expect(await records.get(Store.Settings, 'app')).toEqual({ theme: 'light' });
  });

  it('replaces the value when the same key is put again', async () => {
    const records = await opened();
    await records.put(Store.Settings, 'app', { theme: 'light' });
    await records.put(Store.Settings, 'app', { theme: 'dark' });
    expect(await records.get(Store.Settings, 'app')).toEqual({ theme: 'dark' });
  });

  it('keeps structured-cloneable values such as dates, typed arrays and maps', async () => {
    const records = await opened();
    const value = { at: new Date(1_700_000_000_000), peaks: new Float32Array([0.5, -0.25]), tags: new Map([['bpm', 120]]) };
    await records.put(Store.Cache, 'sha256:abc', value);
    expect(await records.get(Store.Cache, 'sha256:abc')).toEqual(value);
  });

  it('keeps each store separate', async () => {
    const records = await opened();
    await records.put(Store.Layouts, 'current', 'layout');
    await records.put(Store.Settings, 'current', 'settings');
    expect(await records.get(Store.Layouts, 'current')).toBe('layout');
    expect(await records.get(Store.Settings, 'current')).toBe('settings');
    expect(await records.keys(Store.Logs)).toEqual([]);
  });

  it('deletes one key and leaves the others', async () => {
    const records = await opened();
    await records.put(Store.Layouts, 'current', 1);
    await records.put(Store.Layouts, 'quarantined:a', 2);
    await records.delete(Store.Layouts, 'current');
    expect(await records.get(Store.Layouts, 'current')).toBeUndefined();
    expect(await records.keys(Store.Layouts)).toEqual(['quarantined:a']);
  });

  it('ignores deleting a key that is not there', async () => {
    const records = await opened();
    await expect(records.delete(Store.Layouts, 'missing')).resolves.toBeUndefined();
  });

  it('clears one store and leaves the others', async () => {
    const records = await opened();
    await records.put(Store.Cache, 'a', 1);
    await records.put(Store.Cache, 'b', 2);
    await records.put(Store.Settings, 'app', { theme: 'dark' });
    await records.clear(Store.Cache);
    expect(await records.keys(Store.Cache)).toEqual([]);
    expect(await records.keys(Store.Settings)).toEqual(['app']);
  });

  it('lists keys in IndexedDB key order, whatever order they were written in', async () => {
    const records = await opened();
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.string({ unit: 'binary' }), { maxLength: 12 }), async (keys) => {
        await records.clear(Store.Cache);
        for (const key of keys) await records.put(Store.Cache, key, key.length);
        // IndexedDB orders string keys by UTF-16 code unit, which is what Array#sort does.
        expect(await records.keys(Store.Cache)).toEqual([...keys].sort());
      }),
      { numRuns: 20 }
    );
  });

  it('stores a copy: changing the object after put does not change the record', async () => {
    const records = await opened();
    const settings = { theme: 'light', nested: { volume: 0.5 } };
    await records.put(Store.Settings, 'app', settings);
    settings.theme = 'dark';
    settings.nested.volume = 1;
    expect(await records.get(Store.Settings, 'app')).toEqual({ theme: 'light', nested: { volume: 0.5 } });
  });

  it('returns a copy: changing what get returned does not change the record', async () => {
    const records = await opened();
    await records.put(Store.Settings, 'app', { theme: 'light' });
    const first = (await records.get(Store.Settings, 'app')) as { theme: string };
    first.theme = 'dark';
    const second = await records.get(Store.Settings, 'app');
    expect(second).toEqual({ theme: 'light' });
    expect(second).not.toBe(first);
  });

  it('rejects values that cannot be cloned, like IndexedDB does', async () => {
    const records = await opened();
    await expect(records.put(Store.Cache, 'fn', { run: () => 1 })).rejects.toThrow();
    expect(await records.keys(Store.Cache)).toEqual([]);
  });

  it.each([
    ['get', (records: RecordStore) => records.get(NOT_A_STORE, 'k')],
    ['put', (records: RecordStore) => records.put(NOT_A_STORE, 'k', 1)],
    ['delete', (records: RecordStore) => records.delete(NOT_A_STORE, 'k')],
    ['keys', (records: RecordStore) => records.keys(NOT_A_STORE)],
    ['clear', (records: RecordStore) => records.clear(NOT_A_STORE)]
  ])('rejects %s on a store name that is not in the schema', async (_operation, call) => {
    const records = await opened();
    await expect(call(records)).rejects.toThrow();
  });
});
