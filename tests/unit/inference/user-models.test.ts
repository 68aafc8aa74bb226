// User-supplied models on the real loading path: tiny ONNX files written in
// the test meet or break each slot's contract, onnxruntime loads them, the
// check runs them on silence; then the separator and embedder run on audio.
import { beforeAll, describe, expect, it } from 'vitest';
import { configureOnnxRuntime, createUserModelSession } from '../../../workers/inference/onnx-runtime.ts';
import { checkUserModel, UserModelError } from '../../../workers/inference/user-models/user-model-check.ts';
import { readOnnxMetadata, stemNamesFor } from '../../../workers/inference/user-models/onnx-metadata.ts';
import { overlapAdd, planSegments } from '../../../workers/inference/user-models/overlap-add.ts';
import { onnxStemSeparator } from '../../../workers/inference/user-models/onnx-stem-separator.ts';
import { OnnxSpeakerEmbedder } from '../../../workers/inference/user-models/onnx-speaker-embedder.ts';
import { FbankAnalyser } from '../../../workers/inference/user-models/fbank.ts';
import { USER_MODEL_CONTRACTS } from '../../../workers/inference/user-models/user-model-slots.ts';
import { UserModelStore } from '../../../workers/inference/user-models/user-model-store.ts';
import { loadStoredSpeakerEmbedder } from '../../../workers/inference/user-models/stored-speaker-embedder.ts';
import { storedStemSeparator } from '../../../workers/inference/user-models/stored-stem-separator.ts';
import { createMemoryStore } from '../../../src/lib/storage/memory-store.ts';
import { tinyEmbedder, tinySeparator } from '../../fixtures/tiny-user-models.ts';

beforeAll(() => {
  configureOnnxRuntime({ crossOriginIsolated: false, hardwareConcurrency: 2 }, null);
});

