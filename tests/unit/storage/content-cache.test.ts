import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ContentCache, type CacheEntryInput, type CacheLog } from '$lib/storage/content-cache';
import { openIndexedDbStore } from '$lib/storage/indexeddb-store';
import { createMemoryStore } from '$lib/storage/memory-store';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import { stemRoundTripBound } from '$lib/storage/stem-codec';
import { useFreshIndexedDb } from './fresh-indexeddb';

useFreshIndexedDb();

const ResultSchema = v.strictObject({ tempo: v.number(), key: v.string() });
const keyOf = (n: number): string => n.toString(16).padStart(64, '0');
const SONG = keyOf(1);

function stem(frames: number, amplitude = 0.5): { sampleRate: number; channels: Float32Array[] } {
  const wave = (phase: number) => Float32Array.from({ length: frames }, (_, i) => amplitude * Math.sin(i / 7 + phase));
  return { sampleRate: 44100, channels: [wave(0), wave(1)] };
}

function analysis(frames = 256): CacheEntryInput {
  return {
    kind: 'analysis',
    result: { tempo: 120, key: 'C major' },
    features: { 'drums.onset': Float32Array.from([0, 1, 0.5]), chroma: new Float32Array(12).fill(0.25) },
    stems: { drums: stem(frames), bass: stem(frames, 0.1) }
  };
}

/** Collects warnings so tests can see that a failure was reported, not thrown. */
function recordingLog(): CacheLog & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (_source, message) => void warnings.push(message) };
}

/** A store that fails the way a full disk does: every put (optionally only some) throws QuotaExceededError. */
function failingStore(inner: RecordStore, shouldFail: (key: string) => boolean, error: () => unknown): RecordStore {
  return {
    ...inner,
    mode: inner.mode,
    put: async (store, key, value) => {
      if (shouldFail(key)) throw error();
      return inner.put(store, key, value);
    }
  };
}

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const noEstimate = async () => undefined;

const stores: Array<{ mode: string; open: () => Promise<RecordStore> }> = [
  { mode: 'indexeddb', open: () => openIndexedDbStore('bandroom-cache-test') },
  { mode: 'memory', open: async () => createMemoryStore() }
];

describe.each(stores)('content cache over $mode', ({ open }) => {
  it('returns the result, features and each stem that were put', async () => {
    const cache = new ContentCache(await open(), { estimate: noEstimate });
    const entry = analysis();
    expect(await cache.put(SONG, entry)).toMatchObject({ ok: true, evicted: 0 });

    expect(await cache.getResult(SONG, ResultSchema)).toEqual({ hit: true, value: { tempo: 120, key: 'C major' } });
    const features = await cache.getFeatures(SONG);
    expect(features.hit && [...features.value['drums.onset']!]).toEqual([0, 1, 0.5]);
    const drums = await cache.getStem(SONG, 'drums');
    if (!drums.hit) throw new Error('drums missing');
    const bound = stemRoundTripBound(0.5);
    drums.value.channels.forEach((channel, c) => channel.forEach((x, i) => expect(Math.abs(x - entry.stems!.drums!.channels[c]![i]!)).toBeLessThanOrEqual(bound)));
    expect(await cache.describe(SONG)).toMatchObject({ hit: true, value: { kind: 'analysis', stems: ['drums', 'bass'], hasFeatures: true } });
  });

  it('misses a key that was never stored, and a stem the entry does not have', async () => {
    const cache = new ContentCache(await open(), { estimate: noEstimate });
    expect(await cache.getResult(keyOf(99), ResultSchema)).toEqual({ hit: false, reason: 'absent' });
    await cache.put(SONG, analysis());
    expect(await cache.getStem(SONG, 'vocals')).toEqual({ hit: false, reason: 'absent' });
    expect(await cache.getResult('not-a-key', ResultSchema)).toEqual({ hit: false, reason: 'absent' });
  });

  it('keeps the user\'s file name out of every stored record', async () => {
    const store = await open();
    await new ContentCache(store, { estimate: noEstimate }).put(SONG, analysis());
    for (const key of await store.keys(Store.Cache)) expect(JSON.stringify(await store.get(Store.Cache, key))).not.toMatch(/\.wav|rehearsal/i);
  });
});

