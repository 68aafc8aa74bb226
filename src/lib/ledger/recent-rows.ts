import type { LedgerRow } from './ledger-row';

/**
 * The newest ledger rows in memory: a fixed-size ring with an id index, so
 * appending on the MIDI path is O(1) and allocates nothing but a map entry.
 * Tier-2 scorers read their history from here and the view's first paint.
 */
export class RecentRows {
  readonly #slots: Array<LedgerRow | undefined>;
  readonly #slotById = new Map<string, number>();
  #next = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`The recent-row ring needs at least one slot (got ${capacity})`);
    this.#slots = new Array<LedgerRow | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.#size;
  }

  push(row: LedgerRow): void {
    const evicted = this.#slots[this.#next];
    if (evicted) this.#slotById.delete(evicted.id);
    this.#slots[this.#next] = row;
    this.#slotById.set(row.id, this.#next);
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  get(id: string): LedgerRow | undefined {
    const slot = this.#slotById.get(id);
    return slot === undefined ? undefined : this.#slots[slot];
  }

  /** Swaps in an updated copy of a row still in the ring; false when it was evicted. */
  replace(row: LedgerRow): boolean {
    const slot = this.#slotById.get(row.id);
    if (slot === undefined) return false;
    this.#slots[slot] = row;
    return true;
  }

  /** Oldest first. */
  list(): LedgerRow[] {
    const rows: LedgerRow[] = [];
    for (let i = 0; i < this.#size; i++) {
      const row = this.#slots[(this.#next - this.#size + i + this.capacity) % this.capacity];
      if (row) rows.push(row);
    }
    return rows;
  }

  /** Up to `limit` rows older than `id`, oldest first (ids sort by creation). */
  before(id: string, limit: number): LedgerRow[] {
    const older = this.list().filter((row) => row.id < id);
    return older.slice(Math.max(0, older.length - limit));
  }

  clear(): void {
    this.#slots.fill(undefined);
    this.#slotById.clear();
    this.#next = 0;
    this.#size = 0;
  }
}
