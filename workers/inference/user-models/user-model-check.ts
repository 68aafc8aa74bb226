/**
 * Checks a file the user offers for a model slot before anything is stored:
 * onnxruntime must load it, its inputs and outputs must fit the slot's
 * contract (names, dtypes, ranks), and a run on silence must give outputs of
 * the promised shape with finite values. Every failure is one sentence naming
 * the file and what is wrong with it.
 */
import { createUserModelSession, ort } from '../onnx-runtime.ts';
import { sha256Hex } from '../model-integrity.ts';
import { readOnnxMetadata, stemNamesFor } from './onnx-metadata.ts';
import { runEmbedding } from './onnx-speaker-embedder.ts';
import { runSeparatorSegment } from './onnx-stem-separator.ts';
import { FBANK_BINS, MAX_USER_MODEL_BYTES, SEPARATOR_SAMPLE_RATE, USER_MODEL_CONTRACTS, USER_MODEL_SLOT_TITLES, type UserModelSlot } from './user-model-slots.ts';


export interface UserModelSummary {
  readonly slot: UserModelSlot;
  readonly sha256: string;
  readonly sizeBytes: number;
  /** Stem separator: its stems in output order, and its fixed segment length (null: any length). */
  readonly stemNames?: readonly string[];
  readonly fixedSamples?: number | null;
  /** Speaker embedding: the vector size. */
  readonly embeddingSize?: number;
}

export class UserModelError extends Error {
  override readonly name = 'UserModelError';
}

// onnxruntime-web reports an unnamed dynamic dimension as -1 cast to uint32.
const isFixed = (dimension: unknown): dimension is number => typeof dimension === 'number' && dimension > 0 && dimension !== 4294967295;

function fixedInputSamples(session: ort.InferenceSession): number | null {
  const input = session.inputMetadata.find((value) => value.name === 'mix');
  const dimension = input && input.isTensor ? input.shape[2] : undefined;
  return isFixed(dimension) ? dimension : null;
}

async function testRun(slot: UserModelSlot, session: ort.InferenceSession, metadata: Record<string, string>): Promise<Pick<UserModelSummary, 'stemNames' | 'fixedSamples' | 'embeddingSize'>> {
  if (slot === 'stem-separator') {
    const fixedSamples = fixedInputSamples(session);
    const samples = fixedSamples ?? SEPARATOR_SAMPLE_RATE;
    const stems = await runSeparatorSegment(session, [new Float32Array(samples), new Float32Array(samples)]);
    for (const stem of stems) for (const channel of stem) for (const value of channel) if (!Number.isFinite(value)) throw new Error('its stems hold NaN or infinite values');
    return { stemNames: stemNamesFor(metadata, stems.length), fixedSamples };
  }
  // 2 s of silence: 198 frames of mean-normalised fbank, i.e. zeros.
  const embedding = await runEmbedding(session, new Float32Array(198 * FBANK_BINS));
  return { embeddingSize: embedding.length };
}

/** The summary to store, or a UserModelError saying what is wrong. The session is released either way. */
export async function checkUserModel(slot: UserModelSlot, bytes: Uint8Array, fileName: string): Promise<UserModelSummary> {
  const label = `"${fileName}"`;
  const title = USER_MODEL_SLOT_TITLES[slot].toLowerCase();
  if (bytes.byteLength === 0) throw new UserModelError(`${label} is empty (0 bytes); choose the .onnx file itself.`);
  if (bytes.byteLength > MAX_USER_MODEL_BYTES) throw new UserModelError(`${label} is larger than 512 MB, too big to run in a browser tab; export a smaller model.`);
  let session: ort.InferenceSession;
  try {
    session = await createUserModelSession(label, bytes, USER_MODEL_CONTRACTS[slot]);
  } catch (error) {
    throw new UserModelError(`${error instanceof Error ? error.message : String(error)} It cannot be used as the ${title} model.`);
  }
  try {
    const shape = await testRun(slot, session, readOnnxMetadata(bytes)).catch((error: unknown) => {
      throw new UserModelError(`${label} fits the ${title} contract but failed its test run on silence: ${error instanceof Error ? error.message : String(error)}.`);
    });
    return { slot, sha256: await sha256Hex(bytes), sizeBytes: bytes.byteLength, ...shape };
  } finally {
    await session.release();
  }
}
