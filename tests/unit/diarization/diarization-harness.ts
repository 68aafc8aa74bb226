// The diarization worker's API run in process (the same code the worker
// exposes), over a memory store and the real Silero v5 model on
// onnxruntime-web, plus helpers to turn fixtures into file bytes.
import { readFileSync } from 'node:fs';
import type { JobKind } from '$lib/jobs/job-kind';
import type { JobWorkerHandle } from '$lib/jobs/job-worker-handle';
import { ContentCache } from '$lib/storage/content-cache';
import { digestBytes } from '$lib/storage/content-key';
import { createMemoryStore } from '$lib/storage/memory-store';
import type { RecordStore } from '$lib/storage/record-store';
import { storeInput } from '$workers/analysis/pipeline/input-store';
import { createDiarizationWorkerApi, type DiarizationWorkerHost } from '$workers/diarization/job/diarization-worker-api';
import { DIARIZATION_JOB_KIND, DIARIZATION_JOB_TIME_LIMIT_MS, DIARIZATION_STAGES } from '$workers/diarization/job/diarization-stages';
import type { VadSession } from '$workers/diarization/silero-vad';
import type { JobOutcome, JobProgressEvent, JobWorkerRequest } from '$workers/shared/job-protocol';
import { writeWav } from '../../fixtures/wav-writer.js';
import { FIXTURE_DIR, openSileroSession, ortTensors } from './silero-session.ts';

let shared: Promise<VadSession> | undefined;
/** One real Silero session for the test file (creating one costs ~100 ms). */
export function sileroSession(): Promise<VadSession> {
  shared ??= openSileroSession();
  return shared;
}

export function durableStore(): RecordStore {
  return { ...createMemoryStore(), mode: 'indexeddb' };
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURE_DIR}/${name}.wav`));
}

export function wavBytes(samples: Float32Array, sampleRate: number): Uint8Array {
  return writeWav({ channels: [samples], sampleRate });
}

export interface HostOptions {
  store: RecordStore;
  /** Wraps the real session (slow frames, a stuck model). */
  session?: (real: VadSession) => VadSession;
  embedder?: DiarizationWorkerHost['createEmbedder'];
  /** openStore rejects this many times first (a busy database). */
  storeFailures?: number;
}

export function hostFor(options: HostOptions): DiarizationWorkerHost & { storeOpens: number } {
  let failures = options.storeFailures ?? 0;
  const host = {
    storeOpens: 0,
    async openStore() {
      host.storeOpens++;
      if (failures-- > 0) throw new Error('the database is being upgraded by another tab');
      return options.store;
    },
    async openVad() {
      const real = await sileroSession();
      return { session: options.session ? options.session(real) : real, tensors: ortTensors };
    },
    ...(options.embedder ? { createEmbedder: options.embedder } : {})
  };
  return host;
}

/** Stores the bytes as the app does (by digest) and returns the job input. */
export async function storedInput(store: RecordStore, bytes: Uint8Array): Promise<{ digest: string; source: string }> {
  const digest = await digestBytes(bytes);
  const source = await storeInput(new ContentCache(store), digest, bytes);
  if (!source) throw new Error('the memory store refused the input');
  return { digest, source };
}

export function request(jobId: string, input: { digest: string; source: string }, options: JobWorkerRequest['options'] = {}): JobWorkerRequest {
  return { jobId, kind: DIARIZATION_JOB_KIND, input, options, fallbackStages: [] };
}

export async function runJob(host: DiarizationWorkerHost, req: JobWorkerRequest): Promise<{ outcome: JobOutcome; events: JobProgressEvent[] }> {
  const events: JobProgressEvent[] = [];
  const outcome = await createDiarizationWorkerApi(host).run(req, (event) => events.push(event));
  return { outcome, events };
}

/**
 * The diarization job kind with the in-process API as its worker. `crashAt`
 * makes the worker vanish (as a killed worker does: an error event, no
 * outcome) once it reports that stage.
 */
export function inProcessKind(makeHost: () => DiarizationWorkerHost, crash?: { atStage: string; times: number }): JobKind & { started: number } {
  let crashes = crash?.times ?? 0;
  const kind = {
    kind: DIARIZATION_JOB_KIND,
    stages: DIARIZATION_STAGES,
    jobTimeLimitMs: DIARIZATION_JOB_TIME_LIMIT_MS,
    heavy: true,
    started: 0,
    createWorker: (): JobWorkerHandle => {
      kind.started++;
      const api = createDiarizationWorkerApi(makeHost());
      let onCrash: ((detail: string) => void) | undefined;
      return {
        api: {
          run: (req, onProgress) =>
            api.run(req, (event) => {
              if (crash && event.stage === crash.atStage && crashes > 0) {
                crashes--;
                onCrash?.('the worker was killed (out of memory)');
                return;
              }
              onProgress(event);
            }),
          cancel: (jobId) => api.cancel(jobId)
        },
        onCrash(listener) {
          onCrash = listener;
        },
        terminate() {}
      };
    }
  };
  return kind;
}
