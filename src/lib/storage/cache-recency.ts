import type { CacheIndexRecord } from './cache-records';

/**
 * Default cache budget: an hour-long WAV rehearsal needs ~1.6 GB while it is
 * analysed (the 635 MB recording waiting for the worker, 800 MB of stems as
 * PCM16, 160 MB of analysis copy), and a few songs fit beside it. The quota
 * share below still caps it on a small disk. Settings offers other sizes.
 */
export const DEFAULT_CACHE_BUDGET_BYTES = 2 * 1024 * 1024 * 1024;
/**
 * Share of the origin's free quota the cache may grow into. The browser's
 * estimate is deliberately fuzzy and the quota is shared with the precache,
 * layouts and the user's instruments, so the cache never takes all of it.
 */
export const QUOTA_SHARE = 0.8;

export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
}

/**
 * The bytes the cache may hold: the configured budget, capped by what the
 * Storage API says is left (our own bytes count as available, since they are
 * part of `usage` and eviction can reuse them).
 */
export function allowedCacheBytes(budgetBytes: number, cacheBytes: number, estimate: StorageEstimateLike | undefined): number {
  const quota = estimate?.quota;
  if (quota === undefined || !Number.isFinite(quota) || quota <= 0) return budgetBytes;
  const usage = Number.isFinite(estimate?.usage) ? Math.max(0, estimate!.usage!) : 0;
  const free = Math.max(0, quota - usage) + cacheBytes;
  return Math.max(0, Math.min(budgetBytes, Math.floor(free * QUOTA_SHARE)));
}

/**
 * The in-memory view of which entries exist, how big they are and when each
 * was last read: the index records, kept by key. Pure, so the eviction order
 * is tested without a database.
 */
export class RecencyIndex {
  #entries = new Map<string, CacheIndexRecord>();

  get count(): number {
    return this.#entries.size;
  }

  get totalBytes(): number {
    let total = 0;
    for (const entry of this.#entries.values()) total += entry.size;
    return total;
  }

  get(key: string): CacheIndexRecord | undefined {
    return this.#entries.get(key);
  }

  replaceAll(records: Iterable<CacheIndexRecord>): void {
    this.#entries = new Map([...records].map((record) => [record.key, record]));
  }

  set(record: CacheIndexRecord): void {
    this.#entries.set(record.key, record);
  }

  remove(key: string): void {
    this.#entries.delete(key);
  }

  touch(key: string, time: number): void {
    const entry = this.#entries.get(key);
    if (entry && time > entry.lastAccess) this.#entries.set(key, { ...entry, lastAccess: time });
  }

  /**
   * The least recently used entries to delete so that `incomingBytes` fit
   * under `allowedBytes`, oldest first. The entry being replaced (`replacing`)
   * is never a victim but its bytes are counted as freed, since the new write
   * supersedes it. Ties on access time break by creation, then key, so every
   * tab picks the same victims.
   */
  victimsToFit(incomingBytes: number, allowedBytes: number, replacing?: string): CacheIndexRecord[] {
    let total = this.totalBytes - (replacing ? (this.#entries.get(replacing)?.size ?? 0) : 0);
    const victims: CacheIndexRecord[] = [];
    for (const entry of this.leastRecentFirst()) {
      if (total + incomingBytes <= allowedBytes) break;
      if (entry.key === replacing) continue;
      victims.push(entry);
      total -= entry.size;
    }
    return victims;
  }

  leastRecentFirst(): CacheIndexRecord[] {
    return [...this.#entries.values()].sort(
      (a, b) => a.lastAccess - b.lastAccess || a.created - b.created || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
    );
  }
}
