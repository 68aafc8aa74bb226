/// <reference lib="webworker" />
/**
 * The diarization job worker: comlink glue around job/diarization-worker-api.ts.
 * It opens IndexedDB itself (the dropped recording, the analysis stems and
 * the cache live there) and runs Silero VAD v5 on onnxruntime-web from our
 * own origin (checked against models/manifest.json). The speaker embedder is
 * the built-in DSP one until a user model is wired in through `createEmbedder`.
 */
import * as Comlink from 'comlink';
import { openIndexedDbStore } from '../../src/lib/storage/indexeddb-store';
import { createMemoryStore } from '../../src/lib/storage/memory-store';
import type { RecordStore } from '../../src/lib/storage/record-store';
import { ModelSessions, ort } from '../inference/onnx-runtime';
import { createDiarizationWorkerApi } from './job/diarization-worker-api';
import type { TensorFactory } from './silero-vad.ts';

let storePromise: Promise<RecordStore> | undefined;
const sessions = new ModelSessions();
const tensors: TensorFactory = {
  float32: (data, dims) => new ort.Tensor('float32', data, dims),
  int64: (data, dims) => new ort.Tensor('int64', data, dims)
};

Comlink.expose(
  createDiarizationWorkerApi({
    openStore() {
      storePromise ??= openIndexedDbStore().catch(() => createMemoryStore());
      return storePromise;
    },
    async openVad() {
      return { session: await sessions.session('silero-vad-v5'), tensors };
    }
  })
);
