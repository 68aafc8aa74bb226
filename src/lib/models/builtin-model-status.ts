/**
 * What the model manager says about each model the app ships: does the file
 * our origin serves match the manifest's SHA-256 (the same check the
 * inference runtime makes before it creates a session), and is it in the
 * service worker's precache so analysis works offline.
 */
import type { ModelEntry } from '../../../models/model-manifest';
import { verifyModelBytes } from '$workers/inference/model-integrity';

export type HashStatus = { state: 'unchecked' } | { state: 'checking' } | { state: 'verified' } | { state: 'mismatch'; message: string } | { state: 'unavailable'; message: string };

export type OfflineStatus = 'unknown' | 'cached' | 'not-cached' | 'installing' | 'no-service-worker';

export const modelUrl = (entry: Pick<ModelEntry, 'file'>): string => `/models/${entry.file}`;

/** Fetches the model from our origin and checks size and SHA-256 against the manifest. */
export async function checkModelHash(entry: ModelEntry, fetcher: typeof fetch = fetch): Promise<HashStatus> {
  let bytes: Uint8Array;
  try {
    const response = await fetcher(modelUrl(entry));
    if (!response.ok) return { state: 'unavailable', message: `The server answered HTTP ${response.status} for ${entry.file}.` };
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return { state: 'unavailable', message: `Could not fetch ${entry.file} (${error instanceof Error ? error.message : String(error)}).` };
  }
  try {
    await verifyModelBytes(bytes, entry);
    return { state: 'verified' };
  } catch (error) {
    return { state: 'mismatch', message: error instanceof Error ? error.message : String(error) };
  }
}

/** Whether `url` is in Cache Storage (workbox precaches with a revision query, hence ignoreSearch). */
export async function offlineStatus(url: string, cacheStorage: CacheStorage | undefined = globalThis.caches, serviceWorker = globalThis.navigator?.serviceWorker): Promise<OfflineStatus> {
  if (!cacheStorage || !serviceWorker) return 'no-service-worker';
  try {
    if (await cacheStorage.match(url, { ignoreSearch: true })) return 'cached';
    // On the first visit the worker is still precaching: the manager checks again once it is ready.
    return serviceWorker.controller ? 'not-cached' : 'installing';
  } catch {
    return 'unknown';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
