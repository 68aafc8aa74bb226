/// <reference lib="webworker" />
/**
 * The diarization job worker: comlink glue around job/diarization-worker-api.ts.
 * It opens IndexedDB itself (the dropped recording, the analysis stems and
 * the cache live there) and runs Silero VAD v5 on onnxruntime-web from our
 * own origin (checked against models/manifest.json). The speaker embedder is
 * the user's ONNX model when one is stored (model manager), else the built-in
 * DSP one; a stored model that no longer loads is reported and the DSP one used.
 */
import * as Comlink from 'comlink';
import { openIndexedDbStore } from '../../src/lib/storage/indexeddb-store';
import { createMemoryStore } from '../../src/lib/storage/memory-store';
import type { RecordStore } from '../../src/lib/storage/record-store';
import { ModelSessions, ort } from '../inference/onnx-runtime';
import { loadStoredSpeakerEmbedder } from '../inference/user-models/stored-speaker-embedder';
import { createDiarizationWorkerApi } from './job/diarization-worker-api';
import type { SpeakerEmbedder } from './speaker-embedding';
import type { TensorFactory } from './silero-vad.ts';

let storePromise: Promise<RecordStore> | undefined;
let loaded: { embedder: SpeakerEmbedder; release: () => Promise<void> } | undefined;
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
    },
    async createEmbedder() {
      const store = await (storePromise ??= openIndexedDbStore().catch(() => createMemoryStore()));
      const load = await loadStoredSpeakerEmbedder(store);
      // One session at a time: the previous job's model is released before the next is used.
      await loaded?.release();
      loaded = undefined;
      if (load.type === 'none') return undefined;
      if (load.type === 'unusable') throw new Error(load.problem);
      loaded = load;
      return load.embedder;
    }
  })
);
