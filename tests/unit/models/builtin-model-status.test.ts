// The model manager's checks of the models the app ships: the served file's
// SHA-256 against the manifest, and whether Cache Storage holds it for offline use.
import { describe, expect, it } from 'vitest';
import { checkModelHash, formatBytes, offlineStatus } from '$lib/models/builtin-model-status';
import { sha256Hex } from '$workers/inference/model-integrity';
import { modelEntry } from '../../../models/model-manifest';

const bytes = new TextEncoder().encode('a small stand-in for a model file');
const entry = async () => ({ ...modelEntry('silero-vad-v5'), sizeBytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
const serving = (body: Uint8Array | null, status = 200): typeof fetch => async () => new Response(body === null ? null : new Blob([body.slice()]), { status });

describe('built-in model hash status', () => {
  it('is verified when the served bytes match the manifest', async () => {
    expect(await checkModelHash(await entry(), serving(bytes))).toEqual({ state: 'verified' });
  });
  it('is a mismatch, with the reason, when one byte differs', async () => {
    const tampered = bytes.slice();
    tampered[3] = (tampered[3] ?? 0) ^ 0xff;
    const status = await checkModelHash(await entry(), serving(tampered));
    expect(status).toMatchObject({ state: 'mismatch', message: expect.stringMatching(/silero-vad-v5\.onnx .*does not match the app's manifest/) });
  });
  it('is unavailable when the server has no such file', async () => {
    expect(await checkModelHash(await entry(), serving(null, 404))).toMatchObject({ state: 'unavailable', message: expect.stringContaining('HTTP 404') });
  });
});

describe('offline copy status', () => {
  const cacheHolding = (urls: string[]) => ({ match: async (url: string) => (urls.includes(url) ? new Response('x') : undefined) }) as unknown as CacheStorage;
  const controlled = { controller: {} } as unknown as ServiceWorkerContainer;
  it('is cached when Cache Storage has the file', async () => {
    expect(await offlineStatus('/models/a.onnx', cacheHolding(['/models/a.onnx']), controlled)).toBe('cached');
  });
  it('is not cached under a controlling worker that lacks it, installing before the worker controls the page', async () => {
    expect(await offlineStatus('/models/a.onnx', cacheHolding([]), controlled)).toBe('not-cached');
    expect(await offlineStatus('/models/a.onnx', cacheHolding([]), { controller: null } as unknown as ServiceWorkerContainer)).toBe('installing');
  });
  it('says when there is no service worker at all', async () => {
    expect(await offlineStatus('/models/a.onnx', undefined, undefined)).toBe('no-service-worker');
  });
  it('formats sizes as a musician reads them', () => {
    expect([formatBytes(427), formatBytes(869_492), formatBytes(2_327_524)]).toEqual(['427 B', '849 KB', '2.2 MB']);
  });
});
