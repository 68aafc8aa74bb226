import { describe, expect, it } from 'vitest';
import { hasInput, INPUT_PIECE_BYTES, InputMissingError, loadInput, openInput, storeInput } from '$workers/analysis/pipeline/input-store';
import { ContentCache } from '$lib/storage/content-cache';
import { digestBytes } from '$lib/storage/content-key';
import { createMemoryStore } from '$lib/storage/memory-store';
import { Store } from '$lib/storage/schema';

/** Bytes a little over one piece, of an odd length, with a pattern that shows any misplaced byte. */
function recording(length = INPUT_PIECE_BYTES + 1_000_003): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + (i >>> 16)) & 0xff;
  return bytes;
}

describe('the recording waiting in the cache', { timeout: 30_000 }, () => {
  it('comes back byte for byte, in pieces of at most 32 MB that the decoder can pull one at a time', async () => {
    const cache = new ContentCache(createMemoryStore());
    const bytes = recording();
    const digest = await digestBytes(bytes);
    const source = await storeInput(cache, digest, bytes);
    expect(source).toBeDefined();
    expect(await hasInput(cache, source!)).toBe(true);
    const stream = await openInput(cache, source!);
    expect(stream.byteLength).toBe(bytes.length);
    const sizes: number[] = [];
    for await (const piece of stream.pieces as AsyncIterable<Uint8Array>) sizes.push(piece.length);
    expect(sizes).toEqual([INPUT_PIECE_BYTES, 1_000_003]);
    // Compared by hash: a deep equality of 34 MB would be the slowest part of the suite.
    expect(await digestBytes(await loadInput(cache, source!))).toBe(digest);
  });

  it('says the recording is gone when a piece was evicted, rather than decode a hole', async () => {
    const store = createMemoryStore();
    const cache = new ContentCache(store);
    const bytes = recording();
    const source = (await storeInput(cache, await digestBytes(bytes), bytes))!;
    const pieceIndexes = (await store.keys(Store.Cache)).filter((key) => key.startsWith('idx:'));
    // Drop one entry that is not the head: a piece.
    const headKey = source.slice('cache:'.length);
    await cache.delete(pieceIndexes.map((key) => key.slice(4)).find((key) => key !== headKey)!);
    await expect(loadInput(cache, source)).rejects.toBeInstanceOf(InputMissingError);
  });

  it('is refused, not half stored, when the cache budget is smaller than the recording', async () => {
    const cache = new ContentCache(createMemoryStore(), { budgetBytes: INPUT_PIECE_BYTES + 1024, estimate: async () => undefined });
    const bytes = recording();
    expect(await storeInput(cache, await digestBytes(bytes), bytes)).toBeUndefined();
  });

  it('stores an empty recording as an empty one (the decoder then says so)', async () => {
    const cache = new ContentCache(createMemoryStore());
    const source = (await storeInput(cache, await digestBytes(new Uint8Array(0)), new Uint8Array(0)))!;
    expect((await loadInput(cache, source)).length).toBe(0);
  });
});
