/// <reference lib="webworker" />
/**
 * The model manager's worker: checks a file offered for a user-model slot
 * (load, contract, test run on silence) off the main thread, and reports how
 * onnxruntime runs here (threads, a timed run of Basic Pitch on silence) so
 * the manager can show, and tests can prove, that threaded WASM works.
 */
import * as Comlink from 'comlink';
import { configureOnnxRuntime, ModelSessions, ort } from '../onnx-runtime';
import { loadBasicPitch } from '../basic-pitch/onnx-basic-pitch';
import { WINDOW_SAMPLES } from '../basic-pitch/windowing';
import { checkUserModel, type UserModelSummary } from './user-model-check';
import type { UserModelSlot } from './user-model-slots';

export type UserModelCheckOutcome = { ok: true; summary: UserModelSummary } | { ok: false; message: string };

export interface RuntimeReport {
  /** Threads onnxruntime actually runs with (it drops to 1 when SharedArrayBuffer is missing). */
  threads: number;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** Basic Pitch on one window of silence, after the session exists. */
  runMs: number;
}

export interface UserModelWorkerApi {
  check(slot: UserModelSlot, bytes: Uint8Array, fileName: string): Promise<UserModelCheckOutcome>;
  runtime(): Promise<RuntimeReport>;
}

const sessions = new ModelSessions();

const api: UserModelWorkerApi = {
  async check(slot, bytes, fileName) {
    try {
      return { ok: true, summary: await checkUserModel(slot, bytes, fileName) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
  async runtime() {
    configureOnnxRuntime();
    const model = await loadBasicPitch(sessions);
    const started = performance.now();
    await model.run(new Float32Array(WINDOW_SAMPLES), 1);
    return {
      threads: ort.env.wasm.numThreads ?? 1,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      hardwareConcurrency: navigator.hardwareConcurrency ?? 0,
      runMs: performance.now() - started
    };
  }
};

Comlink.expose(api);
