/**
 * Ledger row ids: `<time><counter><tag>`, all base36 and fixed width, so plain
 * string order is creation order (IndexedDB keys sort the same way, which is
 * what retention pruning relies on).
 *
 * - time: Date.now() in ms, 9 digits (enough until the year 5188). Wall clock,
 *   not performance.now(), because ids must keep increasing across reloads.
 * - counter: 4 digits, 1.6 million ids per millisecond before we borrow the
 *   next millisecond; it also keeps ids increasing when the clock steps back.
 * - tag: 4 random digits per page load, so two tabs writing the same store in
 *   the same millisecond never collide.
 */
const TIME_DIGITS = 9;
const COUNTER_DIGITS = 4;
const TAG_DIGITS = 4;
const COUNTER_LIMIT = 36 ** COUNTER_DIGITS;
export const ROW_ID_LENGTH = TIME_DIGITS + COUNTER_DIGITS + TAG_DIGITS;

export class RowIdSource {
  #lastTime = -1;
  #counter = 0;
  #timePrefix = '';
  readonly #tag: string;

  constructor(
    private readonly now: () => number = Date.now,
    tag: string = randomTag()
  ) {
    if (!/^[0-9a-z]{4}$/.test(tag)) throw new RangeError(`A row id tag is 4 base36 digits (got "${tag}")`);
    this.#tag = tag;
  }

  next(): string {
    const time = Math.floor(this.now());
    if (time > this.#lastTime) {
      this.#setTime(time);
      this.#counter = 0;
    } else if (++this.#counter >= COUNTER_LIMIT) {
      this.#setTime(this.#lastTime + 1);
      this.#counter = 0;
    }
    return this.#timePrefix + this.#counter.toString(36).padStart(COUNTER_DIGITS, '0') + this.#tag;
  }

  /** After a reload, never issue an id at or below one already stored (the clock may have stepped back). */
  observe(id: string): void {
    if (id.length !== ROW_ID_LENGTH) return;
    const time = parseInt(id.slice(0, TIME_DIGITS), 36);
    const counter = parseInt(id.slice(TIME_DIGITS, TIME_DIGITS + COUNTER_DIGITS), 36);
    if (!Number.isFinite(time) || !Number.isFinite(counter)) return;
    if (time > this.#lastTime || (time === this.#lastTime && counter >= this.#counter)) {
      this.#setTime(time);
      this.#counter = counter;
    }
  }

  #setTime(time: number): void {
    this.#lastTime = time;
    this.#timePrefix = time.toString(36).padStart(TIME_DIGITS, '0');
  }
}

function randomTag(): string {
  const bytes = new Uint32Array(1);
  crypto.getRandomValues(bytes);
  return (bytes[0]! % 36 ** TAG_DIGITS).toString(36).padStart(TAG_DIGITS, '0');
}
