import { describe, expect, it } from 'vitest';
import type { JobEventListener } from '$lib/jobs/job-events';
import type { JobRecord } from '$lib/jobs/job-record';
import { followNewestOnRecord, subscribeNewestJob } from '$lib/jobs/newest-job';

const job = (id: string, kind: string, createdAt: number) => ({ id, kind, createdAt }) as unknown as JobRecord;

function harness(onRecord: JobRecord[] = []) {
  let listener: JobEventListener = () => undefined;
  const source = {
    subscribe: (next: JobEventListener) => ((listener = next), () => (listener = () => undefined)),
    list: async () => ({ jobs: onRecord })
  };
  const seen = { followed: undefined as JobRecord | undefined, others: [] as string[] };
  const follower = {
    current: () => seen.followed,
    follow: (record: JobRecord) => (seen.followed = record),
    cleared: () => (seen.followed = undefined),
    other: (record: JobRecord) => seen.others.push(record.id)
  };
  const emit = (record: JobRecord) => listener({ type: 'updated', jobId: record.id, record }, 'this-tab');
  const remove = (jobId: string) => listener({ type: 'removed', jobId }, 'this-tab');
  return { source, seen, follower, emit, remove };
}

describe('following the newest job of a kind', () => {
  it('switches to newer jobs of its kind, ignores older ones, hands other kinds on, and lets go of a removed job', () => {
    const { source, seen, follower, emit, remove } = harness();
    const unsubscribe = subscribeNewestJob(source, 'analysis', follower);
    emit(job('a', 'analysis', 10));
    emit(job('b', 'analysis', 20));
    emit(job('a', 'analysis', 10));
    expect(seen.followed?.id).toBe('b');
    emit(job('d', 'diarization', 30));
    expect(seen.others).toEqual(['d']);
    remove('a');
    expect(seen.followed?.id).toBe('b');
    remove('b');
    expect(seen.followed).toBeUndefined();
    unsubscribe();
    emit(job('c', 'analysis', 40));
    expect(seen.followed).toBeUndefined();
  });

  it('picks the newest job of its kind on record unless a newer one is already followed', async () => {
    const { source, seen, follower } = harness([job('old', 'analysis', 1), job('new', 'analysis', 5), job('x', 'diarization', 9)]);
    await followNewestOnRecord(source, 'analysis', follower);
    expect(seen.followed?.id).toBe('new');
    seen.followed = job('newer', 'analysis', 7);
    await followNewestOnRecord(source, 'analysis', follower);
    expect(seen.followed.id).toBe('newer');
  });
});
