/**
 * The input side of decoding: a file arrives as a stream of byte chunks
 * (`Blob.stream()` in the worker, an array in tests), never as one buffer, so a
 * one-hour WAV is not held in memory twice. `ByteSource` lets a parser ask for
 * "at least n bytes" at the front without caring how the chunks fell.
 */

export type ByteChunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export class ByteSource {
  private readonly iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  private pending: Uint8Array = new Uint8Array(0);
  private ended = false;
  /** Bytes consumed so far (the file offset of the front of `pending`). */
  offset = 0;

  constructor(chunks: ByteChunks) {
    this.iterator = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  }

  /** True once the input has ended and every byte has been taken. */
  get done(): boolean {
    return this.ended && this.pending.length === 0;
  }

  /** The buffered front, holding at least `count` bytes unless the input ends first. Does not consume. */
  async peek(count: number): Promise<Uint8Array> {
    while (this.pending.length < count && !this.ended) {
      const next = await this.iterator.next();
      if (next.done === true) this.ended = true;
      else if (next.value.length > 0) this.pending = this.pending.length === 0 ? next.value : join(this.pending, next.value);
    }
    return this.pending;
  }

  /** Consumes `count` bytes (fewer if the input ends) and returns how many were skipped. */
  async skip(count: number): Promise<number> {
    let skipped = 0;
    while (skipped < count) {
      const front = await this.peek(1);
      if (front.length === 0) break;
      const take = Math.min(front.length, count - skipped);
      this.pending = front.subarray(take);
      this.offset += take;
      skipped += take;
    }
    return skipped;
  }

  /** The next piece of input as it arrived (at most `limit` bytes), or null at the end. */
  async next(limit: number): Promise<Uint8Array | null> {
    const front = await this.peek(1);
    if (front.length === 0) return null;
    const piece = front.subarray(0, Math.min(limit, front.length));
    this.pending = front.subarray(piece.length);
    this.offset += piece.length;
    return piece;
  }
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
