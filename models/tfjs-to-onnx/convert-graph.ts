// TF.js graph → ONNX ModelProto bytes. Walks the graph from its outputs
// (so dead nodes are dropped), emits nodes in a deterministic topological
// order and fails on the first op it does not know, naming it.
import { ConversionContext, type OpConverter } from './conversion-context.ts';
import { OnnxGraphBuilder, type OnnxValueSignature } from './onnx-graph-builder.ts';
import { convolutionConverters } from './ops/convolution.ts';
import { elementwiseConverters } from './ops/elementwise.ts';
import { reductionConverters } from './ops/reductions.ts';
import { shapeConverters } from './ops/shape-ops.ts';
import { slicingConverters } from './ops/slicing.ts';
import type { TfGraph, TfNode } from './tfjs-graph.ts';

const CONVERTERS: Readonly<Record<string, OpConverter>> = {
  ...elementwiseConverters,
  ...reductionConverters,
  ...shapeConverters,
  ...slicingConverters,
  ...convolutionConverters
};

export const SUPPORTED_TF_OPS: readonly string[] = ['Const', 'Placeholder', ...Object.keys(CONVERTERS)].sort();

export interface ConvertOptions {
  readonly graphName: string;
  readonly docString?: string;
  /** Output node names; defaults to the model signature's outputs. */
  readonly outputs?: readonly { readonly nodeName: string; readonly shape?: readonly number[]; readonly dtype?: OnnxValueSignature['dtype'] }[];
  /** Name for dynamic (-1) dimensions, e.g. "batch". */
  readonly dynamicDimName?: string;
}

const DTYPES: Readonly<Record<string, OnnxValueSignature['dtype']>> = { DT_FLOAT: 'float32', DT_INT32: 'int32', DT_INT64: 'int64' };

/** Depth-first post-order from the outputs: inputs before consumers, stable across runs. */
function topologicalOrder(graph: TfGraph, outputNames: readonly string[]): TfNode[] {
  const byName = new Map(graph.nodes.map((node) => [node.name, node]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: TfNode[] = [];
  const visit = (name: string, consumer: string): void => {
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`The graph has a cycle through "${name}".`);
    const node = byName.get(name);
    if (node === undefined) {
      if (graph.constants.has(name)) return;
      throw new Error(`"${consumer}" reads "${name}", which is not in the graph.`);
    }
    state.set(name, 'visiting');
    for (const input of node.inputs) visit(input, name);
    state.set(name, 'done');
    order.push(node);
  };
  for (const name of outputNames) visit(name, 'the outputs');
  return order;
}

function placeholderSignature(node: TfNode, dynamicDimName: string): OnnxValueSignature {
  const dtype = DTYPES[node.attr['dtype']?.type ?? 'DT_FLOAT'];
  if (dtype === undefined) throw new Error(`Placeholder "${node.name}" has unsupported dtype ${node.attr['dtype']?.type}.`);
  const shapeAttr = node.attr['shape']?.shape;
  const dims = (shapeAttr as { dim?: { size?: string }[] } | undefined)?.dim ?? [];
  const shape = dims.map((dim) => {
    const size = Number(dim.size ?? '-1');
    return size < 0 ? dynamicDimName : size;
  });
  return { name: node.name, dtype, shape };
}

export function convertTfGraphToOnnx(graph: TfGraph, options: ConvertOptions): Uint8Array {
  const outputs = options.outputs ?? graph.outputs;
  if (outputs.length === 0) throw new Error('The graph declares no outputs; pass them in the options.');
  const dynamicDimName = options.dynamicDimName ?? 'batch';
  const builder = new OnnxGraphBuilder();
  const inputs: OnnxValueSignature[] = [];
  for (const node of topologicalOrder(graph, outputs.map((output) => output.nodeName))) {
    if (node.op === 'Const') continue; // emitted as an initializer when first used
    if (node.op === 'Placeholder') {
      inputs.push(placeholderSignature(node, dynamicDimName));
      continue;
    }
    const converter = CONVERTERS[node.op];
    if (converter === undefined) {
      throw new Error(`Unsupported TF op "${node.op}" (node "${node.name}"). Supported: ${SUPPORTED_TF_OPS.join(', ')}.`);
    }
    converter(new ConversionContext(builder, node, graph.constants));
  }
  const outputSignatures: OnnxValueSignature[] = outputs.map((output) => ({
    name: output.nodeName,
    dtype: 'dtype' in output && output.dtype !== undefined ? output.dtype : 'float32',
    ...(output.shape === undefined ? {} : { shape: output.shape.map((size) => (size < 0 ? dynamicDimName : size)) })
  }));
  return builder.encode(options.graphName, inputs, outputSignatures, options.docString ?? '');
}
