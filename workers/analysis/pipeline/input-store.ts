import * as v from 'valibot';
import type { ContentCache } from '../../../src/lib/storage/content-cache';
import { inputKey } from './analysis-stages';

/**
 * The dropped recording's bytes, waiting in the content cache for the worker
 * (which opens IndexedDB itself). Key: the SHA-256 of the bytes under the
 * input version, never the file name. The cache stores feature arrays byte
 * for byte, so the bytes ride in a Float32Array view padded to 4 bytes, with
 * the true length beside them in the result.
 */
export const INPUT_SOURCE_PREFIX = 'cache:';

const InputRecordSchema = v.strictObject({ byteLength: v.pipe(v.number(), v.integer(), v.minValue(0)) });

/** The recording is not where the job says (the cache was cleared or evicted it). */
export class InputMissingError extends Error {
  override name = 'InputMissingError';
  constructor() {
    super('The stored copy of this recording is gone (the cache was cleared or needed the space). Drop the file again to analyse it.');
  }
}

/** Stores the bytes; resolves with the job's `source` reference, or undefined when the cache refused them. */
export async function storeInput(cache: ContentCache, digest: string, bytes: Uint8Array): Promise<string | undefined> {
  const key = await inputKey(digest);
  // Most recordings fill their own buffer and are 4-byte sized (a 16-bit stereo WAV always is): view them
  // without a second copy. A view into a larger buffer is copied, since storage would clone the whole buffer.
  const aligned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.length % 4 === 0 && bytes.buffer instanceof ArrayBuffer;
  const padded = aligned ? bytes : new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  if (!aligned) padded.set(bytes);
  const view = new Float32Array(padded.buffer, padded.byteOffset, padded.length / 4);
  const written = await cache.put(key, { kind: 'stage', result: { byteLength: bytes.length }, features: { bytes: view } });
  return written.ok ? `${INPUT_SOURCE_PREFIX}${key}` : undefined;
}

export async function hasInput(cache: ContentCache, source: string): Promise<boolean> {
  const key = keyOf(source);
  return key !== undefined && (await cache.describe(key)).hit;
}

export async function loadInput(cache: ContentCache, source: string): Promise<Uint8Array> {
  const key = keyOf(source);
  if (key === undefined) throw new InputMissingError();
  const record = await cache.getResult(key, InputRecordSchema);
  const features = await cache.getFeatures(key);
  const bytes = features.hit ? features.value.bytes : undefined;
  if (!record.hit || !bytes || bytes.byteLength < record.value.byteLength) throw new InputMissingError();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, record.value.byteLength);
}

function keyOf(source: string): string | undefined {
  return source.startsWith(INPUT_SOURCE_PREFIX) ? source.slice(INPUT_SOURCE_PREFIX.length) : undefined;
}