describe('malformed entries', () => {
  async function storedEntry(): Promise<{ store: RecordStore; cache: ContentCache; log: ReturnType<typeof recordingLog> }> {
    const store = createMemoryStore();
    const log = recordingLog();
    const cache = new ContentCache(store, { estimate: noEstimate, log });
    await cache.put(SONG, analysis());
    return { store, cache, log };
  }
  const partKey = async (store: RecordStore, suffix: string) => (await store.keys(Store.Cache)).find((key) => key.startsWith(`part:${SONG}`) && key.endsWith(suffix))!;

  it('treats a truncated stem as a miss, drops the entry, and is replaced by the next write', async () => {
    const { store, cache, log } = await storedEntry();
    const key = await partKey(store, ':stem:drums');
    const record = (await store.get(Store.Cache, key)) as { data: ArrayBuffer };
    await store.put(Store.Cache, key, { ...record, data: record.data.slice(0, 100) });

    expect(await cache.getStem(SONG, 'drums')).toEqual({ hit: false, reason: 'malformed' });
    expect(await cache.describe(SONG)).toEqual({ hit: false, reason: 'absent' });
    expect(log.warnings.some((message) => message.includes('malformed'))).toBe(true);
    expect((await cache.put(SONG, analysis())).ok).toBe(true);
    expect((await cache.getStem(SONG, 'drums')).hit).toBe(true);
  });

  it('treats a junk index record as a miss and deletes it', async () => {
    const { store, cache } = await storedEntry();
    await store.put(Store.Cache, `idx:${SONG}`, { schema: 1, key: SONG, size: -5 });
    expect(await cache.getResult(SONG, ResultSchema)).toEqual({ hit: false, reason: 'malformed' });
    expect(await store.get(Store.Cache, `idx:${SONG}`)).toBeUndefined();
  });

  it('treats a stored result that no longer fits its schema as a miss', async () => {
    const { cache } = await storedEntry();
    expect(await cache.getResult(SONG, v.strictObject({ tempo: v.string() }))).toEqual({ hit: false, reason: 'malformed' });
    expect((await cache.describe(SONG)).hit).toBe(false);
  });

  it('detects a payload left over from another write (writeId mismatch) as malformed', async () => {
    const { store, cache } = await storedEntry();
    const key = await partKey(store, ':result');
    const record = (await store.get(Store.Cache, key)) as { writeId: string };
    await store.put(Store.Cache, key, { ...record, writeId: 'zz-00000000' });
    expect(await cache.getResult(SONG, ResultSchema)).toEqual({ hit: false, reason: 'malformed' });
  });

  it('ignores payloads whose index was never written (a writer that crashed), then the next write sweeps them once old', async () => {
    let now = 1_000_000;
    const store = createMemoryStore();
    const crashed = new ContentCache(failingStore(store, (key) => key.startsWith('idx:'), () => new Error('tab closed')), { estimate: noEstimate, now: () => now });
    expect(await crashed.put(SONG, analysis())).toMatchObject({ ok: false, reason: 'storage-error' });
    // The failed write cleans up after itself; simulate a crash that could not by leaving a part behind.
    await store.put(Store.Cache, `part:${SONG}:${(now - 1).toString(36)}-0000abcd:result`, { junk: true });
    const cache = new ContentCache(store, { estimate: noEstimate, now: () => now });
    expect(await cache.getResult(SONG, ResultSchema)).toEqual({ hit: false, reason: 'absent' });
    expect(await store.keys(Store.Cache)).toHaveLength(1);
    now += 11 * 60 * 1000;
    // Looking (Settings shows the size) never deletes; writing does.
    expect(await cache.size()).toEqual({ entries: 0, bytes: 0 });
    expect(await store.keys(Store.Cache)).toHaveLength(1);
    expect((await cache.put(keyOf(2), { kind: 'stage', result: 1 })).ok).toBe(true);
    expect((await store.keys(Store.Cache)).every((key) => key.includes(keyOf(2)))).toBe(true);
  });

  it('never throws and never returns an invalid hit, whatever junk is stored (property)', async () => {
    const junk = fc.oneof(
      fc.anything(),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => bytes.buffer),
      fc.record({ schema: fc.constant(1), key: fc.constant(SONG), writeId: fc.constantFrom('1-00000000', 'x'), name: fc.constantFrom('result', 'stem:drums', 'features'), data: fc.anything() })
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('idx', 'result', 'stem:drums', 'features', 'other'), junk), { maxLength: 6 }), async (writes) => {
        const { store, cache } = await storedEntry();
        for (const [target, value] of writes) {
          const key = target === 'idx' ? `idx:${SONG}` : target === 'other' ? `part:${SONG}:1-00000000:result` : ((await partKey(store, `:${target}`)) ?? `part:${SONG}:x:${target}`);
          await store.put(Store.Cache, key, value);
        }
        const result = await cache.getResult(SONG, ResultSchema);
        if (result.hit) expect(result.value).toEqual({ tempo: 120, key: 'C major' });
        const drums = await cache.getStem(SONG, 'drums');
        if (drums.hit) expect(drums.value.channels).toHaveLength(2);
        await cache.getFeatures(SONG);
        await cache.describe(SONG);
        await cache.size();
        expect((await cache.put(SONG, analysis())).ok).toBe(true);
        expect((await cache.getResult(SONG, ResultSchema)).hit).toBe(true);
      }),
      { numRuns: 60 }
    );
  });
});

