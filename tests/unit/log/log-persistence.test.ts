import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppLog } from '$lib/log/app-log';
import { persistLog } from '$lib/log/log-persistence';
import { openIndexedDbStore } from '$lib/storage/indexeddb-store';
import { createMemoryStore } from '$lib/storage/memory-store';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import { useFreshIndexedDb } from '../storage/fresh-indexeddb';

useFreshIndexedDb();

const DB = 'bandroom-log-test';
const T0 = 1_767_225_600_000;

function clock(start = T0): () => number {
  let now = start;
  return () => now++;
}

const messages = (log: AppLog): string[] => log.entries.map((entry) => entry.message);

let opened: RecordStore[] = [];
async function openStore(): Promise<RecordStore> {
  const store = await openIndexedDbStore(DB);
  opened.push(store);
  return store;
}

afterEach(() => {
  vi.useRealTimers();
  for (const store of opened) store.close();
  opened = [];
});

describe('keeping the log across reloads', () => {
  it('shows the entries of the previous page load after a reload', async () => {
    const before = new AppLog(50, clock());
    const stop = await persistLog(before, await openStore());
    before.info('midi', 'MPD218 connected');
    before.warn('audio', 'Buffer underrun', { frames: 128 });
    await stop();

    const after = new AppLog(50, clock(T0 + 60_000));
    await persistLog(after, await openStore());

    expect(after.entries).toEqual([
      { seq: 0, time: T0, level: 'info', source: 'midi', message: 'MPD218 connected' },
      { seq: 1, time: T0 + 1, level: 'warn', source: 'audio', message: 'Buffer underrun', data: { frames: 128 } }
    ]);
  });

  it('puts the saved entries before what was logged while the page booted', async () => {
    const before = new AppLog(50, clock());
    const stop = await persistLog(before, await openStore());
    before.info('workspace', 'Layout restored');
    await stop();

    const after = new AppLog(50, clock(T0 + 60_000));
    after.info('shell', 'Booting');
    await persistLog(after, await openStore());
    after.info('shell', 'Ready');

    expect(messages(after)).toEqual(['Layout restored', 'Booting', 'Ready']);
    expect(after.entries.map((entry) => entry.seq)).toEqual([0, 1, 2]);
  });

  it('keeps only what fits in the log’s capacity across reloads', async () => {
    const before = new AppLog(3, clock());
    const stop = await persistLog(before, await openStore());
    for (const n of [1, 2, 3, 4, 5]) before.info('pads', `hit ${n}`);
    await stop();

    const after = new AppLog(3, clock());
    after.info('shell', 'Booting');
    await persistLog(after, await openStore());

    expect(messages(after)).toEqual(['hit 4', 'hit 5', 'Booting']);
  });

  it('saves after the quiet period without being stopped', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = createMemoryStore();
    const log = new AppLog(50, clock());
    await persistLog(log, store);
    log.info('midi', 'first');
    log.info('midi', 'second');

    await vi.advanceTimersByTimeAsync(749);
    expect(await store.get(Store.Logs, 'recent')).toBeUndefined();

    await vi.advanceTimersByTimeAsync(1);
    expect((await store.get(Store.Logs, 'recent')) as unknown[]).toHaveLength(2);
  });

  it('batches a burst of writes into one save', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = createMemoryStore();
    let puts = 0;
    const counting: RecordStore = { ...store, put: (name, key, value) => ((puts += 1), store.put(name, key, value)) };
    const log = new AppLog(50, clock());
    await persistLog(log, counting);
    for (let n = 0; n < 20; n += 1) log.debug('pads', `hit ${n}`);

    await vi.advanceTimersByTimeAsync(750);
    expect(puts).toBe(1);
    expect((await store.get(Store.Logs, 'recent')) as unknown[]).toHaveLength(20);
  });

  it('stops saving after the stop function ran', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = createMemoryStore();
    const log = new AppLog(50, clock());
    const stop = await persistLog(log, store);
    log.info('shell', 'before stop');
    await stop();
    log.info('shell', 'after stop');
    await vi.advanceTimersByTimeAsync(10_000);

    expect(((await store.get(Store.Logs, 'recent')) as Array<{ message: string }>).map((entry) => entry.message)).toEqual([
      'before stop'
    ]);
  });

  it('drops saved entries it cannot read and says how many', async () => {
    const store = createMemoryStore();
    const good = { seq: 0, time: T0, level: 'info', source: 'midi', message: 'kept' };
    await store.put(Store.Logs, 'recent', [good, { ...good, seq: 1, message: 'extra field', user: 'x' }, null]);

    const log = new AppLog(50, clock(T0 + 1000));
    await persistLog(log, store);

    expect(log.entries.map(({ level, message }) => [level, message])).toEqual([
      ['info', 'kept'],
      ['warn', 'Dropped 2 unreadable saved log entries']
    ]);
  });

  it('logs a warning instead of failing when the saved log cannot be read', async () => {
    const store = await openStore();
    store.close(); // a closed connection rejects every request, like a database deleted under us

    const log = new AppLog(50, clock());
    const stop = await persistLog(log, store);

    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ level: 'warn', source: 'log', message: 'Could not read the saved log' });
    expect(log.entries[0]?.data?.error).toMatch(/^InvalidStateError: /);
    await expect(stop()).resolves.toBeUndefined();
  });
});
