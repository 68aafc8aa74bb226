// Sum/Min/Max with TF's axes tensor (a constant here) and keep_dims flag.
// Opset 17: ReduceSum takes axes as an input, ReduceMin/Max as an attribute.
import type { ConversionContext, OpConverter } from '../conversion-context.ts';

function reductionAxes(context: ConversionContext): number[] {
  const axes = context.constInts(1);
  if (axes.length === 0) throw context.unsupported('an empty axis list (reduce over nothing) is not supported');
  return axes;
}

const sum: OpConverter = (context) => {
  const axes = context.builder.addInt64Initializer(context.intermediate('axes'), reductionAxes(context));
  const keepdims = context.boolAttr('keep_dims', false) ? 1 : 0;
  context.builder.addNode('ReduceSum', [context.input(0), axes], [context.output], { keepdims });
};

function attributeAxesReduction(onnxOp: string): OpConverter {
  return (context) => {
    const keepdims = context.boolAttr('keep_dims', false) ? 1 : 0;
    context.builder.addNode(onnxOp, [context.input(0)], [context.output], { axes: reductionAxes(context), keepdims });
  };
}

export const reductionConverters: Record<string, OpConverter> = {
  Sum: sum,
  Min: attributeAxesReduction('ReduceMin'),
  Max: attributeAxesReduction('ReduceMax')
};