describe('stem separator slot', () => {
  it('accepts a model that fits, runs it on silence and reads its stem names', async () => {
    const summary = await checkUserModel('stem-separator', tinySeparator({ stemNames: 'Vocals, Accompaniment' }), 'tiny.onnx');
    expect(summary).toMatchObject({ slot: 'stem-separator', stemNames: ['vocals', 'accompaniment'], fixedSamples: null });
    expect(summary.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('names stems by number without metadata, and keeps a fixed segment length', async () => {
    const summary = await checkUserModel('stem-separator', tinySeparator({ inputShape: [1, 2, 4096], gains: [1, 1, 1] }), 'fixed.onnx');
    expect(summary).toMatchObject({ stemNames: ['stem-1', 'stem-2', 'stem-3'], fixedSamples: 4096 });
  });
  it.each([
    ['wrong names', tinySeparator({ inputName: 'audio' }), /"wrong names\.onnx" .*missing input "mix".*unexpected input "audio".*cannot be used as the stem separator/],
    ['wrong rank', tinySeparator({ inputShape: [2, 'samples'] }), /input "mix" has rank 2 \[2, samples\], expected rank 3/],
    ['wrong dtype', tinySeparator({ dtype: 'int32' }), /input "mix" is int32, expected float32/],
    ['throws at run', tinySeparator({ biasSamples: 1000 }), /fits the stem separator contract but failed its test run on silence/],
    ['not onnx', new TextEncoder().encode('definitely not a model'), /is not an ONNX model this app can run/],
    ['empty', new Uint8Array(0), /is empty/]
  ])('refuses a model with %s and says what is wrong', async (name, bytes, message) => {
    const check = checkUserModel('stem-separator', bytes, `${name}.onnx`);
    await expect(check).rejects.toBeInstanceOf(UserModelError);
    await expect(check).rejects.toThrow(message);
  });
  it('refuses a speaker-embedding model offered as a separator', async () => {
    await expect(checkUserModel('stem-separator', tinyEmbedder(), 'embedder.onnx')).rejects.toThrow(/missing input "mix"/);
  });
});

describe('speaker embedding slot', () => {
  it('accepts a model that fits and reports its vector size', async () => {
    expect(await checkUserModel('speaker-embedding', tinyEmbedder({ size: 24 }), 'emb.onnx')).toMatchObject({ slot: 'speaker-embedding', embeddingSize: 24 });
  });
  it('refuses wrong output names and ranks', async () => {
    await expect(checkUserModel('speaker-embedding', tinyEmbedder({ outputName: 'embedding' }), 'a.onnx')).rejects.toThrow(/missing output "embs"/);
    await expect(checkUserModel('speaker-embedding', tinyEmbedder({ keepDims: true }), 'b.onnx')).rejects.toThrow(/output "embs" has rank 3/);
    await expect(checkUserModel('speaker-embedding', tinySeparator(), 'c.onnx')).rejects.toThrow(/missing input "feats"/);
  });
});

describe('overlap-add segments', () => {
  const ramp = (length: number, scale = 1) => Float32Array.from({ length }, (_, i) => scale * Math.sin(i * 0.01) + i / length);
  it.each([10, 1000, 1001, 2345, 7777])('gives back the input exactly through an identity model at length %i', async (length) => {
    const input = [ramp(length), ramp(length, -0.5)];
    const plan = planSegments(length, 1000);
    const [tracks] = await overlapAdd(input, plan, async (segment) => [segment.map((channel) => channel.slice())]);
    for (const [c, channel] of input.entries()) {
      const out = tracks?.[c] as Float32Array;
      expect(out.length).toBe(length);
      let worst = 0;
      for (let i = 0; i < length; i++) worst = Math.max(worst, Math.abs((out[i] as number) - (channel[i] as number)));
      expect(worst).toBeLessThan(1e-5);
    }
  });
  it('overlaps segments by a quarter and covers the end', () => {
    expect(planSegments(2345, 1000)).toEqual({ segment: 1000, hop: 750, starts: [0, 750, 1500] });
    expect(planSegments(1000, 1000).starts).toEqual([0]);
  });
});

describe('ONNX stem separator', () => {
  it('separates audio of any length at the analysis rate through the real model, fixed segments included', async () => {
    const session = await createUserModelSession('fixed.onnx', tinySeparator({ inputShape: [1, 2, 44100] }), USER_MODEL_CONTRACTS['stem-separator']);
    const separator = onnxStemSeparator(session, 'f'.repeat(64), 'fixed.onnx', { fixedSamples: 44100, stemNames: ['quiet', 'loud'] });
    const length = Math.round(3.3 * 22050);
    const left = Float32Array.from({ length }, (_, i) => Math.sin((2 * Math.PI * 220 * i) / 22050));
    const right = Float32Array.from({ length }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 330 * i) / 22050));
    const fractions: number[] = [];
    const [quiet, loud] = await separator.separate([left, right], 22050, (fraction) => fractions.push(fraction), async () => undefined);
    expect(quiet?.length).toBe(length);
    expect(loud?.length).toBe(length);
    let worst = 0;
    for (let i = 2000; i < length - 2000; i++) {
      const mono = 0.5 * ((left[i] as number) + (right[i] as number));
      worst = Math.max(worst, Math.abs((quiet?.[i] as number) - 0.25 * mono), Math.abs((loud?.[i] as number) - 0.75 * mono));
    }
    expect(worst).toBeLessThan(0.01);
    expect(fractions.at(-1)).toBe(1);
    await session.release();
  });
});

describe('ONNX speaker embedder', () => {
  const voice = (hz: number, seconds: number) => Float32Array.from({ length: seconds * 16000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * hz * i) / 16000) + 0.1 * Math.sin((2 * Math.PI * 2.7 * hz * i) / 16000));
  const cosine = (a: Float32Array, b: Float32Array) => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
      dot += (a[i] as number) * (b[i] as number);
      na += (a[i] as number) ** 2;
      nb += (b[i] as number) ** 2;
    }
    return dot / Math.sqrt(na * nb);
  };
  it('gives one vector per window, closer for the same voice than for another', async () => {
    const session = await createUserModelSession('emb.onnx', tinyEmbedder({ size: 16 }), USER_MODEL_CONTRACTS['speaker-embedding']);
    const embedder = new OnnxSpeakerEmbedder(session, 'onnx-emb-abc');
    const audio = new Float32Array(6 * 16000);
    audio.set(voice(120, 3), 0);
    audio.set(voice(240, 3), 3 * 16000);
    const vectors = await embedder.embed(audio, [
      { start: 0, end: 1.5 },
      { start: 1.5, end: 3 },
      { start: 3, end: 4.5 },
      { start: 4.6, end: 4.7 }
    ]);
    expect(vectors.map((vector) => vector.length)).toEqual([16, 16, 16, 16]);
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!));
    expect(cosine(vectors[2]!, vectors[3]!)).toBeGreaterThan(cosine(vectors[1]!, vectors[3]!));
    await session.release();
  });
  it('computes 80-bin fbank frames every 10 ms, mean-normalised', () => {
    const features = new FbankAnalyser().analyse(voice(200, 1));
    expect(features.length).toBe(FbankAnalyser.frameCount(16000) * 80);
    expect(FbankAnalyser.frameCount(16000)).toBe(98);
    let sum = 0;
    for (let f = 0; f < 98; f++) sum += features[f * 80 + 10] as number;
    expect(Math.abs(sum / 98)).toBeLessThan(1e-4);
  });
});

