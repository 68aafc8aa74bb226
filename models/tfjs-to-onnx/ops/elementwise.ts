// Element-wise TF ops. TF and ONNX broadcast binary ops the same (numpy) way,
// so most map one to one.
import type { OpConverter } from '../conversion-context.ts';

function unary(onnxOp: string): OpConverter {
  return (context) => context.builder.addNode(onnxOp, [context.input(0)], [context.output]);
}

function binary(onnxOp: string): OpConverter {
  return (context) => context.builder.addNode(onnxOp, [context.input(0), context.input(1)], [context.output]);
}

/** Square has no ONNX op; x·x is exact where Pow(x, 2) may not be. */
const square: OpConverter = (context) => {
  const x = context.input(0);
  context.builder.addNode('Mul', [x, x], [context.output]);
};

/** DivNoNan(x, y) = y == 0 ? 0 : x / y, as Spotify's own tf2onnx export spells it. */
const divNoNan: OpConverter = (context) => {
  const dtype = context.attr('T')?.type;
  if (dtype !== undefined && dtype !== 'DT_FLOAT') throw context.unsupported(`dtype ${dtype} (only float32)`);
  const { builder } = context;
  const x = context.input(0);
  const y = context.input(1);
  const zero = builder.addInitializer(context.intermediate('zero'), 'float32', [], new Float32Array([0]));
  const quotient = context.intermediate('quotient');
  const isZero = context.intermediate('divisor_is_zero');
  builder.addNode('Div', [x, y], [quotient]);
  builder.addNode('Equal', [y, zero], [isZero]);
  builder.addNode('Where', [isZero, zero, quotient], [context.output]);
};

export const elementwiseConverters: Record<string, OpConverter> = {
  Identity: unary('Identity'),
  Neg: unary('Neg'),
  Sigmoid: unary('Sigmoid'),
  Sqrt: unary('Sqrt'),
  Log: unary('Log'),
  Relu: unary('Relu'),
  Square: square,
  Mul: binary('Mul'),
  Add: binary('Add'),
  AddV2: binary('Add'),
  Sub: binary('Sub'),
  RealDiv: binary('Div'),
  DivNoNan: divNoNan
};
