import * as v from 'valibot';
import { JobRecordSchema, type JobRecord } from './job-record';

/** Other tabs of Bandroom listen on this channel to see jobs move without polling. */
export const JOB_CHANNEL_NAME = 'bandroom-jobs';

export const JobEventSchema = v.variant('type', [
  v.strictObject({ type: v.literal('updated'), jobId: v.string(), record: JobRecordSchema }),
  v.strictObject({ type: v.literal('removed'), jobId: v.string() })
]);
export type JobEvent = v.InferOutput<typeof JobEventSchema>;

export type JobEventOrigin = 'this-tab' | 'other-tab';
export type JobEventListener = (event: JobEvent, origin: JobEventOrigin) => void;

/** The slice of BroadcastChannel the bus uses, so tests and old browsers can pass their own or none. */
export interface JobChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

export function updatedEvent(record: JobRecord): JobEvent {
  return { type: 'updated', jobId: record.id, record };
}

/** BroadcastChannel where the platform has one (every modern browser, Node 18+); none otherwise. */
export function openJobChannel(name: string = JOB_CHANNEL_NAME): JobChannel | undefined {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;
}

/**
 * Pushes job events to listeners in this tab and, through the channel, to
 * other tabs. Every event names its job; a listener may ask for one job only.
 * Messages from other tabs are validated; malformed ones are dropped and
 * counted, never delivered.
 */
export class JobEventBus {
  readonly #listeners = new Set<{ listener: JobEventListener; jobId: string | undefined }>();
  readonly #channel: JobChannel | undefined;
  #rejected = 0;
  #closed = false;

  /** `null`: this tab only (no cross-tab push). */
  constructor(channel: JobChannel | null = openJobChannel() ?? null) {
    this.#channel = channel ?? undefined;
    this.#channel?.addEventListener('message', this.#onMessage);
  }

  /** Messages from other tabs that failed the schema. */
  get rejectedMessages(): number {
    return this.#rejected;
  }

  publish(event: JobEvent): void {
    if (this.#closed) return;
    this.#deliver(event, 'this-tab');
    try {
      this.#channel?.postMessage(event);
    } catch {
      // A closed or uncloneable channel only costs other tabs their push; they still poll.
    }
  }

  /** Listens to every job, or to `jobId` only. Returns the unsubscribe function. */
  subscribe(listener: JobEventListener, jobId?: string): () => void {
    const entry = { listener, jobId };
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    this.#channel?.removeEventListener('message', this.#onMessage);
    this.#channel?.close();
  }

  readonly #onMessage = (message: MessageEvent): void => {
    const parsed = v.safeParse(JobEventSchema, message.data);
    if (!parsed.success || (parsed.output.type === 'updated' && parsed.output.record.id !== parsed.output.jobId)) {
      this.#rejected += 1;
      return;
    }
    this.#deliver(parsed.output, 'other-tab');
  };

  #deliver(event: JobEvent, origin: JobEventOrigin): void {
    for (const { listener, jobId } of [...this.#listeners]) {
      if (jobId === undefined || jobId === event.jobId) listener(event, origin);
    }
  }
}
