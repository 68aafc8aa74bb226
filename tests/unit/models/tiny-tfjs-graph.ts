// Builds one-op TF.js graph models in memory so each op can be run by both
// @tensorflow/tfjs (the reference) and onnxruntime-web (our conversion).
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web/wasm';
import { convertTfGraphToOnnx } from '../../../models/tfjs-to-onnx/convert-graph.ts';
import { readTfjsGraph, type TfAttrValue } from '../../../models/tfjs-to-onnx/tfjs-graph.ts';

export interface TinyConst {
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

export interface TinyOp {
  readonly op: string;
  /** Input names: 'x' (the placeholder), a const name, or an earlier op's name. */
  readonly inputs: readonly string[];
  readonly attr?: Record<string, TfAttrValue>;
  readonly name?: string;
}

export interface TinyGraphSpec {
  readonly inputShape: readonly number[];
  readonly consts?: Record<string, TinyConst>;
  readonly ops: readonly TinyOp[];
}

export const b64 = (text: string): string => btoa(text);
export const ints = (...values: number[]): TfAttrValue => ({ list: { i: values.map(String) } });
export const int = (value: number): TfAttrValue => ({ i: String(value) });
const FLOAT: TfAttrValue = { type: 'DT_FLOAT' };

function artifacts(spec: TinyGraphSpec): { modelJson: unknown; weightData: Uint8Array; output: string } {
  const consts = Object.entries(spec.consts ?? {});
  const nodes: unknown[] = [
    { name: 'x', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: { dim: spec.inputShape.map((size) => ({ size: String(size) })) } } } },
    ...consts.map(([name, value]) => ({ name, op: 'Const', attr: { dtype: { type: value.dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32' } } }))
  ];
  spec.ops.forEach((op, index) => nodes.push({ name: op.name ?? `op${index}`, op: op.op, input: op.inputs, attr: { T: FLOAT, ...op.attr } }));
  const weightData = new Uint8Array(consts.reduce((total, [, value]) => total + value.values.length * 4, 0));
  let offset = 0;
  for (const [, value] of consts) {
    const typed = value.dtype === 'float32' ? new Float32Array(value.values) : new Int32Array(value.values);
    weightData.set(new Uint8Array(typed.buffer), offset);
    offset += typed.byteLength;
  }
  const weights = consts.map(([name, value]) => ({ name, dtype: value.dtype, shape: value.shape }));
  const last = spec.ops[spec.ops.length - 1];
  const output = last?.name ?? `op${spec.ops.length - 1}`;
  return { modelJson: { format: 'graph-model', modelTopology: { node: nodes, versions: { producer: 808 } }, weightsManifest: [{ paths: [], weights }] }, weightData, output };
}

export interface OpRun {
  readonly tfjs: { shape: number[]; values: number[] };
  readonly onnx: { shape: number[]; values: number[] };
}

/** Runs `spec` on TF.js and, converted, on onnxruntime-web with the same input. */
export async function runBothWays(spec: TinyGraphSpec, input: Float32Array): Promise<OpRun> {
  const { modelJson, weightData, output } = artifacts(spec);
  const json = modelJson as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const model = await tf.loadGraphModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]?.weights ?? [], weightData: weightData.slice().buffer })
  );
  const result = model.execute(tf.tensor(input, [...spec.inputShape]), output) as tf.Tensor;
  const tfjs = { shape: result.shape, values: Array.from(await result.data()) };
  const onnxBytes = convertTfGraphToOnnx(readTfjsGraph(modelJson, weightData), {
    graphName: 'tiny',
    outputs: [{ nodeName: output, dtype: result.dtype === 'int32' ? 'int32' : 'float32' }]
  });
  const session = await ort.InferenceSession.create(onnxBytes);
  const results = await session.run({ x: new ort.Tensor('float32', input, [...spec.inputShape]) });
  const tensor = results[output];
  if (tensor === undefined) throw new Error(`onnxruntime returned no ${output}`);
  await session.release();
  return { tfjs, onnx: { shape: [...tensor.dims], values: Array.from(tensor.data as Float32Array | Int32Array) } };
}

export function maxAbsDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  return a.reduce((worst, value, index) => Math.max(worst, Math.abs(value - (b[index] ?? Number.NaN))), 0);
}

/** Deterministic pseudo-random values in [-1, 1) so failures reproduce. */
export function seededValues(count: number, seed = 7): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 2 - 1;
  });
}
