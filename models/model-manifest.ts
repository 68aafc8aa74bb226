// The model manifest's shape: every model the app ships, where its bytes came
// from, their SHA-256 and the I/O contract callers rely on. The JSON next to
// this file is the data; the build script checks prepared files against it
// and the inference runtime refuses bytes whose hash differs.
import * as v from 'valibot';
import manifestJson from './manifest.json';

const Sha256Schema = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'));

/** A number is a fixed size; a string names a dimension of any size ("batch", "samples"). */
const DimensionSchema = v.union([v.pipe(v.number(), v.integer(), v.minValue(0)), v.pipe(v.string(), v.minLength(1))]);
export type ContractDimension = v.InferOutput<typeof DimensionSchema>;

export const TensorDtypeSchema = v.picklist(['float32', 'int64', 'int32', 'bool']);
export type TensorDtype = v.InferOutput<typeof TensorDtypeSchema>;

export const TensorContractSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1)),
  dtype: TensorDtypeSchema,
  shape: v.array(DimensionSchema),
  description: v.optional(v.string())
});
export type TensorContract = v.InferOutput<typeof TensorContractSchema>;

export const ModelContractSchema = v.strictObject({
  /** Sample rate of audio inputs in Hz; null when the model takes no audio. */
  sampleRate: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  inputs: v.pipe(v.array(TensorContractSchema), v.minLength(1)),
  outputs: v.pipe(v.array(TensorContractSchema), v.minLength(1))
});
export type ModelContract = v.InferOutput<typeof ModelContractSchema>;

export const ModelEntrySchema = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^[a-z0-9-]+$/, 'must be lowercase words joined by dashes')),
  title: v.string(),
  version: v.string(),
  /** File name under /models/ on our origin (static/models/ in the repo). */
  file: v.pipe(v.string(), v.regex(/^[a-z0-9._-]+\.onnx$/, 'must be a plain .onnx file name')),
  sha256: Sha256Schema,
  sizeBytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  license: v.string(),
  sourcePackage: v.string(),
  sourcePath: v.string(),
  preparation: v.picklist(['copied', 'converted']),
  contract: ModelContractSchema
});
export type ModelEntry = v.InferOutput<typeof ModelEntrySchema>;

export const ModelManifestSchema = v.pipe(
  v.strictObject({ manifestVersion: v.literal(1), models: v.array(ModelEntrySchema) }),
  v.check((manifest) => new Set(manifest.models.map((model) => model.name)).size === manifest.models.length, 'model names must be unique')
);
export type ModelManifest = v.InferOutput<typeof ModelManifestSchema>;

/** Validates a manifest; the message names the offending field. */
export function parseModelManifest(input: unknown): ModelManifest {
  const result = v.safeParse(ModelManifestSchema, input);
  if (!result.success) throw new Error(`The model manifest is invalid: ${v.summarize(result.issues)}`);
  return result.output;
}

export const MODEL_MANIFEST: ModelManifest = parseModelManifest(manifestJson);

export type ModelName = 'basic-pitch' | 'silero-vad-v5';

export function modelEntry(name: ModelName | string, manifest: ModelManifest = MODEL_MANIFEST): ModelEntry {
  const entry = manifest.models.find((model) => model.name === name);
  if (entry === undefined) throw new Error(`No model named "${name}" in the model manifest.`);
  return entry;
}
