/**
 * The model manager's state: every built-in model with its hash and offline
 * status, the two user-model slots, and the runtime report. Loading a user
 * model checks it in a worker first; only a model that passes is stored, and
 * a refused one leaves the slot as it was.
 */
import type { AppLog } from '$lib/log/app-log';
import type { RecordStore } from '$lib/storage/record-store';
import { MODEL_MANIFEST, type ModelEntry } from '../../../models/model-manifest';
import type { RuntimeReport } from '$workers/inference/user-models/user-model.worker';
import { MAX_USER_MODEL_BYTES, USER_MODEL_SLOTS, type UserModelSlot } from '$workers/inference/user-models/user-model-slots';
import { UserModelStore, type StoredUserModel } from '$workers/inference/user-models/user-model-store';
import { checkModelHash, formatBytes, modelUrl, offlineStatus, type HashStatus, type OfflineStatus } from './builtin-model-status';
import { UserModelClient } from './user-model-client';

export interface BuiltInModelRow {
  entry: ModelEntry;
  hash: HashStatus;
  offline: OfflineStatus;
}

export interface SlotState {
  slot: UserModelSlot;
  model: StoredUserModel | undefined;
  busy: boolean;
  /** Why the last file was refused; cleared by the next attempt. */
  error: string | undefined;
  message: string | undefined;
}

export const RUNTIME_FILES = ['/ort/ort-wasm-simd-threaded.wasm', '/ort/ort-wasm-simd-threaded.mjs'] as const;

export class ModelManager {
  builtIns = $state<BuiltInModelRow[]>(MODEL_MANIFEST.models.map((entry) => ({ entry, hash: { state: 'unchecked' }, offline: 'unknown' })));
  runtimeOffline = $state<OfflineStatus>('unknown');
  runtime = $state<RuntimeReport | undefined>();
  runtimeError = $state<string | undefined>();
  runtimeBusy = $state(false);
  slots = $state<SlotState[]>(USER_MODEL_SLOTS.map((slot) => ({ slot, model: undefined, busy: false, error: undefined, message: undefined })));
  damaged = $state<string[]>([]);
  readonly #store: UserModelStore;
  readonly #client = new UserModelClient();
  /** In memory-only mode the workers cannot see what this tab stores, so user models are refused. */
  readonly #memoryOnly: boolean;

  constructor(
    store: RecordStore,
    private readonly log: AppLog
  ) {
    this.#store = new UserModelStore(store);
    this.#memoryOnly = store.mode === 'memory';
  }

  /** Lists stored user models and checks every built-in model's hash and offline copy. */
  async open(): Promise<void> {
    await Promise.all([this.refreshUserModels(), this.checkBuiltIns()]);
    if (this.builtIns.some((row) => row.offline === 'installing') || this.runtimeOffline === 'installing') void this.recheckWhenCached();
  }

  /** First visit: the service worker is still precaching; look again once it controls the page. */
  private async recheckWhenCached(): Promise<void> {
    const serviceWorker = globalThis.navigator?.serviceWorker;
    if (!serviceWorker) return;
    await serviceWorker.ready;
    if (!serviceWorker.controller) await new Promise((resolve) => serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    await this.checkOffline();
  }

  async checkOffline(): Promise<void> {
    await Promise.all(this.builtIns.map(async (row) => (row.offline = await offlineStatus(modelUrl(row.entry)))));
    const runtime = await Promise.all(RUNTIME_FILES.map((url) => offlineStatus(url)));
    this.runtimeOffline = runtime.every((status) => status === 'cached') ? 'cached' : (runtime.find((status) => status !== 'cached') ?? 'unknown');
  }

  close(): void {
    this.#client.close();
  }

  async refreshUserModels(): Promise<void> {
    try {
      const { models, damaged } = await this.#store.list();
      this.damaged = damaged;
      for (const state of this.slots) state.model = models.find((model) => model.slot === state.slot);
    } catch (error) {
      this.log.warn('models', 'Could not list user models', { error: String(error) });
    }
  }

  async checkBuiltIns(): Promise<void> {
    for (const row of this.builtIns) row.hash = { state: 'checking' };
    await Promise.all(
      this.builtIns.map(async (row) => {
        row.hash = await checkModelHash(row.entry);
        if (row.hash.state !== 'verified') this.log.warn('models', `Built-in model ${row.entry.file}: ${row.hash.state}`, { detail: 'message' in row.hash ? row.hash.message : '' });
      })
    );
    await this.checkOffline();
  }

  async testRuntime(): Promise<void> {
    this.runtimeBusy = true;
    this.runtimeError = undefined;
    try {
      this.runtime = await this.#client.api.runtime();
    } catch (error) {
      this.runtimeError = `The inference runtime did not start: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.runtimeBusy = false;
    }
  }

  slot(slot: UserModelSlot): SlotState {
    return this.slots.find((state) => state.slot === slot) as SlotState;
  }

  /** Checks `file` against the slot's contract in the worker; stores it only when it passes. */
  async load(slot: UserModelSlot, file: File): Promise<void> {
    const state = this.slot(slot);
    state.error = undefined;
    state.message = undefined;
    if (!file.name.toLowerCase().endsWith('.onnx')) {
      state.error = `"${file.name}" is not an .onnx file. Export the model to ONNX first.`;
      return;
    }
    if (this.#memoryOnly) {
      state.error = 'The browser is blocking storage, so a model cannot be kept where the analysis can read it. Allow site data (or leave private browsing), reload, and load it again.';
      return;
    }
    if (file.size > MAX_USER_MODEL_BYTES) {
      state.error = `"${file.name}" is ${formatBytes(file.size)}, more than a browser tab can run (512 MB at most).`;
      return;
    }
    state.busy = true;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const outcome = await this.#client.api.check(slot, bytes, file.name);
      if (!outcome.ok) {
        state.error = outcome.message;
        this.log.warn('models', `Refused ${file.name} for the ${slot} slot`, { reason: outcome.message });
        return;
      }
      state.model = await this.#store.save(outcome.summary, bytes, file.name);
      state.message = `Loaded "${file.name}". ${slot === 'stem-separator' ? 'The next analysis separates stems with it.' : 'The next diarization uses it for speaker embeddings.'}`;
      this.log.info('models', `Loaded ${file.name} into the ${slot} slot`, { sha256: outcome.summary.sha256 });
    } catch (error) {
      state.error = `"${file.name}" could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      state.busy = false;
    }
  }

  async remove(slot: UserModelSlot): Promise<void> {
    const state = this.slot(slot);
    const model = state.model;
    if (!model) return;
    state.error = undefined;
    try {
      await this.#store.remove(model.sha256);
      state.model = undefined;
      state.message = `Removed "${model.fileName}". ${slot === 'stem-separator' ? 'Analyses use the built-in stems again.' : 'Diarization uses the built-in voice features again.'}`;
    } catch (error) {
      state.error = `Could not remove "${model.fileName}": ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
