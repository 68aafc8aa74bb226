import { afterEach, describe, expect, it, vi } from 'vitest';
import { openIndexedDbStore } from '$lib/storage/indexeddb-store';
import { createMemoryStore } from '$lib/storage/memory-store';
import { openStorage } from '$lib/storage/open-storage';
import { SCHEMA_VERSION, Store } from '$lib/storage/schema';
import { openRawDatabase, useFreshIndexedDb } from './fresh-indexeddb';

useFreshIndexedDb();

const NAME = 'bandroom-open-test';

describe('opening storage', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('uses IndexedDB when it opens, with no fallback reason', async () => {
    const opened = await openStorage(() => openIndexedDbStore(NAME));
    expect(opened.store.mode).toBe('indexeddb');
    expect(opened.fallbackReason).toBeUndefined();
    opened.store.close();
  });

  it('falls back to memory and names the browser error when IndexedDB is forbidden', async () => {
    const opened = await openStorage(() =>
      Promise.reject(new DOMException('The operation is insecure.', 'SecurityError'))
    );
    expect(opened.store.mode).toBe('memory');
    expect(opened.fallbackReason).toBe('SecurityError: The operation is insecure.');
  });

  it('gives the plain message of an ordinary error without an "Error:" prefix', async () => {
    const opened = await openStorage(() => Promise.reject(new Error('IndexedDB is disabled in this window')));
    expect(opened.fallbackReason).toBe('IndexedDB is disabled in this window');
  });

  it('still explains a rejection that is not an Error', async () => {
    const opened = await openStorage(() => Promise.reject('quota exceeded'));
    expect(opened.store.mode).toBe('memory');
    expect(opened.fallbackReason).toBe('quota exceeded');
  });

  it('falls back when the opener throws before returning a promise', async () => {
    const opened = await openStorage(() => {
      throw new TypeError('indexedDB is undefined');
    });
    expect(opened.fallbackReason).toBe('TypeError: indexedDB is undefined');
  });

  it('gives a memory fallback that works straight away', async () => {
    const { store } = await openStorage(() => Promise.reject(new DOMException('blocked', 'SecurityError')));
    await store.put(Store.Settings, 'app', { theme: 'light' });
    expect(await store.get(Store.Settings, 'app')).toEqual({ theme: 'light' });
  });

  it('falls back to memory when another tab holds an older version open and IndexedDB never answers', async () => {
    // An old tab that ignores versionchange keeps the upgrade blocked forever.
    const oldTab = await openRawDatabase(NAME, 1, (db) => {
      db.createObjectStore('layouts');
      db.createObjectStore('settings');
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    const opening = openStorage(() => openIndexedDbStore(NAME));
    await vi.advanceTimersByTimeAsync(4000);
    const opened = await opening;

    expect(opened.store.mode).toBe('memory');
    expect(opened.fallbackReason).toBe('IndexedDB did not open within 4000 ms');
    oldTab.close();
  });

  it('closes its connection when a newer tab needs to upgrade the database', async () => {
    const store = await openIndexedDbStore(NAME);
    await store.put(Store.Settings, 'app', { theme: 'light' });

    const newerTab = await openRawDatabase(NAME, SCHEMA_VERSION + 1);
    expect(newerTab.version).toBe(SCHEMA_VERSION + 1);
    newerTab.close();
    await expect(store.get(Store.Settings, 'app')).rejects.toThrow();
  });
});

describe('the memory store', () => {
  it('is a fresh, empty store each time', async () => {
    const first = createMemoryStore();
    await first.put(Store.Logs, 'recent', []);
    expect(await createMemoryStore().keys(Store.Logs)).toEqual([]);
  });
});
