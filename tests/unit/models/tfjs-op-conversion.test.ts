// Op by op: every TF op in the Basic Pitch graph, converted to ONNX, gives
// what TF.js gives on the same input.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertTfGraphToOnnx } from '../../../models/tfjs-to-onnx/convert-graph.ts';
import { readTfjsGraph } from '../../../models/tfjs-to-onnx/tfjs-graph.ts';
import { b64, int, ints, maxAbsDifference, runBothWays, seededValues, type TinyGraphSpec } from './tiny-tfjs-graph.ts';

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  await tf.setBackend('cpu');
});

const i32 = (shape: number[], values: number[]) => ({ dtype: 'int32' as const, shape, values });
const f32 = (shape: number[], values: number[]) => ({ dtype: 'float32' as const, shape, values: Array.from(values) });
const conv = (strides: number[], padding: string) => ({ strides: ints(...strides), padding: { s: b64(padding) }, data_format: { s: b64('NHWC') }, dilations: ints(1, 1, 1, 1) });
const unary = (op: string): TinyGraphSpec => ({ inputShape: [2, 3, 4], ops: [{ op, inputs: ['x'] }] });
const binaryWith = (op: string, other: number[]): TinyGraphSpec => ({
  inputShape: [2, 3, 4],
  consts: { y: f32([4], other) },
  ops: [{ op, inputs: ['x', 'y'] }]
});
const slice = (shape: number[], begin: number[], end: number[], strides: number[], masks: Record<string, number>): TinyGraphSpec => ({
  inputShape: shape,
  consts: { b: i32([begin.length], begin), e: i32([end.length], end), s: i32([strides.length], strides) },
  ops: [{ op: 'StridedSlice', inputs: ['x', 'b', 'e', 's'], attr: Object.fromEntries(Object.entries(masks).map(([key, value]) => [key, int(value)])) }]
});

const cases: [string, TinyGraphSpec, ((input: Float32Array) => Float32Array)?][] = [
  ['Conv2D VALID with a time stride (the CQT conv1d)', {
    inputShape: [2, 1, 40, 2],
    consts: { w: f32([1, 5, 2, 3], Array.from(seededValues(30, 3))) },
    ops: [{ op: 'Conv2D', inputs: ['x', 'w'], attr: conv([1, 1, 4, 1], 'VALID') }]
  }],
  ['Conv2D SAME with stride 3 (odd padding goes last)', {
    inputShape: [1, 7, 11, 2],
    consts: { w: f32([3, 5, 2, 4], Array.from(seededValues(120, 5))) },
    ops: [{ op: 'Conv2D', inputs: ['x', 'w'], attr: conv([1, 1, 3, 1], 'SAME') }]
  }],
  ['_FusedConv2D with BiasAdd and Relu', {
    inputShape: [1, 6, 9, 3],
    consts: { w: f32([3, 3, 3, 2], Array.from(seededValues(54, 9))), bias: f32([2], [0.1, -0.2]) },
    ops: [{ op: '_FusedConv2D', inputs: ['x', 'w', 'bias'], attr: { ...conv([1, 1, 1, 1], 'SAME'), num_args: int(1), fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } } } }]
  }],
  ['_FusedConv2D with BiasAdd only', {
    inputShape: [1, 5, 8, 2],
    consts: { w: f32([5, 3, 2, 1], Array.from(seededValues(30, 11))), bias: f32([1], [0.3]) },
    ops: [{ op: '_FusedConv2D', inputs: ['x', 'w', 'bias'], attr: { ...conv([1, 1, 1, 1], 'SAME'), num_args: int(1), fused_ops: { list: { s: [b64('BiasAdd')] } } } }]
  }],
  ['Transpose', { inputShape: [2, 3, 4], consts: { p: i32([3], [2, 0, 1]) }, ops: [{ op: 'Transpose', inputs: ['x', 'p'] }] }],
  ['ExpandDims at -3', { inputShape: [2, 3, 4], consts: { d: i32([], [-3]) }, ops: [{ op: 'ExpandDims', inputs: ['x', 'd'] }] }],
  ['Squeeze at -3', { inputShape: [2, 1, 3, 4], ops: [{ op: 'Squeeze', inputs: ['x'], attr: { squeeze_dims: ints(-3) } }] }],
  ['StridedSlice with a new axis and full ranges', slice([3, 8], [0, 0, 0], [0, 0, 0], [1, 1, 1], { begin_mask: 5, end_mask: 5, new_axis_mask: 2 })],
  ['StridedSlice shrinking the first axis', slice([3, 8], [1], [2], [1], { shrink_axis_mask: 1 })],
  ['StridedSlice shrinking the last element (begin -1)', slice([3, 8], [0, -1], [0, 0], [1, 1], { begin_mask: 1, end_mask: 1, shrink_axis_mask: 2 })],
  ['StridedSlice with bounds, a step and masks (harmonic stacking)', slice([2, 10, 6, 1], [0, 0, 2, 0], [0, 0, 5, 0], [1, 1, 1, 1], { begin_mask: 11, end_mask: 11 })],
  ['StridedSlice with a negative stride', slice([2, 10], [0, 8], [0, 1], [1, -3], { begin_mask: 1, end_mask: 1 })],
  ['Pad with zeros', { inputShape: [2, 3, 4], consts: { p: i32([3, 2], [0, 0, 1, 2, 3, 0]) }, ops: [{ op: 'Pad', inputs: ['x', 'p'] }] }],
  ['MirrorPad REFLECT', { inputShape: [2, 9, 1], consts: { p: i32([3, 2], [0, 0, 4, 4, 0, 0]) }, ops: [{ op: 'MirrorPad', inputs: ['x', 'p'], attr: { mode: { s: b64('REFLECT') } } }] }],
  ['Pack on the last axis', { inputShape: [2, 3], ops: [{ op: 'Neg', inputs: ['x'], name: 'n' }, { op: 'Pack', inputs: ['x', 'n'], attr: { axis: int(-1), N: int(2) } }] }],
  ['Shape → StridedSlice → Pack → Reshape (dynamic batch flatten)', {
    inputShape: [2, 6, 1],
    consts: { b: i32([1], [0]), e: i32([1], [1]), s: i32([1], [1]), six: i32([], [6]) },
    ops: [
      { op: 'Shape', inputs: ['x'], name: 'shape', attr: { out_type: { type: 'DT_INT32' } } },
      { op: 'StridedSlice', inputs: ['shape', 'b', 'e', 's'], name: 'batch', attr: { shrink_axis_mask: int(1), T: { type: 'DT_INT32' } } },
      { op: 'Pack', inputs: ['batch', 'six'], name: 'target', attr: { axis: int(0), N: int(2), T: { type: 'DT_INT32' } } },
      { op: 'Reshape', inputs: ['x', 'target'] }
    ]
  }],
  ['ConcatV2 on the channel axis', { inputShape: [2, 3, 2], consts: { a: i32([], [-1]) }, ops: [{ op: 'Sigmoid', inputs: ['x'], name: 's' }, { op: 'ConcatV2', inputs: ['x', 's', 'a'], attr: { N: int(2) } }] }],
  ['Neg', unary('Neg')],
  ['Sigmoid', unary('Sigmoid')],
  ['Square', unary('Square')],
  ['Identity', unary('Identity')],
  ['Sqrt', unary('Sqrt'), (x) => x.map(Math.abs)],
  ['Log', unary('Log'), (x) => x.map((value) => Math.abs(value) + 1e-3)],
  ['Mul (broadcast)', binaryWith('Mul', [1, -2, 0.5, 3])],
  ['AddV2 (broadcast)', binaryWith('AddV2', [1, -2, 0.5, 3])],
  ['Add (broadcast)', binaryWith('Add', [0.25, 0, -1, 2])],
  ['Sub (broadcast)', binaryWith('Sub', [0.25, 0, -1, 2])],
  ['DivNoNan gives 0 where the divisor is 0', binaryWith('DivNoNan', [2, 0, -0.5, 0])],
  ['Sum keeping dims', { inputShape: [2, 3, 4], consts: { a: i32([1], [-1]) }, ops: [{ op: 'Sum', inputs: ['x', 'a'], attr: { keep_dims: { b: true } } }] }],
  ['Min over two axes', { inputShape: [2, 3, 4], consts: { a: i32([2], [1, 2]) }, ops: [{ op: 'Min', inputs: ['x', 'a'], attr: { keep_dims: { b: false } } }] }],
  ['Max over two axes', { inputShape: [2, 3, 4], consts: { a: i32([2], [1, 2]) }, ops: [{ op: 'Max', inputs: ['x', 'a'], attr: { keep_dims: { b: false } } }] }]
];

