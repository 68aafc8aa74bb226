// The app's one onnxruntime-web entry point. Every worker that runs a model
// imports this: the WASM runtime comes from our own origin (/ort/, copied by
// models/build-models.mjs), models from /models/, each checked against the
// manifest's SHA-256 before a session is made; one session per model per
// worker, created on first use and reused.
import * as ort from 'onnxruntime-web/wasm';
import { MODEL_MANIFEST, modelEntry, type ModelContract, type ModelEntry, type ModelManifest } from '../../models/model-manifest.ts';
import { assertModelContract } from './model-contract.ts';
import { verifyModelBytes } from './model-integrity.ts';
import { inferenceThreadCount, type ThreadEnvironment } from './thread-count.ts';

export { ort };

export interface RuntimeSettings {
  readonly threads: number;
  /** URL prefix of the .wasm/.mjs runtime files; null keeps onnxruntime's default (Node tests). */
  readonly wasmPaths: string | null;
}

let appliedSettings: RuntimeSettings | null = null;

function currentThreadEnvironment(): ThreadEnvironment {
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: globalThis.navigator?.hardwareConcurrency
  };
}

/**
 * Sets up the WASM backend once per JS context (onnxruntime fixes the thread
 * count when it creates its first session, so later calls return the first
 * settings). Call before the first session, or let ModelSessions do it.
 */
export function configureOnnxRuntime(
  environment: ThreadEnvironment = currentThreadEnvironment(),
  wasmPaths: string | null = '/ort/'
): RuntimeSettings {
  if (appliedSettings !== null) return appliedSettings;
  const threads = inferenceThreadCount(environment);
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.simd = true;
  // Inside a worker the proxy worker would only add a hop.
  ort.env.wasm.proxy = false;
  if (wasmPaths !== null) ort.env.wasm.wasmPaths = wasmPaths;
  appliedSettings = { threads, wasmPaths };
  return appliedSettings;
}

export type ModelBytesSource = (entry: ModelEntry) => Promise<Uint8Array>;

/** Fetches /models/<file> from our origin (precached by the service worker). */
export const fetchModelFromOrigin: ModelBytesSource = async (entry) => {
  const url = `/models/${entry.file}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load the model ${entry.file} (${entry.title}): HTTP ${response.status}. Reload the app while online.`);
  if ((response.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`The server answered ${url} with a web page instead of the model file; the app's model files are missing from this deployment.`);
  }
  return new Uint8Array(await response.arrayBuffer());
};

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };

/** The signature onnxruntime reports, in the shape model-contract.ts checks. */
export function sessionSignature(session: ort.InferenceSession): Parameters<typeof assertModelContract>[1] {
  return { inputs: session.inputMetadata, outputs: session.outputMetadata };
}

/** Sessions for the manifest's models, one per model, created once per worker. */
export class ModelSessions {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();

  constructor(
    private readonly loadBytes: ModelBytesSource = fetchModelFromOrigin,
    private readonly manifest: ModelManifest = MODEL_MANIFEST,
    private readonly settings: () => RuntimeSettings = () => configureOnnxRuntime()
  ) {}

  session(name: string): Promise<ort.InferenceSession> {
    const existing = this.sessions.get(name);
    if (existing !== undefined) return existing;
    const created = this.create(modelEntry(name, this.manifest));
    this.sessions.set(name, created);
    // A failed load is not cached: the next call tries again (e.g. after going online).
    created.catch(() => this.sessions.delete(name));
    return created;
  }

  private async create(entry: ModelEntry): Promise<ort.InferenceSession> {
    this.settings();
    const bytes = await this.loadBytes(entry);
    await verifyModelBytes(bytes, entry);
    const session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
    assertModelContract(`The model ${entry.file} (${entry.title})`, sessionSignature(session), entry.contract);
    return session;
  }

  async releaseAll(): Promise<void> {
    const sessions = await Promise.allSettled(this.sessions.values());
    this.sessions.clear();
    await Promise.all(sessions.map((result) => (result.status === 'fulfilled' ? result.value.release() : undefined)));
  }
}

/**
 * A session for a model the user supplied (stem separator, speaker embedding):
 * refused with a message listing every mismatch when it breaks `contract`.
 */
export async function createUserModelSession(label: string, bytes: Uint8Array, contract: ModelContract): Promise<ort.InferenceSession> {
  configureOnnxRuntime();
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  } catch (error) {
    throw new Error(`${label} is not an ONNX model this app can run: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    assertModelContract(label, sessionSignature(session), contract);
  } catch (error) {
    await session.release();
    throw error;
  }
  return session;
}
