import * as v from 'valibot';
import type { RecordStore, StorageMode } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import { JobRecordSchema, type JobRecord } from './job-record';

/** One read of one job: found, absent, or present but not a job we can trust. */
export type JobReadResult =
  | { type: 'found'; record: JobRecord }
  | { type: 'missing'; id: string }
  | { type: 'invalid'; id: string; reason: string };

export interface UnreadableJob {
  id: string;
  reason: string;
}

export interface JobList {
  jobs: JobRecord[];
  /** Rows that failed the schema: reported, never thrown, so one bad row cannot hide the others. */
  unreadable: UnreadableJob[];
}

/**
 * Job records in `Store.Jobs`. Every read is validated; a row whose key and
 * id disagree is as untrustworthy as one with a wrong field. Storage errors
 * (a failed transaction) propagate: callers decide whether they are transient.
 */
export class JobRepository {
  constructor(private readonly store: RecordStore) {}

  get mode(): StorageMode {
    return this.store.mode;
  }

  async read(id: string): Promise<JobReadResult> {
    const raw = await this.store.get(Store.Jobs, id);
    if (raw === undefined) return { type: 'missing', id };
    return parseRow(id, raw);
  }

  async put(record: JobRecord): Promise<void> {
    // Validated on the way in too: a bad write would surface later as an unreadable job, far from its cause.
    await this.store.put(Store.Jobs, record.id, v.parse(JobRecordSchema, record));
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(Store.Jobs, id);
  }

  /** Every job, oldest first. */
  async list(): Promise<JobList> {
    const jobs: JobRecord[] = [];
    const unreadable: UnreadableJob[] = [];
    for (const id of await this.store.keys(Store.Jobs)) {
      const result = parseRow(id, await this.store.get(Store.Jobs, id));
      if (result.type === 'found') jobs.push(result.record);
      else if (result.type === 'invalid') unreadable.push({ id, reason: result.reason });
    }
    jobs.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    return { jobs, unreadable };
  }
}

function parseRow(id: string, raw: unknown): JobReadResult {
  if (raw === undefined) return { type: 'missing', id };
  const parsed = v.safeParse(JobRecordSchema, raw);
  if (!parsed.success) return { type: 'invalid', id, reason: describeIssues(parsed.issues) };
  if (parsed.output.id !== id) return { type: 'invalid', id, reason: `the row is stored under "${id}" but names job "${parsed.output.id}"` };
  return { type: 'found', record: parsed.output };
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
