import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTENT_KEY_PATTERN, contentKey, contentKeyForBytes, digestBytes, type CacheKeyParts } from '$lib/storage/content-key';

const versions = { pipelineVersion: 'analysis-3', modelVersions: { 'basic-pitch': '1.0.1', 'silero-vad': 'v5' } };
const song = new TextEncoder().encode('RIFF....WAVEfmt a rehearsal recording');

describe('content keys', () => {
  it('gives the same key for the same bytes and versions', async () => {
    const first = await contentKeyForBytes(song, versions);
    const again = await contentKeyForBytes(new Uint8Array(song), versions);
    expect(first).toMatch(CONTENT_KEY_PATTERN);
    expect(again).toBe(first);
  });

  it('hashes the bytes, whatever the file is called (a renamed Blob/File gives the same key)', async () => {
    const asFile = new File([song], 'Take 3 - final.wav', { type: 'audio/wav' });
    const asRenamed = new File([song], 'other name.wav');
    expect(await contentKeyForBytes(asFile, versions)).toBe(await contentKeyForBytes(asRenamed, versions));
  });

  it('hashes exactly the viewed bytes of a subarray, not its whole buffer', async () => {
    const padded = new Uint8Array(song.length + 8);
    padded.set(song, 4);
    expect(await digestBytes(padded.subarray(4, 4 + song.length))).toBe(await digestBytes(song));
  });

  it('matches the published SHA-256 of "abc"', async () => {
    expect(await digestBytes(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('accepts views on a SharedArrayBuffer (WebCrypto refuses shared memory, so it copies)', async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(song.length));
    shared.set(song);
    expect(await digestBytes(shared)).toBe(await digestBytes(song));
  });

  it('changes the key when the pipeline version changes', async () => {
    const inputDigest = await digestBytes(song);
    expect(await contentKey({ ...versions, inputDigest })).not.toBe(await contentKey({ ...versions, inputDigest, pipelineVersion: 'analysis-4' }));
  });

  it('changes the key when any model version changes, but not when models are listed in another order', async () => {
    const inputDigest = await digestBytes(song);
    const base = await contentKey({ ...versions, inputDigest });
    const bumped = await contentKey({ ...versions, inputDigest, modelVersions: { ...versions.modelVersions, 'silero-vad': 'v6' } });
    const reordered = await contentKey({ ...versions, inputDigest, modelVersions: { 'silero-vad': 'v5', 'basic-pitch': '1.0.1' } });
    expect(bumped).not.toBe(base);
    expect(reordered).toBe(base);
  });

  it('gives each stage its own key, distinct from the whole analysis', async () => {
    const inputDigest = await digestBytes(song);
    const keys = await Promise.all([undefined, 'stems', 'features'].map((stage) => contentKey({ ...versions, inputDigest, ...(stage ? { stage } : {}) })));
    expect(new Set(keys).size).toBe(3);
  });

  it('refuses a digest that is not a SHA-256 and empty versions', async () => {
    await expect(contentKey({ ...versions, inputDigest: 'song.wav' })).rejects.toThrow(RangeError);
    await expect(contentKey({ ...versions, inputDigest: 'a'.repeat(64), pipelineVersion: '' })).rejects.toThrow(RangeError);
  });

  it('never lets version strings collide by smuggling separators (property)', async () => {
    const inputDigest = await digestBytes(song);
    const label = fc.string({ minLength: 1, maxLength: 12 });
    const parts = fc.record({ pipelineVersion: label, model: label, version: label, stage: fc.option(label, { nil: undefined }) });
    await fc.assert(
      fc.asyncProperty(parts, parts, async (a, b) => {
        const toParts = (p: typeof a): CacheKeyParts => ({
          inputDigest,
          pipelineVersion: p.pipelineVersion,
          modelVersions: { [p.model]: p.version },
          ...(p.stage === undefined ? {} : { stage: p.stage })
        });
        const same = a.pipelineVersion === b.pipelineVersion && a.model === b.model && a.version === b.version && a.stage === b.stage;
        expect((await contentKey(toParts(a))) === (await contentKey(toParts(b)))).toBe(same);
      }),
      { numRuns: 200 }
    );
  });
});
