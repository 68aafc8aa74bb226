// Pure runtime rules: thread choice, manifest validation, the hash check and
// model contracts, the last also on real tiny ONNX files run by onnxruntime.
import * as ort from 'onnxruntime-web/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxGraphBuilder } from '../../../models/tfjs-to-onnx/onnx-graph-builder.ts';
import { MODEL_MANIFEST, modelEntry, parseModelManifest, type ModelContract } from '../../../models/model-manifest.ts';
import { contractViolations } from '../../../workers/inference/model-contract.ts';
import { ModelIntegrityError, sha256Hex, verifyModelBytes } from '../../../workers/inference/model-integrity.ts';
import { configureOnnxRuntime, createUserModelSession } from '../../../workers/inference/onnx-runtime.ts';
import { inferenceThreadCount } from '../../../workers/inference/thread-count.ts';

beforeAll(() => {
  configureOnnxRuntime({ crossOriginIsolated: false, hardwareConcurrency: 2 }, null);
});

describe('inference thread count', () => {
  it('runs single-threaded without cross-origin isolation', () => {
    expect(inferenceThreadCount({ crossOriginIsolated: false, hardwareConcurrency: 8 })).toBe(1);
  });
  it('leaves one core for audio and caps at 4', () => {
    expect(inferenceThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 2 })).toBe(1);
    expect(inferenceThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 4 })).toBe(3);
    expect(inferenceThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 16 })).toBe(4);
    expect(inferenceThreadCount({ crossOriginIsolated: true, hardwareConcurrency: undefined })).toBe(1);
  });
});

describe('model manifest', () => {
  it('lists Basic Pitch and Silero VAD v5 with their contracts', () => {
    expect(MODEL_MANIFEST.models.map((model) => model.name)).toEqual(['basic-pitch', 'silero-vad-v5']);
    expect(modelEntry('basic-pitch').contract.sampleRate).toBe(22050);
    expect(modelEntry('silero-vad-v5').contract.inputs.map((input) => input.name)).toEqual(['input', 'state', 'sr']);
  });
  it('refuses unknown fields, bad hashes and duplicate names', () => {
    const first = MODEL_MANIFEST.models[0];
    expect(() => parseModelManifest({ ...MODEL_MANIFEST, extra: 1 })).toThrow(/invalid/);
    expect(() => parseModelManifest({ manifestVersion: 1, models: [{ ...first, sha256: 'abc' }] })).toThrow(/64 lowercase hex/);
    expect(() => parseModelManifest({ manifestVersion: 1, models: [first, first] })).toThrow(/unique/);
  });
});

describe('model hash check', () => {
  const bytes = new TextEncoder().encode('pretend model bytes');
  const entryFor = async (content: Uint8Array) => ({ ...modelEntry('basic-pitch'), sizeBytes: content.byteLength, sha256: await sha256Hex(content) });

  it('accepts the exact bytes', async () => {
    await expect(verifyModelBytes(bytes, await entryFor(bytes))).resolves.toBeUndefined();
  });
  it('refuses a changed byte with a message naming the file', async () => {
    const entry = await entryFor(bytes);
    const tampered = bytes.slice();
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    const check = verifyModelBytes(tampered, entry);
    await expect(check).rejects.toBeInstanceOf(ModelIntegrityError);
    await expect(check).rejects.toThrow(/basic-pitch\.onnx .*does not match the app's manifest/);
  });
  it('refuses a truncated file', async () => {
    await expect(verifyModelBytes(bytes.subarray(0, 5), await entryFor(bytes))).rejects.toThrow(/truncated/);
  });
});

/** A separator-like contract: stereo audio in, stems out. */
const SEPARATOR: ModelContract = {
  sampleRate: 44100,
  inputs: [{ name: 'mix', dtype: 'float32', shape: [1, 2, 'samples'] }],
  outputs: [{ name: 'stems', dtype: 'float32', shape: [1, 'stems', 2, 'samples'] }]
};

/** Tiny ONNX model: stems = Unsqueeze(mix · 0.5) with the given declared shapes and dtype. */
function tinySeparator(inputName: string, inputShape: (number | string)[], dtype: 'float32' | 'int32' = 'float32'): Uint8Array {
  const builder = new OnnxGraphBuilder();
  const axes = builder.addInt64Initializer('axes', [1]);
  if (dtype === 'float32') {
    const half = builder.addInitializer('half', 'float32', [], new Float32Array([0.5]));
    builder.addNode('Mul', [inputName, half], ['scaled']);
    builder.addNode('Unsqueeze', ['scaled', axes], ['stems']);
  } else {
    builder.addNode('Unsqueeze', [inputName, axes], ['stems']);
  }
  return builder.encode('tiny', [{ name: inputName, dtype, shape: inputShape }], [{ name: 'stems', dtype, shape: [inputShape[0] ?? 1, 1, ...inputShape.slice(1)] }], '');
}

describe('user model contract', () => {
  it('accepts a model that fits and runs it', async () => {
    const session = await createUserModelSession('separator.onnx', tinySeparator('mix', [1, 2, 'samples']), SEPARATOR);
    const result = await session.run({ mix: new ort.Tensor('float32', new Float32Array(8).fill(1), [1, 2, 4]) });
    expect(Array.from(result['stems']?.data as Float32Array)).toEqual(new Array(8).fill(0.5));
    await session.release();
  });
  it('names a wrong input name', async () => {
    await expect(createUserModelSession('separator.onnx', tinySeparator('audio', [1, 2, 'samples']), SEPARATOR)).rejects.toThrow(/separator\.onnx .*missing input "mix".*unexpected input "audio"/);
  });
  it('names a wrong rank', async () => {
    await expect(createUserModelSession('separator.onnx', tinySeparator('mix', [2, 'samples']), SEPARATOR)).rejects.toThrow(/input "mix" has rank 2/);
  });
  it('names a wrong dtype', async () => {
    await expect(createUserModelSession('separator.onnx', tinySeparator('mix', [1, 2, 'samples'], 'int32'), SEPARATOR)).rejects.toThrow(/input "mix" is int32, expected float32/);
  });
  it('names a wrong fixed size', () => {
    const violations = contractViolations(
      { inputs: [{ name: 'mix', isTensor: true, type: 'float32', shape: [1, 1, 'samples'] }], outputs: [{ name: 'stems', isTensor: true, type: 'float32', shape: [1, 4, 2, 9] }] },
      SEPARATOR
    );
    expect(violations).toEqual(['input "mix": dimension 1 is 1, expected 2']);
  });
  it('refuses bytes that are not ONNX at all', async () => {
    await expect(createUserModelSession('notes.txt', new TextEncoder().encode('hello'), SEPARATOR)).rejects.toThrow(/notes\.txt is not an ONNX model/);
  });
});
