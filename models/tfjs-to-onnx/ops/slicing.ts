// StridedSlice (with begin/end/shrink/new-axis masks) and the two pads.
// StridedSlice becomes Slice → Squeeze (shrunk axes) → Unsqueeze (new axes).
import type { ConversionContext, OpConverter } from '../conversion-context.ts';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

const bit = (mask: number, index: number): boolean => ((mask >> index) & 1) === 1;

interface SlicePlan {
  readonly starts: bigint[];
  readonly ends: bigint[];
  readonly axes: number[];
  readonly steps: bigint[];
  readonly shrinkAxes: number[];
  readonly newAxes: number[];
}

function planStridedSlice(context: ConversionContext): SlicePlan {
  const begin = context.constInts(1);
  const end = context.constInts(2);
  const strides = context.constInts(3);
  const beginMask = context.intAttr('begin_mask', 0);
  const endMask = context.intAttr('end_mask', 0);
  const shrinkMask = context.intAttr('shrink_axis_mask', 0);
  const newAxisMask = context.intAttr('new_axis_mask', 0);
  // The ellipsis needs the input rank, which a TF.js graph does not record.
  if (context.intAttr('ellipsis_mask', 0) !== 0) throw context.unsupported('ellipsis_mask is not supported');
  const plan: SlicePlan = { starts: [], ends: [], axes: [], steps: [], shrinkAxes: [], newAxes: [] };
  let inputAxis = 0;
  let outputAxis = 0;
  for (let index = 0; index < begin.length; index += 1) {
    const stride = strides[index] ?? 1;
    if (stride === 0) throw context.unsupported('a stride of 0');
    if (bit(newAxisMask, index)) {
      plan.newAxes.push(outputAxis);
      outputAxis += 1;
      continue;
    }
    if (bit(shrinkMask, index)) {
      const start = bit(beginMask, index) ? 0 : (begin[index] ?? 0);
      plan.starts.push(BigInt(start));
      // begin -1 means the last element: end at "past the end", not at 0.
      plan.ends.push(start === -1 ? INT64_MAX : BigInt(start + 1));
      plan.axes.push(inputAxis);
      plan.steps.push(1n);
      plan.shrinkAxes.push(inputAxis);
      inputAxis += 1;
      continue;
    }
    const fullStart = bit(beginMask, index);
    const fullEnd = bit(endMask, index);
    if (!(fullStart && fullEnd && stride === 1)) {
      plan.starts.push(fullStart ? (stride > 0 ? 0n : INT64_MAX) : BigInt(begin[index] ?? 0));
      plan.ends.push(fullEnd ? (stride > 0 ? INT64_MAX : INT64_MIN) : BigInt(end[index] ?? 0));
      plan.axes.push(inputAxis);
      plan.steps.push(BigInt(stride));
    }
    inputAxis += 1;
    outputAxis += 1;
  }
  return plan;
}

const stridedSlice: OpConverter = (context) => {
  const { builder } = context;
  const plan = planStridedSlice(context);
  const stages: { op: string; inputs: (data: string) => string[] }[] = [];
  if (plan.axes.length > 0) {
    const names = ['starts', 'ends', 'axes', 'steps'] as const;
    const values = [plan.starts, plan.ends, plan.axes, plan.steps];
    const params = names.map((name, index) => builder.addInt64Initializer(context.intermediate(name), values[index] ?? []));
    stages.push({ op: 'Slice', inputs: (data) => [data, ...params] });
  }
  if (plan.shrinkAxes.length > 0) {
    const axes = builder.addInt64Initializer(context.intermediate('shrink_axes'), plan.shrinkAxes);
    stages.push({ op: 'Squeeze', inputs: (data) => [data, axes] });
  }
  if (plan.newAxes.length > 0) {
    const axes = builder.addInt64Initializer(context.intermediate('new_axes'), plan.newAxes);
    stages.push({ op: 'Unsqueeze', inputs: (data) => [data, axes] });
  }
  if (stages.length === 0) stages.push({ op: 'Identity', inputs: (data) => [data] });
  let data = context.input(0);
  stages.forEach((stage, index) => {
    const output = index === stages.length - 1 ? context.output : context.intermediate(stage.op.toLowerCase());
    builder.addNode(stage.op, stage.inputs(data), [output]);
    data = output;
  });
};

/** TF paddings are [rank, 2] (before, after) pairs; ONNX wants all befores then all afters. */
function onnxPads(context: ConversionContext): number[] {
  const pairs = context.constInts(1);
  const befores = pairs.filter((_, index) => index % 2 === 0);
  const afters = pairs.filter((_, index) => index % 2 === 1);
  return [...befores, ...afters];
}

const pad: OpConverter = (context) => {
  const pads = context.builder.addInt64Initializer(context.intermediate('pads'), onnxPads(context));
  context.builder.addNode('Pad', [context.input(0), pads], [context.output], { mode: 'constant' });
};

const mirrorPad: OpConverter = (context) => {
  const mode = context.stringAttr('mode');
  // TF REFLECT excludes the edge sample, like ONNX "reflect"; SYMMETRIC has no ONNX twin.
  if (mode !== 'REFLECT') throw context.unsupported(`mode ${mode ?? '(none)'} (only REFLECT)`);
  const pads = context.builder.addInt64Initializer(context.intermediate('pads'), onnxPads(context));
  context.builder.addNode('Pad', [context.input(0), pads], [context.output], { mode: 'reflect' });
};

export const slicingConverters: Record<string, OpConverter> = {
  StridedSlice: stridedSlice,
  Pad: pad,
  MirrorPad: mirrorPad
};
