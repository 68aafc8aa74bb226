// Checks model bytes against the manifest before a session is made from them:
// a truncated download, a stale cache entry or a swapped file must never run.
import type { ModelEntry } from '../../models/model-manifest.ts';

export class ModelIntegrityError extends Error {
  override readonly name = 'ModelIntegrityError';
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Copy into a plain ArrayBuffer: subtle.digest refuses SharedArrayBuffer views.
  const digest = await crypto.subtle.digest('SHA-256', bytes.slice().buffer);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Resolves when `bytes` are exactly the manifest's file; otherwise throws a message a user can act on. */
export async function verifyModelBytes(bytes: Uint8Array, entry: ModelEntry): Promise<void> {
  if (bytes.byteLength !== entry.sizeBytes) {
    throw new ModelIntegrityError(
      `The model file ${entry.file} (${entry.title}) is ${bytes.byteLength} bytes but should be ${entry.sizeBytes}. ` +
        'It may be truncated or out of date: reload the app while online to fetch it again.'
    );
  }
  const digest = await sha256Hex(bytes);
  if (digest !== entry.sha256) {
    throw new ModelIntegrityError(
      `The model file ${entry.file} (${entry.title}) does not match the app's manifest ` +
        `(SHA-256 ${digest.slice(0, 12)}…, expected ${entry.sha256.slice(0, 12)}…), so it was not loaded. ` +
        'Reload the app while online to fetch the right file.'
    );
  }
}
