// Reads a TF.js graph model (model.json + its weight bytes) into plain nodes
// and constant tensors. The schema keeps only what the converter uses; the
// file is Google's format, not ours, so unknown fields are ignored rather
// than refused.
import * as v from 'valibot';

const AttrListSchema = v.object({
  i: v.optional(v.array(v.string())),
  f: v.optional(v.array(v.number())),
  s: v.optional(v.array(v.string()))
});

const AttrValueSchema = v.object({
  i: v.optional(v.string()),
  f: v.optional(v.number()),
  b: v.optional(v.boolean()),
  s: v.optional(v.string()),
  type: v.optional(v.string()),
  list: v.optional(AttrListSchema),
  shape: v.optional(v.unknown()),
  tensor: v.optional(v.unknown())
});
export type TfAttrValue = v.InferOutput<typeof AttrValueSchema>;

const NodeSchema = v.object({
  name: v.string(),
  op: v.string(),
  input: v.optional(v.array(v.string())),
  attr: v.optional(v.record(v.string(), AttrValueSchema))
});

const DimSchema = v.object({ size: v.optional(v.string()) });
const TensorInfoSchema = v.object({
  name: v.string(),
  dtype: v.string(),
  tensorShape: v.optional(v.object({ dim: v.optional(v.array(DimSchema)) }))
});

const WeightSpecSchema = v.object({
  name: v.string(),
  shape: v.array(v.number()),
  dtype: v.picklist(['float32', 'int32']),
  quantization: v.optional(v.unknown())
});
export type TfWeightSpec = v.InferOutput<typeof WeightSpecSchema>;

export const TfjsModelJsonSchema = v.object({
  format: v.optional(v.string()),
  signature: v.optional(
    v.object({
      inputs: v.optional(v.record(v.string(), TensorInfoSchema)),
      outputs: v.optional(v.record(v.string(), TensorInfoSchema))
    })
  ),
  modelTopology: v.object({ node: v.array(NodeSchema) }),
  weightsManifest: v.array(v.object({ paths: v.array(v.string()), weights: v.array(WeightSpecSchema) }))
});
export type TfjsModelJson = v.InferOutput<typeof TfjsModelJsonSchema>;

export interface TfNode {
  readonly name: string;
  readonly op: string;
  /** Producer node names; `name:0` suffixes and control inputs (`^name`) removed. */
  readonly inputs: readonly string[];
  readonly attr: Readonly<Record<string, TfAttrValue>>;
}

export interface TfConstant {
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array;
}

export interface TfTensorSignature {
  /** Node name without the `:0` suffix. */
  readonly nodeName: string;
  /** -1 marks a dynamic dimension. */
  readonly shape: readonly number[];
}

export interface TfGraph {
  readonly nodes: readonly TfNode[];
  readonly constants: ReadonlyMap<string, TfConstant>;
  readonly outputs: readonly TfTensorSignature[];
}

function producerName(input: string, consumer: string): string {
  const [name, port] = input.split(':');
  if (port !== undefined && port !== '0') {
    throw new Error(`Node "${consumer}" reads output ${port} of "${name}"; only single-output ops are supported.`);
  }
  return name ?? input;
}

/** Parses model.json and slices the concatenated weight shards into constants. */
export function readTfjsGraph(modelJson: unknown, weightData: Uint8Array): TfGraph {
  const parsed = v.safeParse(TfjsModelJsonSchema, modelJson);
  if (!parsed.success) {
    throw new Error(`model.json is not a TF.js graph model: ${v.summarize(parsed.issues)}`);
  }
  const model = parsed.output;
  const constants = new Map<string, TfConstant>();
  let offset = 0;
  for (const spec of model.weightsManifest.flatMap((group) => group.weights)) {
    if (spec.quantization !== undefined) throw new Error(`Weight "${spec.name}" is quantized; quantized weights are not supported.`);
    const count = spec.shape.reduce((product, size) => product * size, 1);
    const bytes = weightData.slice(offset, offset + count * 4);
    if (bytes.byteLength !== count * 4) throw new Error(`Weight data ends before "${spec.name}"; the .bin file is truncated.`);
    // Weight files are little-endian like every platform onnxruntime-web runs on.
    const values = spec.dtype === 'float32' ? new Float32Array(bytes.buffer) : new Int32Array(bytes.buffer);
    constants.set(spec.name, { dtype: spec.dtype, shape: spec.shape, values });
    offset += count * 4;
  }
  if (offset !== weightData.byteLength) {
    throw new Error(`Weight data has ${weightData.byteLength - offset} bytes more than model.json describes.`);
  }
  const nodes: TfNode[] = model.modelTopology.node.map((node) => ({
    name: node.name,
    op: node.op,
    inputs: (node.input ?? []).filter((input) => !input.startsWith('^')).map((input) => producerName(input, node.name)),
    attr: node.attr ?? {}
  }));
  const outputs = Object.values(model.signature?.outputs ?? {}).map((info) => ({
    nodeName: producerName(info.name, 'signature'),
    shape: (info.tensorShape?.dim ?? []).map((dim) => Number(dim.size ?? '-1'))
  }));
  return { nodes, constants, outputs };
}
