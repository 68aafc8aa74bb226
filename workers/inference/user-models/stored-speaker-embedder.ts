/**
 * The speaker-embedding model the user stored, ready for the diarization
 * worker to pass as its `SpeakerEmbedder` (the lead wires it there). Loaded
 * eagerly, so a model that no longer loads is reported up front and the
 * worker keeps the built-in MFCC embedder instead of failing mid-job.
 */
import type { SpeakerEmbedder } from '../../diarization/speaker-embedding.ts';
import type { RecordStore } from '../../../src/lib/storage/record-store.ts';
import { createUserModelSession } from '../onnx-runtime.ts';
import { OnnxSpeakerEmbedder } from './onnx-speaker-embedder.ts';
import { USER_MODEL_CONTRACTS } from './user-model-slots.ts';
import { UserModelStore } from './user-model-store.ts';

export type StoredEmbedderLoad =
  | { type: 'none' }
  | { type: 'loaded'; embedder: SpeakerEmbedder; release: () => Promise<void> }
  /** `problem` reads as the reason the built-in embedder was used. */
  | { type: 'unusable'; problem: string };

export async function loadStoredSpeakerEmbedder(store: RecordStore): Promise<StoredEmbedderLoad> {
  const models = new UserModelStore(store);
  const stored = await models.forSlot('speaker-embedding').catch(() => undefined);
  if (!stored) return { type: 'none' };
  const bytes = await models.bytes(stored.sha256);
  if (!bytes) return { type: 'unusable', problem: `The speaker model "${stored.fileName}" is gone from storage; load it again in the model manager.` };
  try {
    const session = await createUserModelSession(`"${stored.fileName}"`, bytes, USER_MODEL_CONTRACTS['speaker-embedding']);
    // The name goes into cached results: the hash makes a new model mean new results.
    const embedder = new OnnxSpeakerEmbedder(session, `onnx-${stored.sha256.slice(0, 16)}`);
    return { type: 'loaded', embedder, release: () => session.release() };
  } catch (error) {
    return { type: 'unusable', problem: `The speaker model "${stored.fileName}" could not be loaded (${error instanceof Error ? error.message : String(error)}).` };
  }
}
