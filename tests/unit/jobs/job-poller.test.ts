import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobEventBus, updatedEvent } from '$lib/jobs/job-events';
import { pollJob, type PollOutcome } from '$lib/jobs/job-poller';
import { JobStatus, type JobRecord } from '$lib/jobs/job-record';
import type { JobReadResult } from '$lib/jobs/job-repository';
import { watchJob } from '$lib/jobs/job-watch';

function record(status: JobRecord['status'], updatedAt: number): JobRecord {
  return {
    id: 'job-1',
    kind: 'analysis',
    input: { digest: 'f'.repeat(64), source: 'bytes:1' },
    options: {},
    status,
    stages: [],
    percent: 0,
    attempts: 1,
    fallbacks: [],
    createdAt: 0,
    updatedAt,
    ...(status === JobStatus.Completed ? { resultRef: 'cache:1', finishedAt: updatedAt } : {})
  };
}

const found = (status: JobRecord['status'], updatedAt: number): JobReadResult => ({ type: 'found', record: record(status, updatedAt) });

/** A read function that plays a script, one answer (or thrown error) per call, repeating the last. */
function scripted(answers: Array<JobReadResult | Error>): { read: () => Promise<JobReadResult>; calls: () => number } {
  let calls = 0;
  return {
    read: async () => {
      const answer = answers[Math.min(calls, answers.length - 1)]!;
      calls += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    calls: () => calls
  };
}

function track(outcome: Promise<PollOutcome>): { current: PollOutcome | undefined } {
  const box: { current: PollOutcome | undefined } = { current: undefined };
  void outcome.then((result) => (box.current = result));
  return box;
}

describe('polling a job record', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads on an interval until the job settles, then stops for good', async () => {
    const script = scripted([found('running', 1), found('running', 2), found('completed', 3)]);
    const poll = track(pollJob(script.read, { intervalMs: 100 }).outcome);
    await vi.advanceTimersByTimeAsync(250);
    expect(poll.current).toEqual({ type: 'settled', record: record('completed', 3) });
    expect(script.calls()).toBe(3);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(script.calls()).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('retries a transient read error with growing delays and carries on', async () => {
    const script = scripted([new Error('transaction aborted'), new Error('transaction aborted'), found('completed', 1)]);
    const poll = track(pollJob(script.read, { intervalMs: 100, backoffMs: 40 }).outcome);
    await vi.advanceTimersByTimeAsync(39);
    expect(script.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(script.calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(79);
    expect(script.calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(poll.current).toMatchObject({ type: 'settled' });
  });

  it('gives up after three failed tries of one read, with a transient error', async () => {
    const script = scripted([new Error('transaction aborted')]);
    const poll = track(pollJob(script.read, { intervalMs: 100, backoffMs: 10 }).outcome);
    await vi.advanceTimersByTimeAsync(1000);
    expect(script.calls()).toBe(3);
    expect(poll.current).toMatchObject({ type: 'failed', error: { code: 'storage-unavailable', transient: true } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops at once when the job is missing', async () => {
    const script = scripted([{ type: 'missing', id: 'job-1' }]);
    const poll = track(pollJob(script.read, { intervalMs: 100 }).outcome);
    await vi.advanceTimersByTimeAsync(1000);
    expect(script.calls()).toBe(1);
    expect(poll.current).toMatchObject({ type: 'failed', error: { code: 'job-not-found', transient: false } });
  });

  it('stops at once when the record is invalid', async () => {
    const script = scripted([{ type: 'invalid', id: 'job-1', reason: 'status: bad' }]);
    const poll = track(pollJob(script.read, { intervalMs: 100 }).outcome);
    await vi.advanceTimersByTimeAsync(1000);
    expect(script.calls()).toBe(1);
    expect(poll.current).toMatchObject({ type: 'failed', error: { code: 'invalid-record', message: expect.stringContaining('status: bad') } });
  });

  it('gives up with a timeout error after the maximum number of attempts without news', async () => {
    const script = scripted([found('running', 7)]);
    const poll = track(pollJob(script.read, { intervalMs: 100, maxAttempts: 5 }).outcome);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(script.calls()).toBe(5);
    expect(poll.current).toMatchObject({ type: 'failed', error: { code: 'poll-timeout' } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps watching a long job as long as its record keeps changing', async () => {
    let clock = 0;
    const read = async (): Promise<JobReadResult> => found('running', (clock += 1));
    const poll = pollJob(read, { intervalMs: 100, maxAttempts: 3 });
    const box = track(poll.outcome);
    await vi.advanceTimersByTimeAsync(5000);
    expect(box.current).toBeUndefined();
    poll.stop();
  });

  it('leaves no loop behind when stopped, even during a backoff wait', async () => {
    const script = scripted([new Error('busy')]);
    const poll = pollJob(script.read, { intervalMs: 100, backoffMs: 1000, transientTries: 3 });
    const box = track(poll.outcome);
    await vi.advanceTimersByTimeAsync(10);
    poll.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(box.current).toEqual({ type: 'stopped' });
    expect(script.calls()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('watching a job (push first, polling as fallback)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('settles on a pushed terminal update without waiting for the next poll, and stops polling', async () => {
    const bus = new JobEventBus(null);
    const script = scripted([found('running', 1)]);
    const seen: string[] = [];
    const watch = watchJob('job-1', bus, script.read, (seen_) => seen.push(seen_.status), { intervalMs: 10_000 });
    const box = track(watch.outcome);
    await vi.advanceTimersByTimeAsync(1);
    bus.publish(updatedEvent({ ...record('running', 2), id: 'job-2' }));
    bus.publish(updatedEvent(record('completed', 3)));
    await vi.advanceTimersByTimeAsync(1);
    expect(box.current).toEqual({ type: 'settled', record: record('completed', 3) });
    expect(seen).toEqual(['running', 'completed']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(script.calls()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('falls back to polling when no push arrives', async () => {
    const bus = new JobEventBus(null);
    const script = scripted([found('running', 1), found('completed', 2)]);
    const box = track(watchJob('job-1', bus, script.read, undefined, { intervalMs: 500 }).outcome);
    await vi.advanceTimersByTimeAsync(600);
    expect(box.current).toMatchObject({ type: 'settled', record: { status: 'completed' } });
  });
});