describe('failed writes', () => {
  it('reports a full disk as a typed failure, logs it, and never throws', async () => {
    const log = recordingLog();
    const cache = new ContentCache(failingStore(createMemoryStore(), () => true, quotaError), { estimate: noEstimate, log });
    expect(await cache.put(SONG, analysis())).toMatchObject({ ok: false, reason: 'quota' });
    expect(log.warnings.some((message) => message.includes('quota'))).toBe(true);
  });

  it('removes the payloads of a write that failed halfway and keeps the previous entry readable', async () => {
    const store = createMemoryStore();
    await new ContentCache(store, { estimate: noEstimate }).put(SONG, analysis());
    const before = await store.keys(Store.Cache);
    const cache = new ContentCache(failingStore(store, (key) => key.endsWith(':stem:bass'), quotaError), { estimate: noEstimate });
    expect(await cache.put(SONG, { ...analysis(), result: { tempo: 90, key: 'A minor' } })).toMatchObject({ ok: false, reason: 'quota' });
    expect(await store.keys(Store.Cache)).toEqual(before);
    expect(await cache.getResult(SONG, ResultSchema)).toEqual({ hit: true, value: { tempo: 120, key: 'C major' } });
  });

  it('evicts older entries and retries once when the browser says the quota is full', async () => {
    const store = createMemoryStore();
    const seed = new ContentCache(store, { estimate: noEstimate });
    await seed.put(keyOf(2), analysis());
    let failures = 1;
    const cache = new ContentCache(failingStore(store, () => failures-- > 0, quotaError), { estimate: noEstimate });
    expect(await cache.put(SONG, analysis())).toMatchObject({ ok: true, evicted: 1 });
    expect((await cache.describe(keyOf(2))).hit).toBe(false);
  });

  it('calls a transaction error a storage error', async () => {
    const cache = new ContentCache(failingStore(createMemoryStore(), () => true, () => new DOMException('aborted', 'AbortError')), { estimate: noEstimate });
    expect(await cache.put(SONG, analysis())).toMatchObject({ ok: false, reason: 'storage-error' });
  });

  it('answers "unavailable" instead of throwing when storage cannot be read', async () => {
    const broken: RecordStore = { ...createMemoryStore(), get: () => Promise.reject(new Error('database closed')) };
    const cache = new ContentCache(broken, { estimate: noEstimate });
    expect(await cache.getResult(SONG, ResultSchema)).toEqual({ hit: false, reason: 'unavailable' });
    expect(await cache.put(SONG, analysis())).toMatchObject({ ok: false });
  });

  it('refuses what it cannot store: a bad key, a result JSON cannot carry, an odd stem name, ragged channels', async () => {
    const cache = new ContentCache(createMemoryStore(), { estimate: noEstimate });
    expect(await cache.put('song.wav', analysis())).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await cache.put(SONG, { kind: 'analysis', result: { size: 1n } })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await cache.put(SONG, { kind: 'stage', result: {}, stems: { 'my stem/../x': stem(4) } })).toMatchObject({ ok: false, reason: 'invalid' });
    const ragged = { sampleRate: 44100, channels: [new Float32Array(4), new Float32Array(5)] };
    expect(await cache.put(SONG, { kind: 'stage', result: {}, stems: { mix: ragged } })).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('eviction and size', () => {
  const small = (frames = 1000): CacheEntryInput => ({ kind: 'stage', result: {}, stems: { mix: stem(frames) } });
  const ENTRY_BYTES = 4 + 24 + 4 * 1000; // '{}' as UTF-16 + header + 2 channels × 2 bytes × 1000 frames

  it('evicts the least recently used entry when a new one would exceed the budget', async () => {
    let now = 1000;
    const store = createMemoryStore();
    const cache = new ContentCache(store, { budgetBytes: 3 * ENTRY_BYTES, estimate: noEstimate, now: () => now });
    for (const n of [1, 2, 3]) {
      now += 10_000;
      expect(await cache.put(keyOf(n), small())).toMatchObject({ ok: true, bytes: ENTRY_BYTES });
    }
    now += 10_000;
    expect((await cache.getStem(keyOf(1), 'mix')).hit).toBe(true); // 1 is now the most recent
    now += 10_000;
    expect(await cache.put(keyOf(4), small())).toMatchObject({ ok: true, evicted: 1 });
    const present = await Promise.all([1, 2, 3, 4].map(async (n) => (await cache.describe(keyOf(n))).hit));
    expect(present).toEqual([true, false, true, true]);
    expect(await cache.size()).toEqual({ entries: 3, bytes: 3 * ENTRY_BYTES });
  });

  it('remembers access times across instances (another worker sees the same order)', async () => {
    let now = 1000;
    const store = createMemoryStore();
    const first = new ContentCache(store, { budgetBytes: 2 * ENTRY_BYTES, estimate: noEstimate, now: () => (now += 5000) });
    await first.put(keyOf(1), small());
    await first.put(keyOf(2), small());
    await first.getResult(keyOf(1), v.unknown());
    const second = new ContentCache(store, { budgetBytes: 2 * ENTRY_BYTES, estimate: noEstimate, now: () => (now += 5000) });
    await second.put(keyOf(3), small());
    expect((await second.describe(keyOf(1))).hit).toBe(true);
    expect((await second.describe(keyOf(2))).hit).toBe(false);
  });

  it('refuses an entry larger than the whole budget without touching the others', async () => {
    const cache = new ContentCache(createMemoryStore(), { budgetBytes: 2 * ENTRY_BYTES, estimate: noEstimate });
    await cache.put(keyOf(1), small());
    expect(await cache.put(keyOf(2), small(5000))).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await cache.size()).toEqual({ entries: 1, bytes: ENTRY_BYTES });
  });

  it('stays under what navigator.storage.estimate() says is left, even with a larger budget', async () => {
    let usage = 0; // the browser counts the cache's own bytes in `usage`
    const estimate = async () => ({ usage, quota: Math.floor((1.5 * ENTRY_BYTES) / 0.8) });
    const cache = new ContentCache(createMemoryStore(), { budgetBytes: 100 * ENTRY_BYTES, estimate });
    await cache.put(keyOf(1), small());
    usage = ENTRY_BYTES;
    expect(await cache.put(keyOf(2), small())).toMatchObject({ ok: true, evicted: 1 });
    expect(await cache.size()).toEqual({ entries: 1, bytes: ENTRY_BYTES });
  });

  it('replacing an entry does not count it twice', async () => {
    const cache = new ContentCache(createMemoryStore(), { budgetBytes: ENTRY_BYTES, estimate: noEstimate });
    await cache.put(SONG, small());
    expect(await cache.put(SONG, small())).toMatchObject({ ok: true, evicted: 0 });
    expect(await cache.size()).toEqual({ entries: 1, bytes: ENTRY_BYTES });
  });

  it('clear() empties it, and so does Settings clearing the store directly', async () => {
    const store = createMemoryStore();
    const cache = new ContentCache(store, { estimate: noEstimate });
    await cache.put(keyOf(1), small());
    await cache.clear();
    expect(await cache.size()).toEqual({ entries: 0, bytes: 0 });
    await cache.put(keyOf(2), small());
    await store.clear(Store.Cache); // the Settings panel's "Clear cached data"
    expect(await cache.size()).toEqual({ entries: 0, bytes: 0 });
    expect((await cache.getStem(keyOf(2), 'mix')).hit).toBe(false);
  });
});

describe('two tabs writing the same key', () => {
  it('ends with one whole entry and no stray payloads', async () => {
    const store = await openIndexedDbStore('bandroom-cache-race');
    const tabA = new ContentCache(store, { estimate: noEstimate });
    const tabB = new ContentCache(store, { estimate: noEstimate });
    const results = await Promise.all([tabA.put(SONG, analysis(300)), tabB.put(SONG, analysis(400)), tabA.getStem(SONG, 'drums')]);
    expect(results[0].ok && results[1].ok).toBe(true);
    const drums = await tabB.getStem(SONG, 'drums');
    expect(drums.hit && [300, 400].includes(drums.value.channels[0]!.length)).toBe(true);
    const index = (await tabA.describe(SONG)).hit;
    expect(index).toBe(true);
    // Parts of the losing write are orphans until the grace period passes; the winner's are all referenced.
    const keys = await store.keys(Store.Cache);
    expect(keys.filter((key) => key.startsWith('idx:'))).toHaveLength(1);
    expect(keys.length).toBeGreaterThanOrEqual(5);
  });
});
