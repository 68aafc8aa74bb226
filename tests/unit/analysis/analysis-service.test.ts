import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisService, MAX_RECORDING_BYTES } from '$lib/analysis/analysis-service';
import { AppLog } from '$lib/log/app-log';
import { openIndexedDbStore } from '$lib/storage/indexeddb-store';
import { digestBytes } from '$lib/storage/content-key';
import { analysisKey, inputKey } from '$workers/analysis/pipeline/analysis-stages';
import { useFreshIndexedDb } from '../storage/fresh-indexeddb';

useFreshIndexedDb();

/** A File whose size is all that is read (no gigabyte is allocated to test the limit). */
function fileOfSize(name: string, size: number): File {
  return { name, size, arrayBuffer: () => Promise.reject(new Error('must not be read')) } as unknown as File;
}

const services: AnalysisService[] = [];
async function startService(): Promise<AnalysisService> {
  const service = await AnalysisService.start(await openIndexedDbStore('bandroom-service-test'), new AppLog());
  services.push(service);
  return service;
}

afterEach(async () => {
  for (const service of services.splice(0)) await service.orchestrator.dispose();
});

describe('dropping a recording', () => {
  it('refuses an empty file and one over 1 GB before reading it, in words, and starts no job', async () => {
    const service = await startService();
    await expect(service.analyseFile(fileOfSize('empty.wav', 0))).rejects.toThrow('"empty.wav" is empty (0 bytes)');
    await expect(service.analyseFile(fileOfSize('two-hours.wav', MAX_RECORDING_BYTES + 1))).rejects.toThrow('"two-hours.wav" is larger than 1 GB; split the rehearsal into parts or export it as MP3/FLAC');
    expect((await service.orchestrator.list()).jobs).toEqual([]);
  });

  it('does not store the bytes again when this recording was already analysed (a cache hit stays fast)', async () => {
    const service = await startService();
    const bytes = new TextEncoder().encode('RIFF....WAVE pretend recording bytes');
    const digest = await digestBytes(bytes);
    expect((await service.cache.put(await analysisKey(digest), { kind: 'analysis', result: { any: 'result' } })).ok).toBe(true);
    const job = await service.analyseFile(new File([bytes], 'take.wav'));
    expect(job.input.digest).toBe(digest);
    expect((await service.cache.describe(await inputKey(digest))).hit).toBe(false);
  });

  it('stores the bytes under their digest, never the file name, for a new recording', async () => {
    const service = await startService();
    const bytes = new TextEncoder().encode('RIFF....WAVE another pretend recording');
    const job = await service.analyseFile(new File([bytes], 'Sam – secret demo.wav'));
    const stored = await service.cache.describe(await inputKey(job.input.digest));
    expect(stored.hit).toBe(true);
    expect(job.input.source).not.toContain('secret');
  });
});