describe('ONNX metadata and stored user models', () => {
  it('reads stem_names from metadata_props and sanitises them for the cache', () => {
    expect(readOnnxMetadata(tinySeparator({ stemNames: 'drums,bass' }))).toEqual({ stem_names: 'drums,bass' });
    expect(stemNamesFor({ stem_names: 'Lead Vox, Bass!' }, 2)).toEqual(['lead-vox', 'bass']);
    expect(stemNamesFor({ stem_names: 'a,b,c' }, 2)).toEqual(['stem-1', 'stem-2']);
    expect(readOnnxMetadata(new Uint8Array([0xff, 0xff]))).toEqual({});
  });
  it('keeps one model per slot, returns its bytes and removes it', async () => {
    const store = new UserModelStore(createMemoryStore());
    const first = tinySeparator();
    const second = tinySeparator({ gains: [1, 1] });
    await store.save(await checkUserModel('stem-separator', first, 'one.onnx'), first, 'one.onnx', 1);
    const summary = await checkUserModel('stem-separator', second, 'two.onnx');
    await store.save(summary, second, 'two.onnx', 2);
    const { models } = await store.list();
    expect(models.map((model) => model.fileName)).toEqual(['two.onnx']);
    expect(Array.from((await store.bytes(summary.sha256)) ?? [])).toEqual(Array.from(second));
    await store.remove(summary.sha256);
    expect((await store.list()).models).toEqual([]);
    expect(await store.bytes(summary.sha256)).toBeUndefined();
  });
});

describe('stored models as the workers load them', () => {
  it('gives diarization the stored speaker model, named by its hash, or says why not', async () => {
    const records = createMemoryStore();
    expect(await loadStoredSpeakerEmbedder(records)).toEqual({ type: 'none' });
    const bytes = tinyEmbedder({ size: 8 });
    const summary = await checkUserModel('speaker-embedding', bytes, 'voices.onnx');
    await new UserModelStore(records).save(summary, bytes, 'voices.onnx');
    const loaded = await loadStoredSpeakerEmbedder(records);
    if (loaded.type !== 'loaded') throw new Error(`expected loaded, got ${loaded.type}`);
    expect(loaded.embedder.name).toBe(`onnx-${summary.sha256.slice(0, 16)}`);
    const [vector] = await loaded.embedder.embed(new Float32Array(16000).fill(0.01), [{ start: 0, end: 1 }]);
    expect(vector?.length).toBe(8);
    await loaded.release();
    await records.delete('models', `file:${summary.sha256}`);
    expect(await loadStoredSpeakerEmbedder(records)).toMatchObject({ type: 'unusable', problem: expect.stringContaining('"voices.onnx" is gone from storage') });
  });
  it('gives the analysis the stored stem model with its stem names', async () => {
    const records = createMemoryStore();
    expect(await storedStemSeparator(records)).toBeUndefined();
    const bytes = tinySeparator({ stemNames: 'low,high' });
    await new UserModelStore(records).save(await checkUserModel('stem-separator', bytes, 'split.onnx'), bytes, 'split.onnx');
    const separator = await storedStemSeparator(records);
    expect(separator).toMatchObject({ label: 'split.onnx', stemNames: ['low', 'high'] });
    const stems = await separator!.separate([new Float32Array(22050).fill(0.5)], 22050, () => undefined, async () => undefined);
    expect(stems.map((stem) => stem.length)).toEqual([22050, 22050]);
    expect(stems[1]![11025]).toBeCloseTo(0.375, 2);
  });
});