describe('TF.js → ONNX, op by op against TF.js', () => {
  it.each(cases)('%s', async (_name, spec, prepare) => {
    const count = spec.inputShape.reduce((product, size) => product * size, 1);
    const raw = seededValues(count, 42);
    const input = prepare === undefined ? raw : prepare(raw);
    const { tfjs, onnx } = await runBothWays(spec, input);
    expect(onnx.shape).toEqual(tfjs.shape);
    expect(maxAbsDifference(onnx.values, tfjs.values)).toBeLessThanOrEqual(1e-6);
  });
});

describe('TF.js → ONNX, refusals', () => {
  const graphWith = (op: string, attr: Record<string, unknown> = {}) =>
    readTfjsGraph(
      {
        modelTopology: {
          node: [
            { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' } } },
            { name: 'y', op, input: ['x'], attr }
          ]
        },
        weightsManifest: [{ paths: [], weights: [] }]
      },
      new Uint8Array(0)
    );

  it('names an unsupported op', () => {
    expect(() => convertTfGraphToOnnx(graphWith('Erf'), { graphName: 'g', outputs: [{ nodeName: 'y' }] })).toThrow(/Unsupported TF op "Erf" \(node "y"\)/);
  });

  it('refuses MirrorPad SYMMETRIC, which ONNX cannot express', () => {
    const graph = readTfjsGraph(
      {
        modelTopology: {
          node: [
            { name: 'x', op: 'Placeholder' },
            { name: 'p', op: 'Const' },
            { name: 'y', op: 'MirrorPad', input: ['x', 'p'], attr: { mode: { s: b64('SYMMETRIC') } } }
          ]
        },
        weightsManifest: [{ paths: [], weights: [{ name: 'p', dtype: 'int32', shape: [1, 2] }] }]
      },
      new Uint8Array(8)
    );
    expect(() => convertTfGraphToOnnx(graph, { graphName: 'g', outputs: [{ nodeName: 'y' }] })).toThrow(/MirrorPad.*SYMMETRIC/);
  });

  it('refuses weight data that does not match model.json', () => {
    expect(() =>
      readTfjsGraph({ modelTopology: { node: [] }, weightsManifest: [{ paths: [], weights: [{ name: 'w', dtype: 'float32', shape: [4] }] }] }, new Uint8Array(8))
    ).toThrow(/truncated/);
  });
});
