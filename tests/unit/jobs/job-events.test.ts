import { afterEach, describe, expect, it } from 'vitest';
import { JobEventBus, updatedEvent, type JobEvent, type JobEventOrigin } from '$lib/jobs/job-events';
import { JobStatus, type JobRecord } from '$lib/jobs/job-record';

function record(id: string, percent = 10): JobRecord {
  return {
    id,
    kind: 'analysis',
    input: { digest: 'e'.repeat(64), source: 'bytes:1' },
    options: {},
    status: JobStatus.Running,
    stage: 'decode',
    stages: [{ id: 'decode', label: 'Decoding', state: 'running', percent }],
    percent,
    attempts: 1,
    fallbacks: [],
    createdAt: 1,
    updatedAt: 2
  };
}

/** BroadcastChannel delivers on a later turn of the event loop. */
function nextMessages(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

describe('job event bus', () => {
  const buses: JobEventBus[] = [];
  const channels: BroadcastChannel[] = [];
  afterEach(() => {
    for (const bus of buses.splice(0)) bus.close();
    for (const channel of channels.splice(0)) channel.close();
  });

  /** One bus per simulated tab, on a channel name private to the test. */
  function tab(name: string): JobEventBus {
    const bus = new JobEventBus(new BroadcastChannel(name));
    buses.push(bus);
    return bus;
  }

  it('pushes an update to listeners in the same tab at once', () => {
    const bus = new JobEventBus(null);
    const seen: Array<[JobEvent, JobEventOrigin]> = [];
    bus.subscribe((event, origin) => seen.push([event, origin]));
    bus.publish(updatedEvent(record('job-1')));
    expect(seen).toEqual([[updatedEvent(record('job-1')), 'this-tab']]);
  });

  it('shows another tab the progress of a job through the BroadcastChannel', async () => {
    const sender = tab('jobs-test-a');
    const receiver = tab('jobs-test-a');
    const seen: Array<[JobEvent, JobEventOrigin]> = [];
    receiver.subscribe((event, origin) => seen.push([event, origin]));
    sender.publish(updatedEvent(record('job-1', 40)));
    await nextMessages();
    expect(seen).toEqual([[updatedEvent(record('job-1', 40)), 'other-tab']]);
  });

  it('gives a listener for one job only the events of that job', async () => {
    const sender = tab('jobs-test-b');
    const receiver = tab('jobs-test-b');
    const local: string[] = [];
    const remote: string[] = [];
    sender.subscribe((event) => local.push(event.jobId), 'job-2');
    receiver.subscribe((event) => remote.push(event.jobId), 'job-2');
    sender.publish(updatedEvent(record('job-1')));
    sender.publish(updatedEvent(record('job-2')));
    sender.publish({ type: 'removed', jobId: 'job-3' });
    sender.publish({ type: 'removed', jobId: 'job-2' });
    await nextMessages();
    expect(local).toEqual(['job-2', 'job-2']);
    expect(remote).toEqual(['job-2', 'job-2']);
  });

  it('drops and counts malformed messages from other tabs', async () => {
    const receiver = tab('jobs-test-c');
    const rogue = new BroadcastChannel('jobs-test-c');
    channels.push(rogue);
    const seen: JobEvent[] = [];
    receiver.subscribe((event) => seen.push(event));
    rogue.postMessage({ type: 'updated', jobId: 'job-1', record: { ...record('job-1'), percent: 'lots' } });
    rogue.postMessage({ type: 'updated', jobId: 'job-9', record: record('job-1') });
    rogue.postMessage({ type: 'removed', jobId: 'job-1', why: 'extra field' });
    await nextMessages();
    expect(seen).toEqual([]);
    expect(receiver.rejectedMessages).toBe(3);
  });

  it('stops delivering after unsubscribe and after close', () => {
    const bus = new JobEventBus(null);
    const seen: string[] = [];
    const unsubscribe = bus.subscribe((event) => seen.push(event.jobId));
    bus.publish(updatedEvent(record('job-1')));
    unsubscribe();
    bus.publish(updatedEvent(record('job-2')));
    bus.subscribe((event) => seen.push(event.jobId));
    bus.close();
    bus.publish(updatedEvent(record('job-3')));
    expect(seen).toEqual(['job-1']);
  });
});
