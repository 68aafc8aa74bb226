// What one op converter sees: its TF node, the ONNX graph being built and a
// way to reach its inputs, either as ONNX tensor names or, for attributes TF
// passes as tensors (perm, axes, paddings...), as constant values.
import type { OnnxGraphBuilder } from './onnx-graph-builder.ts';
import type { TfAttrValue, TfConstant, TfNode } from './tfjs-graph.ts';

export class ConversionContext {
  constructor(
    readonly builder: OnnxGraphBuilder,
    readonly node: TfNode,
    private readonly constants: ReadonlyMap<string, TfConstant>
  ) {}

  /** The ONNX name of this node's (single) output: the TF node name. */
  get output(): string {
    return this.node.name;
  }

  /** A name for an intermediate tensor that belongs to this node. */
  intermediate(suffix: string): string {
    return `${this.node.name}/onnx/${suffix}`;
  }

  private producer(index: number): string {
    const name = this.node.inputs[index];
    if (name === undefined) throw new Error(`${this.describe()} has no input ${index}.`);
    return name;
  }

  get inputCount(): number {
    return this.node.inputs.length;
  }

  /** ONNX tensor name for input `index`; a constant becomes an initializer on first use. */
  input(index: number): string {
    const name = this.producer(index);
    const constant = this.constants.get(name);
    if (constant !== undefined) this.builder.addInitializer(name, constant.dtype, constant.shape, constant.values);
    return name;
  }

  isConstInput(index: number): boolean {
    return this.constants.has(this.producer(index));
  }

  constInput(index: number): TfConstant {
    const name = this.producer(index);
    const constant = this.constants.get(name);
    if (constant === undefined) throw new Error(`${this.describe()} needs input ${index} ("${name}") to be a constant.`);
    return constant;
  }

  /** Integer values of a constant input (axes, perms, paddings, slice bounds). */
  constInts(index: number): number[] {
    const constant = this.constInput(index);
    if (constant.dtype !== 'int32') throw new Error(`${this.describe()} needs input ${index} to be an int32 constant.`);
    return Array.from(constant.values);
  }

  attr(name: string): TfAttrValue | undefined {
    return this.node.attr[name];
  }

  intAttr(name: string, fallback: number): number {
    const value = this.attr(name)?.i;
    return value === undefined ? fallback : Number(value);
  }

  intListAttr(name: string): number[] {
    return (this.attr(name)?.list?.i ?? []).map(Number);
  }

  /** TF.js stores string attributes base64-encoded. */
  stringAttr(name: string): string | undefined {
    const value = this.attr(name)?.s;
    return value === undefined ? undefined : atob(value);
  }

  stringListAttr(name: string): string[] {
    return (this.attr(name)?.list?.s ?? []).map((value) => atob(value));
  }

  boolAttr(name: string, fallback: boolean): boolean {
    return this.attr(name)?.b ?? fallback;
  }

  unsupported(detail: string): Error {
    return new Error(`${this.describe()}: ${detail}`);
  }

  describe(): string {
    return `TF op ${this.node.op} ("${this.node.name}")`;
  }
}

export type OpConverter = (context: ConversionContext) => void;
