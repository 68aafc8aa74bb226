import { describe, expect, it } from 'vitest';
import { CACHE_BUDGET_CHOICES, CACHE_BUDGET_KEY, readCacheBudget, saveCacheBudget } from '$lib/storage/cache-budget';
import { ContentCache, DEFAULT_CACHE_BUDGET_BYTES } from '$lib/storage/content-cache';
import { createMemoryStore } from '$lib/storage/memory-store';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';

const keyOf = (n: number): string => n.toString(16).padStart(64, '0');
const entry = (bytes: number) => ({ kind: 'stage' as const, result: null, features: { data: new Float32Array(bytes / 4) } });

describe('the cache budget setting', () => {
  it('defaults when nothing is saved, and reads back what was saved', async () => {
    const store = createMemoryStore();
    expect(await readCacheBudget(store)).toBe(DEFAULT_CACHE_BUDGET_BYTES);
    await saveCacheBudget(store, CACHE_BUDGET_CHOICES[0]);
    expect(await readCacheBudget(store)).toBe(CACHE_BUDGET_CHOICES[0]);
  });

  it('falls back to the default for a malformed record or unreadable storage, and refuses sizes it does not offer', async () => {
    const store = createMemoryStore();
    await store.put(Store.Settings, CACHE_BUDGET_KEY, { bytes: 12345 });
    expect(await readCacheBudget(store)).toBe(DEFAULT_CACHE_BUDGET_BYTES);
    const broken: RecordStore = { ...store, get: () => Promise.reject(new Error('UnknownError')) };
    expect(await readCacheBudget(broken)).toBe(DEFAULT_CACHE_BUDGET_BYTES);
    await expect(saveCacheBudget(store, 12345)).rejects.toThrow();
    expect(await store.get(Store.Settings, CACHE_BUDGET_KEY)).toEqual({ bytes: 12345 });
  });
});

describe('changing the budget of a cache', () => {
  it('evicts least recently used entries at once until the cache fits the smaller budget', async () => {
    let now = 1000;
    const cache = new ContentCache(createMemoryStore(), { budgetBytes: 100_000, estimate: async () => undefined, now: () => now });
    for (const n of [1, 2, 3, 4]) {
      now += 5000;
      expect((await cache.put(keyOf(n), entry(20_000))).ok).toBe(true);
    }
    now += 5000;
    expect((await cache.getFeatures(keyOf(1))).hit).toBe(true);
    expect(await cache.setBudget(45_000)).toBe(2);
    expect(cache.budgetBytes).toBe(45_000);
    const present = await Promise.all([1, 2, 3, 4].map(async (n) => (await cache.describe(keyOf(n))).hit));
    // 1 was read last, so 2 and 3 (oldest unread) went.
    expect(present).toEqual([true, false, false, true]);
    expect((await cache.size()).bytes).toBeLessThanOrEqual(45_000);
  });

  it('keeps everything when the budget grows', async () => {
    const cache = new ContentCache(createMemoryStore(), { budgetBytes: 50_000, estimate: async () => undefined });
    await cache.put(keyOf(1), entry(20_000));
    expect(await cache.setBudget(1_000_000)).toBe(0);
    expect((await cache.describe(keyOf(1))).hit).toBe(true);
  });
});
