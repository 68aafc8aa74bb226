import * as v from 'valibot';
import {
  browserEstimate,
  classify,
  errorText,
  parseJson,
  planWrite,
  unsharedFeatures,
  type CacheEntryInput,
  type CacheEntrySummary,
  type CacheLog,
  type CacheLookup,
  type CacheWriteFailure,
  type CacheWriteResult,
  type ContentCacheOptions,
  type WritePlan
} from './cache-entry';
import {
  CACHE_RECORD_SCHEMA,
  CacheIndexRecordSchema,
  CachePartRecordSchema,
  STEM_NAME_PATTERN,
  indexRecordKey,
  newWriteId,
  parseIndexRecordKey,
  parsePartRecordKey,
  partRecordKey,
  payloadBytes,
  stemPart,
  writeIdTime,
  type CacheIndexRecord,
  type FeatureArrays,
  type PartData,
  type PartName
} from './cache-records';
import { DEFAULT_CACHE_BUDGET_BYTES, RecencyIndex, allowedCacheBytes, type StorageEstimateLike } from './cache-recency';
import { CONTENT_KEY_PATTERN } from './content-key';
import type { RecordStore } from './record-store';
import { Store } from './schema';
import { decodeStem, encodeStem, type StemAudio } from './stem-codec';

export type { CacheEntryInput, CacheEntrySummary, CacheLog, CacheLookup, CacheMissReason, CacheWriteFailure, CacheWriteResult, ContentCacheOptions } from './cache-entry';
export type { CacheEntryKind, FeatureArrays } from './cache-records';
export { DEFAULT_CACHE_BUDGET_BYTES } from './cache-recency';
export type { StemAudio } from './stem-codec';

/** A write in flight in another tab is younger than this; older unreferenced parts are garbage. */
export const ORPHAN_GRACE_MS = 10 * 60 * 1000;
/** Reads persist their access time at most this often, so playing four stems is not four index writes. */
const TOUCH_PERSIST_MS = 1000;
const SOURCE = 'cache';

/**
 * The content-addressed analysis cache (DESIGN.md §4.4) over any RecordStore:
 * a worker passes `await openIndexedDbStore()`, tests a memory or
 * fake-indexeddb store. Reads validate everything and turn any bad record
 * into a miss (deleting the entry so the next write replaces it); writes
 * never throw, they answer with a typed failure so the job carries on.
 */
export class ContentCache {
  readonly #store: RecordStore;
  #budget: number;
  readonly #estimate: () => Promise<StorageEstimateLike | undefined>;
  readonly #log: CacheLog | undefined;
  readonly #now: () => number;
  readonly #recency = new RecencyIndex();

