import * as Comlink from 'comlink';
import type { UserModelWorkerApi } from '$workers/inference/user-models/user-model.worker';

/** The model manager's worker, started on first use and kept for the tab (checks are rare, start-up is not free). */
export class UserModelClient {
  #api: Comlink.Remote<UserModelWorkerApi> | undefined;
  #worker: Worker | undefined;

  get api(): Comlink.Remote<UserModelWorkerApi> {
    if (!this.#api) {
      // Relative path: Vite resolves `new URL` at build time, where the $workers alias does not apply.
      this.#worker = new Worker(new URL('../../../workers/inference/user-models/user-model.worker.ts', import.meta.url), { type: 'module', name: 'models' });
      this.#api = Comlink.wrap<UserModelWorkerApi>(this.#worker);
    }
    return this.#api;
  }

  close(): void {
    this.#api?.[Comlink.releaseProxy]();
    this.#worker?.terminate();
    this.#api = undefined;
    this.#worker = undefined;
  }
}
