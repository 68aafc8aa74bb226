import * as Comlink from 'comlink';
import type { ContentCache } from '$lib/storage/content-cache';
import type { AnalysisWorkerApi } from '$workers/analysis/analysis.worker';
import { measureRecording, readStem } from './recording-measures';
import type { RecordingReader } from './recording-media.svelte';

/** Reads on this thread: for memory-only storage (a worker cannot see this tab's memory) and for tests. */
export function inThreadReader(cache: ContentCache): RecordingReader {
  return {
    measure: (digest, sections, stems, userModels) => measureRecording(cache, digest, sections, stems, userModels),
    stem: (digest, id, range, userModels) => readStem(cache, digest, id, range, userModels)
  };
}

/**
 * Reads in an analysis worker of the panel's own (not a job's), so reading
 * and measuring an hour of stems never stalls the page that carries MIDI;
 * stems come back transferred, not copied. `close()` ends the worker.
 */
export function workerReader(): RecordingReader & { close(): void } {
  // Relative path: Vite resolves `new URL` at build time, where the $workers alias does not apply.
  const worker = new Worker(new URL('../../../../workers/analysis/analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis-panel-media' });
  const api = Comlink.wrap<AnalysisWorkerApi>(worker);
  return {
    measure: (digest, sections, stems, userModels) => api.measureRecording(digest, [...sections], [...stems], userModels && { ...userModels }),
    stem: (digest, id, range, userModels) => api.readStem(digest, id, range, userModels && { ...userModels }),
    close: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    }
  };
}
