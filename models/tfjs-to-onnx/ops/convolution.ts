// Conv2D and _FusedConv2D (Grappler's Conv2D + BiasAdd [+ Relu]).
// TF convolves NHWC with HWIO filters, ONNX NCHW with OIHW: the filter is
// transposed once at conversion, the activations by Transpose nodes around
// the Conv, which onnxruntime's transpose optimizer folds where it can.
import type { ConversionContext, OpConverter } from '../conversion-context.ts';

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];

/** HWIO → OIHW, done on the constant so the model carries no runtime transpose. */
function filterToOihw(context: ConversionContext): string {
  const { builder } = context;
  const name = `${context.node.inputs[1] ?? context.output}/oihw`;
  if (!context.isConstInput(1)) {
    builder.addNode('Transpose', [context.input(1)], [name], { perm: [3, 2, 0, 1] });
    return name;
  }
  if (builder.hasInitializer(name)) return name;
  const filter = context.constInput(1);
  const [height, width, inChannels, outChannels] = filter.shape;
  if (height === undefined || width === undefined || inChannels === undefined || outChannels === undefined || filter.shape.length !== 4) {
    throw context.unsupported(`a filter of shape [${filter.shape.join(', ')}] (expected HWIO)`);
  }
  const source = filter.values;
  const target = new Float32Array(source.length);
  for (let h = 0; h < height; h += 1) {
    for (let w = 0; w < width; w += 1) {
      for (let i = 0; i < inChannels; i += 1) {
        for (let o = 0; o < outChannels; o += 1) {
          target[((o * inChannels + i) * height + h) * width + w] = source[((h * width + w) * inChannels + i) * outChannels + o] ?? 0;
        }
      }
    }
  }
  return builder.addInitializer(name, 'float32', [outChannels, inChannels, height, width], target);
}

function convAttributes(context: ConversionContext, spatial: readonly [number, number]): Record<string, number[] | string> {
  const strides = context.intListAttr('strides');
  const dilations = context.intListAttr('dilations');
  const pick = (values: number[]): number[] => (values.length === 4 ? spatial.map((axis) => values[axis] ?? 1) : [1, 1]);
  const padding = context.stringAttr('padding');
  const attributes: Record<string, number[] | string> = { strides: pick(strides), dilations: pick(dilations) };
  // TF SAME puts the odd padding sample at the end, which is ONNX SAME_UPPER.
  if (padding === 'SAME') attributes['auto_pad'] = 'SAME_UPPER';
  else if (padding === 'VALID') attributes['pads'] = [0, 0, 0, 0];
  else throw context.unsupported(`padding ${padding ?? '(none)'} (only SAME and VALID)`);
  return attributes;
}

function convolve(context: ConversionContext, bias: string | undefined, relu: boolean): void {
  const { builder } = context;
  const format = context.stringAttr('data_format') ?? 'NHWC';
  if (format !== 'NHWC' && format !== 'NCHW') throw context.unsupported(`data_format ${format}`);
  const nhwc = format === 'NHWC';
  const attributes = convAttributes(context, nhwc ? [1, 2] : [2, 3]);
  const inputs = [nhwc ? context.intermediate('nchw_input') : context.input(0), filterToOihw(context)];
  if (nhwc) builder.addNode('Transpose', [context.input(0)], [inputs[0] ?? ''], { perm: NHWC_TO_NCHW });
  if (bias !== undefined) inputs.push(bias);
  const stages = [{ op: 'Conv', attributes }];
  if (relu) stages.push({ op: 'Relu', attributes: {} });
  if (nhwc) stages.push({ op: 'Transpose', attributes: { perm: NCHW_TO_NHWC } });
  let data = inputs;
  stages.forEach((stage, index) => {
    const output = index === stages.length - 1 ? context.output : context.intermediate(`${stage.op.toLowerCase()}_nchw`);
    builder.addNode(stage.op, data, [output], stage.attributes);
    data = [output];
  });
}

const conv2d: OpConverter = (context) => convolve(context, undefined, false);

const fusedConv2d: OpConverter = (context) => {
  const fused = context.stringListAttr('fused_ops');
  const numArgs = context.intAttr('num_args', 0);
  if (fused[0] !== 'BiasAdd' || numArgs !== 1 || fused.length > 2 || (fused.length === 2 && fused[1] !== 'Relu')) {
    throw context.unsupported(`fused ops [${fused.join(', ')}] with ${numArgs} args (only BiasAdd and BiasAdd+Relu)`);
  }
  convolve(context, context.input(2), fused.length === 2);
};

export const convolutionConverters: Record<string, OpConverter> = {
  Conv2D: conv2d,
  _FusedConv2D: fusedConv2d
};
