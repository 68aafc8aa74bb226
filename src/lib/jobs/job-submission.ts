import * as v from 'valibot';
import { JobRequestError, type JobKind } from './job-kind';
import { initialStages } from './job-progress';
import { JobStatus, JobSubmissionSchema, type JobRecord } from './job-record';

/**
 * Turns what a caller asked for (unknown until the schema says otherwise)
 * into the queued record of a new job, or refuses in words.
 */
export function queuedRecordFor(submission: unknown, kinds: ReadonlyMap<string, JobKind>, id: string, now: number): JobRecord {
  const parsed = v.safeParse(JobSubmissionSchema, submission);
  if (!parsed.success) {
    const issues = parsed.issues.map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw new JobRequestError(`This job request is not valid: ${issues.join('; ')}`);
  }
  const request = parsed.output;
  const kind = kinds.get(request.kind);
  if (!kind) throw new JobRequestError(`Bandroom cannot run "${request.kind}" jobs.`);
  return {
    id,
    kind: kind.kind,
    ...(request.title === undefined ? {} : { title: request.title }),
    input: request.input,
    options: request.options,
    status: JobStatus.Queued,
    stages: initialStages(kind.stages),
    percent: 0,
    attempts: 1,
    fallbacks: [],
    createdAt: now,
    updatedAt: now
  };
}
