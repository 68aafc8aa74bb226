import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JOB_STATUSES, JobStatus, type JobRecord } from '$lib/jobs/job-record';
import { canTransition, IllegalTransitionError, transition, type Transition } from '$lib/jobs/job-state-machine';

const ERROR = { code: 'boom', message: 'It broke.', transient: false };

function queuedRecord(): JobRecord {
  return {
    id: 'job-1',
    kind: 'analysis',
    input: { digest: 'c'.repeat(64), source: 'bytes:1' },
    options: {},
    status: JobStatus.Queued,
    stages: [{ id: 'decode', label: 'Decoding', state: 'pending', percent: 0 }],
    percent: 0,
    attempts: 1,
    fallbacks: [],
    createdAt: 1000,
    updatedAt: 1000
  };
}

function moveTo(to: JobStatus): Transition {
  switch (to) {
    case JobStatus.Completed:
      return { to, resultRef: 'cache:x' };
    case JobStatus.CompletedWithFallback:
      return { to, resultRef: 'cache:x', fallbacks: [{ stage: 'decode', reason: 'slow' }] };
    case JobStatus.Failed:
    case JobStatus.Interrupted:
      return { to, error: ERROR };
    default:
      return { to };
  }
}

const LEGAL: ReadonlyArray<[JobStatus, JobStatus]> = [
  ['queued', 'running'],
  ['queued', 'cancelled'],
  ['running', 'completed'],
  ['running', 'completed-with-fallback'],
  ['running', 'failed'],
  ['running', 'cancelled'],
  ['running', 'interrupted'],
  ['failed', 'queued'],
  ['interrupted', 'queued']
];

describe('job state machine', () => {
  it('accepts exactly the transitions of DESIGN §4.3', () => {
    for (const from of JOB_STATUSES) {
      for (const to of JOB_STATUSES) {
        const legal = LEGAL.some(([a, b]) => a === from && b === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(legal);
      }
    }
  });

  it('never accepts an illegal move, whatever sequence of moves is attempted', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...JOB_STATUSES), { maxLength: 40 }), (targets) => {
        let record = queuedRecord();
        let clock = 1000;
        for (const to of targets) {
          clock += 1;
          const before = record;
          try {
            record = transition(record, moveTo(to), clock);
          } catch (error) {
            expect(error).toBeInstanceOf(IllegalTransitionError);
            expect(canTransition(before.status, to)).toBe(false);
            expect(record).toBe(before);
            continue;
          }
          expect(LEGAL.some(([a, b]) => a === before.status && b === to)).toBe(true);
          expect(record.attempts).toBeGreaterThanOrEqual(before.attempts);
          expect(record.updatedAt).toBe(clock);
        }
      })
    );
  });

  it('keeps completed and cancelled jobs final', () => {
    fc.assert(
      fc.property(fc.constantFrom(JobStatus.Completed, JobStatus.CompletedWithFallback, JobStatus.Cancelled), fc.constantFrom(...JOB_STATUSES), (final, to) => {
        const running = transition(queuedRecord(), { to: JobStatus.Running }, 2000);
        const settled = transition(running, moveTo(final), 3000);
        expect(() => transition(settled, moveTo(to), 4000)).toThrow(IllegalTransitionError);
      })
    );
  });

  it('lets failed and interrupted jobs go back to the queue only, counting the attempt', () => {
    for (const end of [JobStatus.Failed, JobStatus.Interrupted] as const) {
      const settled = transition(transition(queuedRecord(), { to: JobStatus.Running }, 2000), moveTo(end), 3000);
      for (const to of JOB_STATUSES) expect(canTransition(end, to)).toBe(to === JobStatus.Queued);
      const requeued = transition(settled, { to: JobStatus.Queued }, 4000);
      expect(requeued).toMatchObject({ status: 'queued', attempts: 2, percent: 0, fallbacks: [] });
      expect(requeued.error).toBeUndefined();
      expect(requeued.finishedAt).toBeUndefined();
    }
  });

  it('stamps start and finish times and keeps the result reference', () => {
    const running = transition(queuedRecord(), { to: JobStatus.Running }, 2000);
    expect(running.startedAt).toBe(2000);
    const done = transition(running, { to: JobStatus.Completed, resultRef: 'cache:abc' }, 5000);
    expect(done).toMatchObject({ status: 'completed', finishedAt: 5000, resultRef: 'cache:abc', percent: 100 });
  });

  it('does not change the record it was given', () => {
    const record = queuedRecord();
    const copy = structuredClone(record);
    transition(record, { to: JobStatus.Running }, 2000);
    expect(record).toEqual(copy);
  });
});
