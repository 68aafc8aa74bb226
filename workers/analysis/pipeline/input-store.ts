import * as v from 'valibot';
import type { ContentCache } from '../../../src/lib/storage/content-cache';
import { contentKey } from '../../../src/lib/storage/content-key';
import type { ByteChunks } from '../decode/byte-source';
import { inputKey } from './analysis-stages';

/**
 * The dropped recording's bytes, waiting in the content cache for the worker
 * (which opens IndexedDB itself). Key: the SHA-256 of the bytes under the
 * input version, never the file name. The bytes lie in 32 MB pieces, each its
 * own cache entry, under a small head entry written last (its presence means
 * every piece was stored): the worker streams them piece by piece into the
 * decoder, so an hour of WAV (635 MB) is never whole in the worker, and never
 * twice while storage hands it over. The cache stores feature arrays byte for
 * byte, so each piece rides in a Float32Array padded to 4 bytes, with the head
 * holding the true length.
 */
export const INPUT_SOURCE_PREFIX = 'cache:';
export const INPUT_PIECE_BYTES = 32 * 1024 * 1024;

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const InputHeadSchema = v.strictObject({ byteLength: Count, pieces: Count });

/** The recording is not where the job says (the cache was cleared or evicted it). */
export class InputMissingError extends Error {
  override name = 'InputMissingError';
  constructor() {
    super('The stored copy of this recording is gone (the cache was cleared or needed the space). Drop the file again to analyse it.');
  }
}

/** The stored recording as the decoder reads it: its length, and its bytes in pieces, read as they are pulled. */
export interface InputStream {
  byteLength: number;
  pieces: ByteChunks;
}

function pieceKey(headKey: string, index: number): Promise<string> {
  return contentKey({ inputDigest: headKey, pipelineVersion: 'input-piece/1', modelVersions: {}, stage: `piece-${index}` });
}

/** Stores the bytes; resolves with the job's `source` reference, or undefined when the cache refused them. */
export async function storeInput(cache: ContentCache, digest: string, bytes: Uint8Array): Promise<string | undefined> {
  const key = await inputKey(digest);
  const count = Math.ceil(bytes.length / INPUT_PIECE_BYTES);
  for (let index = 0; index < count; index++) {
    const piece = bytes.subarray(index * INPUT_PIECE_BYTES, (index + 1) * INPUT_PIECE_BYTES);
    // A copy sized to the piece: storage would clone a view's whole underlying buffer.
    const padded = new Uint8Array(Math.ceil(piece.length / 4) * 4);
    padded.set(piece);
    const written = await cache.put(await pieceKey(key, index), { kind: 'stage', result: { byteLength: piece.length }, features: { bytes: new Float32Array(padded.buffer) } });
    if (!written.ok) return undefined;
  }
  // A budget smaller than the recording makes later pieces evict earlier ones: check before vouching for them.
  for (let index = 0; index < count; index++) if (!(await cache.describe(await pieceKey(key, index))).hit) return undefined;
  const head = await cache.put(key, { kind: 'stage', result: { byteLength: bytes.length, pieces: count } });
  return head.ok ? `${INPUT_SOURCE_PREFIX}${key}` : undefined;
}

export async function hasInput(cache: ContentCache, source: string): Promise<boolean> {
  const key = keyOf(source);
  return key !== undefined && (await cache.describe(key)).hit;
}

/** Opens the stored recording; rejects with InputMissingError when it is gone (and a piece read later can too). */
export async function openInput(cache: ContentCache, source: string): Promise<InputStream> {
  const key = keyOf(source);
  if (key === undefined) throw new InputMissingError();
  const head = await cache.getResult(key, InputHeadSchema);
  if (!head.hit) throw new InputMissingError();
  const { byteLength, pieces } = head.value;
  async function* read(): AsyncGenerator<Uint8Array> {
    for (let index = 0; index < pieces; index++) {
      const length = Math.min(INPUT_PIECE_BYTES, byteLength - index * INPUT_PIECE_BYTES);
      const found = await cache.getFeatures(await pieceKey(key!, index));
      const bytes = found.hit ? found.value.bytes : undefined;
      if (!bytes || bytes.byteLength < length) throw new InputMissingError();
      yield new Uint8Array(bytes.buffer, bytes.byteOffset, length);
    }
  }
  return { byteLength, pieces: read() };
}

/** The whole recording in one array (tests and small files; the pipeline streams with openInput). */
export async function loadInput(cache: ContentCache, source: string): Promise<Uint8Array> {
  const { byteLength, pieces } = await openInput(cache, source);
  const out = new Uint8Array(byteLength);
  let at = 0;
  for await (const piece of pieces as AsyncIterable<Uint8Array>) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

function keyOf(source: string): string | undefined {
  return source.startsWith(INPUT_SOURCE_PREFIX) ? source.slice(INPUT_SOURCE_PREFIX.length) : undefined;
}
