// Accumulates ONNX nodes and initializers and encodes the ModelProto with
// onnx-proto (protobufjs). Everything is appended in call order and no
// timestamps or random ids are written, so the same graph gives the same bytes.
import onnxProto from 'onnx-proto';
import type { onnx as OnnxMessages } from 'onnx-proto';

const { onnx } = onnxProto;

export const ONNX_OPSET = 17;
const ONNX_IR_VERSION = 8;

export type OnnxDtype = 'float32' | 'int32' | 'int64' | 'bool';

const ELEMENT_TYPE: Record<OnnxDtype, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL
};

export function onnxElementType(dtype: OnnxDtype): number {
  return ELEMENT_TYPE[dtype];
}

export type OnnxAttributeValue = number | string | readonly number[] | { readonly float: number };

export interface OnnxValueSignature {
  readonly name: string;
  readonly dtype: OnnxDtype;
  /** A string names a symbolic (dynamic) dimension such as "batch"; undefined: shape not declared. */
  readonly shape?: readonly (number | string)[];
}

function attribute(name: string, value: OnnxAttributeValue): OnnxMessages.IAttributeProto {
  const types = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: types.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`Attribute ${name}=${value}: use { float } for float attributes.`);
    return { name, type: types.INT, i: value };
  }
  if ('float' in value) return { name, type: types.FLOAT, f: value.float };
  return { name, type: types.INTS, ints: [...value] };
}

function littleEndianBytes(values: Float32Array | Int32Array | BigInt64Array | Uint8Array): Uint8Array {
  // Typed arrays are native-endian; every platform we build on is little-endian
  // (checked once here so a big-endian build fails instead of writing garbage).
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('The model converter needs a little-endian machine.');
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}

export class OnnxGraphBuilder {
  private readonly nodes: OnnxMessages.INodeProto[] = [];
  private readonly initializers: OnnxMessages.ITensorProto[] = [];
  private readonly initializerNames = new Set<string>();

  hasInitializer(name: string): boolean {
    return this.initializerNames.has(name);
  }

  /** Adds a constant tensor once; later calls with the same name return the name. */
  addInitializer(
    name: string,
    dtype: OnnxDtype,
    dims: readonly number[],
    values: Float32Array | Int32Array | BigInt64Array | Uint8Array
  ): string {
    if (this.initializerNames.has(name)) return name;
    const count = dims.reduce((product, size) => product * size, 1);
    if (count !== values.length) throw new Error(`Initializer ${name}: ${values.length} values for shape [${dims.join(', ')}].`);
    this.initializerNames.add(name);
    this.initializers.push({ name, dataType: ELEMENT_TYPE[dtype], dims: [...dims], rawData: littleEndianBytes(values) });
    return name;
  }

  addInt64Initializer(name: string, values: readonly (number | bigint)[], dims: readonly number[] = [values.length]): string {
    return this.addInitializer(name, 'int64', dims, BigInt64Array.from(values, (value) => BigInt(value)));
  }

  addNode(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: Readonly<Record<string, OnnxAttributeValue>> = {},
    name: string = outputs[0] ?? opType
  ): void {
    const attribute_ = Object.entries(attributes).map(([key, value]) => attribute(key, value));
    this.nodes.push({ opType, input: [...inputs], output: [...outputs], name, attribute: attribute_ });
  }

  /** `metadata` becomes the model's metadata_props (tests use it for user-model stem names). */
  encode(graphName: string, inputs: readonly OnnxValueSignature[], outputs: readonly OnnxValueSignature[], docString: string, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
    const valueInfo = (signature: OnnxValueSignature): OnnxMessages.IValueInfoProto => ({
      name: signature.name,
      type: {
        tensorType: {
          elemType: ELEMENT_TYPE[signature.dtype],
          ...(signature.shape === undefined
            ? {}
            : { shape: { dim: signature.shape.map((size) => (typeof size === 'string' ? { dimParam: size } : { dimValue: size })) } })
        }
      }
    });
    const model = onnx.ModelProto.create({
      irVersion: ONNX_IR_VERSION,
      producerName: 'bandroom-tfjs-to-onnx',
      producerVersion: '1',
      docString,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: inputs.map(valueInfo),
        output: outputs.map(valueInfo)
      }
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
