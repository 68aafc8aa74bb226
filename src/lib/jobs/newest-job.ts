import type { JobEventListener } from './job-events';
import type { JobRecord } from './job-record';

/**
 * What a panel that shows "the newest job of my kind" (Analysis, Who talks
 * when) does with the orchestrator: follow a job as it changes, switch to a
 * newer one of the kind, drop it when it is removed. An older job finishing
 * matters only while nothing newer is followed.
 */
export interface NewestJobFollower {
  current(): JobRecord | undefined;
  follow(record: JobRecord): void;
  /** The followed job was removed. */
  cleared(): void;
  /** A job of another kind changed (for panels that read what other jobs made). */
  other?(record: JobRecord): void;
}

interface JobSource {
  subscribe(listener: JobEventListener): () => void;
  list(): Promise<{ jobs: JobRecord[] }>;
}

/** Keeps `follower` on the newest job of `kind` as jobs change; returns the unsubscribe. */
export function subscribeNewestJob(source: JobSource, kind: string, follower: NewestJobFollower): () => void {
  return source.subscribe((event) => {
    if (event.type === 'removed') {
      if (event.jobId === follower.current()?.id) follower.cleared();
      return;
    }
    const record = event.record;
    if (record.kind !== kind) {
      follower.other?.(record);
      return;
    }
    const current = follower.current();
    if (!current || record.id === current.id || record.createdAt >= current.createdAt) follower.follow(record);
  });
}

/** Follows the newest job of `kind` on record, when it is newer than the one followed. */
export async function followNewestOnRecord(source: JobSource, kind: string, follower: NewestJobFollower): Promise<void> {
  const { jobs } = await source.list();
  const newest = jobs.filter((job) => job.kind === kind).sort((a, b) => b.createdAt - a.createdAt)[0];
  const current = follower.current();
  if (newest && (!current || newest.createdAt > current.createdAt)) follower.follow(newest);
}