  constructor(store: RecordStore, options: ContentCacheOptions = {}) {
    this.#store = store;
    this.#budget = Math.max(0, options.budgetBytes ?? DEFAULT_CACHE_BUDGET_BYTES);
    this.#estimate = options.estimate ?? browserEstimate;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  /** What an entry holds, without reading its payloads. */
  async describe(key: string): Promise<CacheLookup<CacheEntrySummary>> {
    const index = await this.#readIndex(key);
    if (!index.hit) return index;
    const { kind, size, created, lastAccess, parts } = index.value;
    const stems = parts.flatMap((part) => (part.name.startsWith('stem:') ? [part.name.slice(5)] : []));
    return { hit: true, value: { kind, size, created, lastAccess, stems, hasFeatures: parts.some((part) => part.name === 'features') } };
  }

  /** The stored result, validated by the caller's schema (a result that no longer fits it is malformed). */
  async getResult<T>(key: string, schema: v.GenericSchema<unknown, T>): Promise<CacheLookup<T>> {
    return this.#readPart(key, 'result', (data) => {
      if (typeof data !== 'string') return undefined;
      const parsed = v.safeParse(schema, parseJson(data));
      return parsed.success ? parsed.output : undefined;
    });
  }

  async getFeatures(key: string): Promise<CacheLookup<FeatureArrays>> {
    return this.#readPart(key, 'features', (data) => (typeof data === 'string' || data instanceof ArrayBuffer ? undefined : data));
  }

  async getStem(key: string, stem: string): Promise<CacheLookup<StemAudio>> {
    if (!STEM_NAME_PATTERN.test(stem)) return { hit: false, reason: 'absent' };
    return this.#readPart(key, stemPart(stem), (data) => {
      if (!(data instanceof ArrayBuffer)) return undefined;
      const decoded = decodeStem(data);
      return decoded.ok ? decoded.stem : undefined;
    });
  }

  /**
   * Stores (or replaces) an entry. Evicts least recently used entries to stay
   * under the budget first; on a quota error evicts once more and retries.
   * Stems are encoded one at a time so at most one encoded stem is in memory.
   */
  async put(key: string, entry: CacheEntryInput): Promise<CacheWriteResult> {
    const plan = planWrite(key, entry);
    if (!plan.ok) return this.#failed('invalid', plan.message, key);
    try {
      await this.#reloadRecency();
    } catch (error) {
      return this.#failed(classify(error), `could not read the cache index: ${errorText(error)}`, key);
    }
    const allowed = allowedCacheBytes(this.#budget, this.#recency.totalBytes, await Promise.resolve().then(this.#estimate).catch(() => undefined));
    if (plan.bytes > allowed) return this.#failed('too-large', `entry of ${plan.bytes} bytes exceeds the cache's ${allowed} bytes`, key);

    let evicted = await this.#evict(this.#recency.victimsToFit(plan.bytes, allowed, key));
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.#write(key, entry, plan);
        return { ok: true, bytes: plan.bytes, evicted };
      } catch (error) {
        lastError = error;
        if (classify(error) !== 'quota') break;
        // The browser's real limit is lower than the estimate said: make room for this entry again.
        const othersBytes = this.#recency.totalBytes - (this.#recency.get(key)?.size ?? 0);
        evicted += await this.#evict(this.#recency.victimsToFit(plan.bytes, othersBytes, key));
      }
    }
    return this.#failed(classify(lastError), errorText(lastError), key);
  }

  async delete(key: string): Promise<void> {
    const index = await this.#readIndex(key);
    if (index.hit) await this.#deleteEntry(index.value);
  }

  /** The most payload bytes this cache keeps (Settings' cache budget). */
  get budgetBytes(): number {
    return this.#budget;
  }

  /**
   * Changes the budget and evicts least recently used entries until the cache
   * fits it; answers how many entries went. Never throws: an eviction that
   * fails is logged and the entry is retried by the next write.
   */
  async setBudget(bytes: number): Promise<number> {
    this.#budget = Math.max(0, bytes);
    try {
      await this.#reloadRecency();
    } catch (error) {
      this.#log?.warn(SOURCE, 'Could not read the cache index to apply a new budget', { error: errorText(error) });
      return 0;
    }
    return this.#evict(this.#recency.victimsToFit(0, this.#budget));
  }

  /** Entries and payload bytes now in the store (re-read, so other tabs' writes count). */
  async size(): Promise<{ entries: number; bytes: number }> {
    try {
      // Only looks: a Settings panel opening must not delete records (sweeping is for writers).
      await this.#reloadRecency(false);
    } catch (error) {
      this.#log?.warn(SOURCE, 'Could not read the cache size', { error: errorText(error) });
    }
    return { entries: this.#recency.count, bytes: this.#recency.totalBytes };
  }

  /** Empties the cache store (as Settings' "Clear cached data" does). Rejects if storage refuses: the user asked. */
  async clear(): Promise<void> {
    this.#recency.replaceAll([]);
    await this.#store.clear(Store.Cache);
  }

  async #write(key: string, entry: CacheEntryInput, plan: WritePlan): Promise<void> {
    const now = this.#now();
    const writeId = newWriteId(now);
    const previous = await this.#store.get(Store.Cache, indexRecordKey(key));
    const written: PartName[] = [];
    const putPart = async (name: PartName, data: PartData): Promise<void> => {
      written.push(name);
      await this.#store.put(Store.Cache, partRecordKey(key, writeId, name), { schema: CACHE_RECORD_SCHEMA, key, writeId, name, data });
    };
    try {
      await putPart('result', plan.resultJson);
      if (entry.features) await putPart('features', unsharedFeatures(entry.features));
      for (const [name, stem] of Object.entries(entry.stems ?? {})) await putPart(stemPart(name), encodeStem(stem));
      const index: CacheIndexRecord = { schema: CACHE_RECORD_SCHEMA, key, kind: entry.kind, writeId, created: now, lastAccess: now, size: plan.bytes, parts: plan.parts };
      // The index goes last: until it lands, readers keep seeing the previous complete entry.
      await this.#store.put(Store.Cache, indexRecordKey(key), index);
      this.#recency.set(index);
    } catch (error) {
      await this.#deleteQuietly(written.map((name) => partRecordKey(key, writeId, name)));
      throw error;
    }
    const old = v.safeParse(CacheIndexRecordSchema, previous);
    if (old.success && old.output.writeId !== writeId) await this.#deleteQuietly(old.output.parts.map((part) => partRecordKey(key, old.output.writeId, part.name)));
  }

  async #readIndex(key: string): Promise<CacheLookup<CacheIndexRecord>> {
    if (!CONTENT_KEY_PATTERN.test(key)) return { hit: false, reason: 'absent' };
    let raw: unknown;
    try {
      raw = await this.#store.get(Store.Cache, indexRecordKey(key));
    } catch (error) {
      this.#log?.warn(SOURCE, 'Could not read a cache entry', { error: errorText(error) });
      return { hit: false, reason: 'unavailable' };
    }
    if (raw === undefined) {
      this.#recency.remove(key);
      return { hit: false, reason: 'absent' };
    }
    const parsed = v.safeParse(CacheIndexRecordSchema, raw);
    if (parsed.success && parsed.output.key === key) return { hit: true, value: parsed.output };
    this.#log?.warn(SOURCE, 'Dropped a malformed cache index record', { key });
    this.#recency.remove(key);
    await this.#deleteQuietly([indexRecordKey(key)]);
    return { hit: false, reason: 'malformed' };
  }

  async #readPart<T>(key: string, name: PartName, accept: (data: PartData) => T | undefined): Promise<CacheLookup<T>> {
    const index = await this.#readIndex(key);
    if (!index.hit) return index;
    const listed = index.value.parts.find((part) => part.name === name);
    if (!listed) return { hit: false, reason: 'absent' };
    let raw: unknown;
    try {
      raw = await this.#store.get(Store.Cache, partRecordKey(key, index.value.writeId, name));
    } catch (error) {
      this.#log?.warn(SOURCE, 'Could not read a cache payload', { error: errorText(error) });
      return { hit: false, reason: 'unavailable' };
    }
    const part = v.safeParse(CachePartRecordSchema, raw);
    const whole = part.success && part.output.key === key && part.output.writeId === index.value.writeId && part.output.name === name;
    const value = whole && payloadBytes(part.output.data) === listed.bytes ? accept(part.output.data) : undefined;
    if (value === undefined) {
      await this.#discardIfCurrent(index.value, name);
      return { hit: false, reason: 'malformed' };
    }
    await this.#touch(index.value);
    return { hit: true, value };
  }

  /** Deletes an entry found broken, unless another writer has replaced it since we read its index. */
  async #discardIfCurrent(index: CacheIndexRecord, part: PartName): Promise<void> {
    this.#log?.warn(SOURCE, 'Dropped a malformed cache entry', { key: index.key, part });
    try {
      const current = v.safeParse(CacheIndexRecordSchema, await this.#store.get(Store.Cache, indexRecordKey(index.key)));
      if (current.success && current.output.writeId !== index.writeId) return;
    } catch {
      return;
    }
    await this.#deleteEntry(index);
  }

  async #touch(index: CacheIndexRecord): Promise<void> {
    const now = this.#now();
    this.#recency.touch(index.key, now);
    if (now - index.lastAccess < TOUCH_PERSIST_MS) return;
    // Rewrites only the small index record; a writer racing us loses at worst this entry (a miss, never a wrong hit).
    await this.#putQuietly(indexRecordKey(index.key), { ...index, lastAccess: now });
  }

  /** Re-reads every index record; sweeps junk and parts no index refers to once they are old enough. */
  async #reloadRecency(sweep = true): Promise<void> {
    const keys = await this.#store.keys(Store.Cache);
    const records: CacheIndexRecord[] = [];
    const junk: string[] = [];
    for (const recordKey of keys) {
      if (!recordKey.startsWith('idx:')) continue;
      const key = parseIndexRecordKey(recordKey);
      if (key === undefined) {
        junk.push(recordKey);
        continue;
      }
      const parsed = v.safeParse(CacheIndexRecordSchema, await this.#store.get(Store.Cache, recordKey));
      if (parsed.success && parsed.output.key === key) records.push(parsed.output);
      else junk.push(recordKey);
    }
    this.#recency.replaceAll(records);
    if (!sweep) return;
    const cutoff = this.#now() - ORPHAN_GRACE_MS;
    for (const recordKey of keys) {
      if (recordKey.startsWith('idx:')) continue;
      const part = parsePartRecordKey(recordKey);
      const current = part && this.#recency.get(part.key);
      const referenced = part !== undefined && current?.writeId === part.writeId;
      const inFlight = part !== undefined && writeIdTime(part.writeId) > cutoff;
      if (!referenced && !inFlight) junk.push(recordKey);
    }
    if (junk.length > 0) this.#log?.warn(SOURCE, 'Swept unreadable or orphaned cache records', { count: junk.length });
    await this.#deleteQuietly(junk);
  }

  async #evict(victims: readonly CacheIndexRecord[]): Promise<number> {
    for (const victim of victims) await this.#deleteEntry(victim);
    return victims.length;
  }

  async #deleteEntry(index: CacheIndexRecord): Promise<void> {
    this.#recency.remove(index.key);
    // Index first: a crash halfway leaves orphan parts (swept later), never an index naming missing parts.
    await this.#deleteQuietly([indexRecordKey(index.key), ...index.parts.map((part) => partRecordKey(index.key, index.writeId, part.name))]);
  }

  async #deleteQuietly(recordKeys: readonly string[]): Promise<void> {
    for (const recordKey of recordKeys) {
      try {
        await this.#store.delete(Store.Cache, recordKey);
      } catch (error) {
        this.#log?.warn(SOURCE, 'Could not delete a cache record', { error: errorText(error) });
      }
    }
  }

  async #putQuietly(recordKey: string, value: unknown): Promise<void> {
    try {
      await this.#store.put(Store.Cache, recordKey, value);
    } catch (error) {
      this.#log?.warn(SOURCE, 'Could not update a cache record', { error: errorText(error) });
    }
  }

  #failed(reason: CacheWriteFailure, message: string, key: string): CacheWriteResult {
    this.#log?.warn(SOURCE, `Cache write failed (${reason}); the job continues without caching`, { key, message });
    return { ok: false, reason, message };
  }
}

