/**
 * Content-addressed cache keys (DESIGN.md §4.4). A key is
 *
 *   SHA-256( "bandroom-cache-key/1" descriptor of
 *            [SHA-256(input bytes), pipeline version, sorted model versions, stage] )
 *
 * so the same bytes analysed by the same code and models land on the same
 * entry, whatever the file was called, and any version bump lands elsewhere.
 * Hashing the input digest rather than the raw bytes again is what lets a job
 * hash a 40 MB file once and derive one key per stage for free.
 *
 * Nothing here sees a file name or path: only bytes and version strings.
 */

/** A SHA-256 digest or cache key: 64 lowercase hex characters. */
export const CONTENT_KEY_PATTERN = /^[0-9a-f]{64}$/;

export interface CacheKeyParts {
  /** The input file's SHA-256 (hex), from `digestBytes`. Also the job record's input digest. */
  readonly inputDigest: string;
  /** The analysis pipeline's version: bump it whenever any stage's output changes. */
  readonly pipelineVersion: string;
  /** Model name → version (or weights sha256). Order does not matter. */
  readonly modelVersions: Readonly<Record<string, string>>;
  /** For a per-stage entry ("stems", "features"...); absent for the whole analysis. */
  readonly stage?: string;
}

const KEY_FORMAT = 'bandroom-cache-key/1';
const MAX_VERSION_LENGTH = 200;

/**
 * SHA-256 of a file's bytes, as hex. Memory: WebCrypto has no incremental
 * digest, so the whole input is hashed in one call. A view or ArrayBuffer is
 * passed as is (no copy on our side; the browser may copy it once into its
 * crypto thread). A Blob/File is read into memory once first, so hashing a
 * 40 MB file briefly holds ~40 MB (plus the browser's copy, ~80 MB at peak);
 * pass the ArrayBuffer the decoder already holds to avoid the extra read.
 * SharedArrayBuffer views are copied, because WebCrypto refuses shared memory.
 */
export async function digestBytes(input: ArrayBuffer | ArrayBufferView | Blob): Promise<string> {
  const bytes = input instanceof Blob ? new Uint8Array(await input.arrayBuffer()) : asUnsharedBytes(input);
  return toHex(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * The cache key for one input under one pipeline and model set (and stage).
 * Throws RangeError for a malformed digest or an empty/overlong version: a
 * programming error that would otherwise alias unrelated entries.
 */
export async function contentKey(parts: CacheKeyParts): Promise<string> {
  if (!CONTENT_KEY_PATTERN.test(parts.inputDigest)) throw new RangeError('inputDigest must be a lowercase hex SHA-256 (use digestBytes)');
  checkLabel('pipelineVersion', parts.pipelineVersion);
  const models = Object.entries(parts.modelVersions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, version] of models) {
    checkLabel('model name', name);
    checkLabel(`version of model "${name}"`, version);
  }
  if (parts.stage !== undefined) checkLabel('stage', parts.stage);
  // JSON of an array of strings is unambiguous: no separator can be smuggled
  // in through a version string to make two different inputs collide.
  const descriptor = JSON.stringify([KEY_FORMAT, parts.inputDigest, parts.pipelineVersion, models, parts.stage ?? null]);
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(descriptor)));
}

/** Hashes the input and derives its key in one go (for a single-stage caller). */
export async function contentKeyForBytes(input: ArrayBuffer | ArrayBufferView | Blob, versions: Omit<CacheKeyParts, 'inputDigest'>): Promise<string> {
  return contentKey({ ...versions, inputDigest: await digestBytes(input) });
}

function asUnsharedBytes(input: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  const view = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return isArrayBufferBacked(view) ? view : view.slice();
}

function isArrayBufferBacked(view: Uint8Array): view is Uint8Array<ArrayBuffer> {
  return view.buffer instanceof ArrayBuffer;
}

function checkLabel(what: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VERSION_LENGTH) {
    throw new RangeError(`A cache key's ${what} must be a non-empty string of at most ${MAX_VERSION_LENGTH} characters`);
  }
}

function toHex(digest: ArrayBuffer): string {
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
