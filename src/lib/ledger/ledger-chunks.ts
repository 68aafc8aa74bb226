import * as v from 'valibot';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import { LedgerRowSchema, type LedgerRow } from './ledger-row';

/**
 * How ledger rows sit in IndexedDB: one record per flushed batch ("chunk"),
 * keyed by its first row id, holding rows in id order. One transaction per
 * batch instead of one per row: measured 1.6 ms vs 44 ms for 256 rows
 * (tests/bench/ledger.bench.ts), and per-row transactions cannot keep up with
 * a 10 000 message/s flood. Since keys are row ids, the chunk holding a row
 * is the one with the greatest key at or below the row's id.
 */
export const LedgerChunkSchema = v.strictObject({ rows: v.array(LedgerRowSchema) });

interface ChunkInfo {
  key: string;
  size: number;
}

export type RowPatch = (stored: LedgerRow) => LedgerRow;

export class LedgerChunks {
  /** Sorted by key. */
  readonly #index: ChunkInfo[];
  #rowCount: number;

  private constructor(
    private readonly store: RecordStore,
    index: ChunkInfo[],
    readonly lastRowId: string | undefined
  ) {
    this.#index = index;
    this.#rowCount = index.reduce((sum, chunk) => sum + chunk.size, 0);
  }

  /** Reads the chunk index; a malformed chunk counts as empty (and is pruned first, being oldest or not). */
  static async open(store: RecordStore): Promise<LedgerChunks> {
    const keys = (await store.keys(Store.Ledger)).sort();
    const index: ChunkInfo[] = [];
    let lastRowId: string | undefined;
    for (const key of keys) {
      const rows = await readChunk(store, key);
      index.push({ key, size: rows.length });
      if (rows.length > 0) lastRowId = rows[rows.length - 1]!.id;
    }
    return new LedgerChunks(store, index, lastRowId);
  }

  get rowCount(): number {
    return this.#rowCount;
  }

  /** Saves new rows (in id order) as one chunk. */
  async append(rows: readonly LedgerRow[]): Promise<void> {
    if (rows.length === 0) return;
    const key = rows[0]!.id;
    await this.store.put(Store.Ledger, key, { rows });
    const at = this.#index.findIndex((chunk) => chunk.key > key);
    this.#index.splice(at === -1 ? this.#index.length : at, 0, { key, size: rows.length });
    this.#rowCount += rows.length;
  }

  /** Rewrites stored rows, one read and one write per chunk touched; returns the ids it could not find. */
  async update(patches: ReadonlyMap<string, RowPatch>): Promise<string[]> {
    const byChunk = new Map<string, string[]>();
    const missing: string[] = [];
    for (const id of patches.keys()) {
      const chunk = this.#chunkFor(id);
      if (chunk) byChunk.set(chunk.key, [...(byChunk.get(chunk.key) ?? []), id]);
      else missing.push(id);
    }
    for (const [key, ids] of byChunk) {
      const rows = await readChunk(this.store, key);
      const wanted = new Set(ids);
      const updated = rows.map((row) => {
        const patch = patches.get(row.id);
        if (!patch) return row;
        wanted.delete(row.id);
        return patch(row);
      });
      missing.push(...wanted);
      if (wanted.size < ids.length) await this.store.put(Store.Ledger, key, { rows: updated });
    }
    return missing;
  }

  /** Deletes whole chunks, oldest first, while at least `retention` rows remain; returns rows deleted. */
  async prune(retention: number): Promise<number> {
    let deleted = 0;
    while (this.#index.length > 0 && this.#rowCount - this.#index[0]!.size >= retention) {
      const oldest = this.#index[0]!;
      await this.store.delete(Store.Ledger, oldest.key);
      this.#index.shift();
      this.#rowCount -= oldest.size;
      deleted += oldest.size;
    }
    return deleted;
  }

  /** Every stored row, oldest first; malformed chunks are skipped. */
  async readAll(): Promise<LedgerRow[]> {
    const rows: LedgerRow[] = [];
    for (const { key } of this.#index) rows.push(...(await readChunk(this.store, key)));
    return rows;
  }

  async clear(): Promise<void> {
    await this.store.clear(Store.Ledger);
    this.#index.length = 0;
    this.#rowCount = 0;
  }

  #chunkFor(id: string): ChunkInfo | undefined {
    let low = 0;
    let high = this.#index.length - 1;
    let found: ChunkInfo | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const chunk = this.#index[middle]!;
      if (chunk.key <= id) {
        found = chunk;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
}

async function readChunk(store: RecordStore, key: string): Promise<LedgerRow[]> {
  const parsed = v.safeParse(LedgerChunkSchema, await store.get(Store.Ledger, key));
  return parsed.success ? parsed.output.rows : [];
}
