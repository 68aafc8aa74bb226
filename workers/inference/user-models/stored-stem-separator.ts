/**
 * The stem model the user stored in IndexedDB, as the analysis worker hands
 * it to the pipeline. The session is created only when the stems stage runs
 * (a cached analysis never pays for it); a model that no longer loads rejects
 * from `separate`, and the pipeline falls back to the built-in stems saying why.
 */
import type { StemSeparatorModel } from '../../analysis/pipeline/analysis-pipeline.ts';
import type { RecordStore } from '../../../src/lib/storage/record-store.ts';
import { createUserModelSession } from '../onnx-runtime.ts';
import { onnxStemSeparator } from './onnx-stem-separator.ts';
import { USER_MODEL_CONTRACTS } from './user-model-slots.ts';
import { UserModelStore } from './user-model-store.ts';

export async function storedStemSeparator(store: RecordStore): Promise<StemSeparatorModel | undefined> {
  const models = new UserModelStore(store);
  const stored = await models.forSlot('stem-separator').catch(() => undefined);
  if (!stored?.stemNames) return undefined;
  const label = stored.fileName;
  return {
    id: stored.sha256,
    label,
    stemNames: stored.stemNames,
    async separate(channels, sampleRate, onProgress, checkpoint) {
      const bytes = await models.bytes(stored.sha256);
      if (!bytes) throw new Error('its file is gone from storage; load it again in the model manager');
      const session = await createUserModelSession(`"${label}"`, bytes, USER_MODEL_CONTRACTS['stem-separator']);
      try {
        const separator = onnxStemSeparator(session, stored.sha256, label, { fixedSamples: stored.fixedSamples ?? null, stemNames: stored.stemNames ?? [] });
        return await separator.separate(channels, sampleRate, onProgress, checkpoint);
      } finally {
        await session.release();
      }
    }
  };
}
