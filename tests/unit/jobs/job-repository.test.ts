import { afterEach, describe, expect, it } from 'vitest';
import { JobRepository } from '$lib/jobs/job-repository';
import { JobStatus, type JobRecord } from '$lib/jobs/job-record';
import { openIndexedDbStore } from '$lib/storage/indexeddb-store';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import { useFreshIndexedDb } from '../storage/fresh-indexeddb';

useFreshIndexedDb();

function record(id: string, createdAt: number): JobRecord {
  return {
    id,
    kind: 'analysis',
    input: { digest: 'd'.repeat(64), source: 'bytes:1' },
    options: { model: 'dsp' },
    status: JobStatus.Queued,
    stages: [{ id: 'decode', label: 'Decoding', state: 'pending', percent: 0 }],
    percent: 0,
    attempts: 1,
    fallbacks: [],
    createdAt,
    updatedAt: createdAt
  };
}

describe('job repository (IndexedDB)', () => {
  let store: RecordStore;
  afterEach(() => store?.close());

  async function repository(): Promise<JobRepository> {
    store = await openIndexedDbStore('bandroom-jobs-test');
    return new JobRepository(store);
  }

  it('reads back a job it saved', async () => {
    const jobs = await repository();
    await jobs.put(record('job-1', 10));
    expect(await jobs.read('job-1')).toEqual({ type: 'found', record: record('job-1', 10) });
  });

  it('says a job that was never saved is missing', async () => {
    expect(await (await repository()).read('nope')).toEqual({ type: 'missing', id: 'nope' });
  });

  it('lists jobs oldest first', async () => {
    const jobs = await repository();
    await jobs.put(record('z-late', 30));
    await jobs.put(record('a-early', 10));
    expect((await jobs.list()).jobs.map((job) => job.id)).toEqual(['a-early', 'z-late']);
  });

  it('reports a malformed row as unreadable without hiding the good ones', async () => {
    const jobs = await repository();
    await jobs.put(record('good', 10));
    await store.put(Store.Jobs, 'bad', { ...record('bad', 20), status: 'exploded' });
    const list = await jobs.list();
    expect(list.jobs.map((job) => job.id)).toEqual(['good']);
    expect(list.unreadable).toEqual([{ id: 'bad', reason: expect.stringContaining('status') }]);
  });

  it('treats a row with unknown fields as unreadable', async () => {
    const jobs = await repository();
    await store.put(Store.Jobs, 'extra', { ...record('extra', 10), fileName: '/home/sam/rehearsal.wav' });
    expect(await jobs.read('extra')).toMatchObject({ type: 'invalid', id: 'extra' });
  });

  it('treats a row stored under another job id as unreadable', async () => {
    const jobs = await repository();
    await store.put(Store.Jobs, 'job-2', record('job-1', 10));
    expect(await jobs.read('job-2')).toMatchObject({ type: 'invalid', reason: expect.stringContaining('job-1') });
  });

  it('refuses to save an invalid record', async () => {
    const jobs = await repository();
    await expect(jobs.put({ ...record('job-1', 10), percent: 140 })).rejects.toThrow();
    expect(await jobs.read('job-1')).toEqual({ type: 'missing', id: 'job-1' });
  });

  it('deletes a job', async () => {
    const jobs = await repository();
    await jobs.put(record('job-1', 10));
    await jobs.delete('job-1');
    expect((await jobs.list()).jobs).toEqual([]);
  });
});
