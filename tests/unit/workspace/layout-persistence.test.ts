import { afterEach, describe, expect, it } from 'vitest';
import { openIndexedDbStore } from '$lib/storage/indexeddb-store';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import { LayoutRepository, type LoadedLayout } from '$lib/workspace/layout-repository';
import { useFreshIndexedDb } from '../storage/fresh-indexeddb';
import { layoutRecord, layoutWithPanel, serializedDockview, testRegistry } from './layout-fixtures';

useFreshIndexedDb();

const DB = 'bandroom-layout-test';
const START = Date.parse('2026-03-01T20:00:00.000Z');

/** A clock that moves one second per reading, so every quarantine gets its own key. */
function tickingClock(start = START): () => number {
  let now = start - 1000;
  return () => (now += 1000);
}

let store: RecordStore;
afterEach(() => store?.close());

function quarantineKeyOf(loaded: LoadedLayout): string {
  if (loaded.kind !== 'rejected') throw new Error(`expected the layout to be rejected, got "${loaded.kind}"`);
  return loaded.quarantineKey;
}

async function repository(now: () => number = tickingClock()): Promise<LayoutRepository> {
  store = await openIndexedDbStore(DB);
  return new LayoutRepository(store, testRegistry, now);
}

describe('saving and loading the workspace layout', () => {
  it('has nothing to load on first start', async () => {
    expect(await (await repository()).load()).toEqual({ kind: 'none' });
  });

  it('loads back exactly the layout it saved', async () => {
    const layouts = await repository();
    const saved = layoutRecord();
    await layouts.save(saved);
    expect(await layouts.load()).toEqual({ kind: 'saved', layout: saved });
  });

  it('keeps the layout across a reload of the app', async () => {
    const saved = layoutRecord();
    await (await repository()).save(saved);
    store.close();

    expect(await (await repository()).load()).toEqual({ kind: 'saved', layout: saved });
  });

  it('replaces the previous layout on save', async () => {
    const layouts = await repository();
    await layouts.save(layoutRecord(serializedDockview(), 1));
    const newer = layoutRecord(serializedDockview(), 2);
    await layouts.save(newer);
    expect(await layouts.load()).toEqual({ kind: 'saved', layout: newer });
    expect(await store.keys(Store.Layouts)).toEqual(['current']);
  });
});

describe('a saved layout that cannot be used', () => {
  const badLayouts: Array<[string, unknown]> = [
    ['a truncated string', '{"formatVersion":1,"dock'],
    ['an extra top-level field', { ...layoutRecord(), theme: 'dark' }],
    ['a panel of unknown type', layoutWithPanel('knob-1', { contentComponent: 'theremin' })],
    ['panel params with an unknown field', layoutWithPanel('pad-1', { params: { bank: 'A', volume: 11 } })],
    ['no panels', layoutRecord(serializedDockview({}))]
  ];

  async function repositoryHolding(bad: unknown, now?: () => number): Promise<LayoutRepository> {
    const layouts = await repository(now);
    await store.put(Store.Layouts, 'current', bad);
    return layouts;
  }

  it.each(badLayouts)('is rejected with a readable problem when it has %s', async (_what, bad) => {
    const loaded = await (await repositoryHolding(bad)).load();
    expect(loaded.kind).toBe('rejected');
    if (loaded.kind === 'rejected') expect(loaded.problem).toMatch(/^the saved (layout|".+" panel) /);
  });

  it.each(badLayouts)('is kept whole under a quarantine key when it has %s', async (_what, bad) => {
    const key = quarantineKeyOf(await (await repositoryHolding(bad)).load());
    expect(key).toBe('quarantined:2026-03-01T20:00:00.000Z');
    expect(await store.get(Store.Layouts, key)).toEqual({ savedAt: START + 1000, layout: bad });
  });

  it('clears the current layout, so the next load starts from the default', async () => {
    const layouts = await repositoryHolding({ ...layoutRecord(), theme: 'dark' });
    await layouts.load();
    expect(await store.get(Store.Layouts, 'current')).toBeUndefined();
    expect(await layouts.load()).toEqual({ kind: 'none' });
  });

  it('lists the quarantined copies, and only those', async () => {
    const layouts = await repositoryHolding('garbage');
    const key = quarantineKeyOf(await layouts.load());
    await layouts.save(layoutRecord());
    expect(await layouts.quarantinedKeys()).toEqual([key]);
  });

  it('keeps only the five newest quarantined copies', async () => {
    const layouts = await repository(tickingClock());
    const keys: string[] = [];
    for (let attempt = 1; attempt <= 7; attempt += 1) {
      await store.put(Store.Layouts, 'current', `bad layout #${attempt}`);
      keys.push(quarantineKeyOf(await layouts.load()));
    }

    expect(await layouts.quarantinedKeys()).toEqual(keys.slice(-5));
    const kept = await Promise.all(keys.slice(-5).map((key) => store.get(Store.Layouts, key)));
    expect(kept.map((copy) => (copy as { layout: unknown }).layout)).toEqual([3, 4, 5, 6, 7].map((n) => `bad layout #${n}`));
  });

  it('does not touch the saved layout when it is valid', async () => {
    const layouts = await repositoryHolding(layoutRecord());
    await layouts.load();
    expect(await layouts.quarantinedKeys()).toEqual([]);
  });

  it('sets aside a layout that passed the checks but that dockview refused', async () => {
    const layouts = await repository();
    const refused = layoutRecord();
    await layouts.save(refused);

    const key = await layouts.reject(refused);

    expect(await store.get(Store.Layouts, key)).toEqual({ savedAt: START + 1000, layout: refused });
    expect(await layouts.load()).toEqual({ kind: 'none' });
  });

  // Keys carry the millisecond; a suffix keeps same-millisecond copies apart.
  it('keeps both copies when two layouts are quarantined in the same millisecond', async () => {
    const frozen = (): number => START;
    const layouts = await repository(frozen);
    await layouts.reject('first bad copy');
    await layouts.reject('second bad copy');

    const copies = await Promise.all((await layouts.quarantinedKeys()).map((key) => store.get(Store.Layouts, key)));
    expect(copies.map((copy) => (copy as { layout: unknown }).layout)).toEqual(['first bad copy', 'second bad copy']);
  });
});
