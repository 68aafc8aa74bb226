// Ops that only move or re-label data: Shape, Reshape, ExpandDims, Squeeze,
// Transpose, Pack, ConcatV2. TF's negative axes mean the same as ONNX's here
// (ExpandDims/Pack count from the output rank, Squeeze/Concat from the input's).
import { onnxElementType } from '../onnx-graph-builder.ts';
import type { OpConverter } from '../conversion-context.ts';

/** TF Shape yields int32 (or int64, per out_type); ONNX Shape always int64. */
const shape: OpConverter = (context) => {
  const outType = context.attr('out_type')?.type ?? 'DT_INT32';
  if (outType !== 'DT_INT32' && outType !== 'DT_INT64') throw context.unsupported(`out_type ${outType}`);
  const shape64 = context.intermediate('shape_int64');
  context.builder.addNode('Shape', [context.input(0)], [shape64]);
  const to = onnxElementType(outType === 'DT_INT32' ? 'int32' : 'int64');
  context.builder.addNode('Cast', [shape64], [context.output], { to });
};

/** ONNX Reshape wants int64; allowzero=1 so a 0 means an empty dim, as in TF. */
const reshape: OpConverter = (context) => {
  const { builder } = context;
  let shape64: string;
  if (context.isConstInput(1)) {
    shape64 = builder.addInt64Initializer(context.intermediate('shape'), context.constInts(1));
  } else {
    shape64 = context.intermediate('shape_int64');
    builder.addNode('Cast', [context.input(1)], [shape64], { to: onnxElementType('int64') });
  }
  builder.addNode('Reshape', [context.input(0), shape64], [context.output], { allowzero: 1 });
};

const expandDims: OpConverter = (context) => {
  const axes = context.builder.addInt64Initializer(context.intermediate('axes'), context.constInts(1));
  context.builder.addNode('Unsqueeze', [context.input(0), axes], [context.output]);
};

const squeeze: OpConverter = (context) => {
  const dims = context.intListAttr('squeeze_dims');
  // No dims: squeeze every size-1 dim, which is also ONNX's meaning of "no axes".
  const inputs = [context.input(0)];
  if (dims.length > 0) inputs.push(context.builder.addInt64Initializer(context.intermediate('axes'), dims));
  context.builder.addNode('Squeeze', inputs, [context.output]);
};

const transpose: OpConverter = (context) => {
  context.builder.addNode('Transpose', [context.input(0)], [context.output], { perm: context.constInts(1) });
};

/** Pack = Unsqueeze each input on the new axis, then Concat along it. */
const pack: OpConverter = (context) => {
  const axis = context.intAttr('axis', 0);
  const axes = context.builder.addInt64Initializer(context.intermediate('axis'), [axis]);
  const expanded: string[] = [];
  for (let index = 0; index < context.inputCount; index += 1) {
    const name = context.intermediate(`expanded_${index}`);
    context.builder.addNode('Unsqueeze', [context.input(index), axes], [name]);
    expanded.push(name);
  }
  context.builder.addNode('Concat', expanded, [context.output], { axis });
};

/** ConcatV2's last input is the axis. */
const concatV2: OpConverter = (context) => {
  const last = context.inputCount - 1;
  const [axis] = context.constInts(last);
  if (axis === undefined) throw context.unsupported('the axis tensor is empty');
  const values: string[] = [];
  for (let index = 0; index < last; index += 1) values.push(context.input(index));
  context.builder.addNode('Concat', values, [context.output], { axis });
};

export const shapeConverters: Record<string, OpConverter> = {
  Shape: shape,
  Reshape: reshape,
  ExpandDims: expandDims,
  Squeeze: squeeze,
  Transpose: transpose,
  Pack: pack,
  ConcatV2: concatV2
};
