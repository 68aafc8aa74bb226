// Checks a loaded model's declared inputs and outputs against a contract
// (names, dtypes, ranks, fixed sizes). Used for user-supplied models, whose
// files we did not prepare, and as a guard for our own.
import type { ContractDimension, ModelContract, TensorContract } from '../../models/model-manifest.ts';

/** What onnxruntime-web reports per input/output (InferenceSession.inputMetadata). */
export interface ModelValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

export interface ModelSignature {
  readonly inputs: readonly ModelValueMetadata[];
  readonly outputs: readonly ModelValueMetadata[];
}

// onnxruntime-web reports an unnamed dynamic dimension as -1 cast to uint32.
const UNNAMED_DYNAMIC_DIMENSION = 4294967295;

const isDynamic = (dimension: number | string): boolean =>
  typeof dimension === 'string' || dimension < 0 || dimension === UNNAMED_DYNAMIC_DIMENSION;

function dimensionProblem(declared: ContractDimension, actual: number | string, axis: number): string | null {
  // A named contract dimension accepts any size; a dynamic model dimension fits any contract size.
  if (typeof declared === 'string' || isDynamic(actual)) return null;
  return declared === actual ? null : `dimension ${axis} is ${actual}, expected ${declared}`;
}

function tensorProblems(kind: 'input' | 'output', contract: TensorContract, actual: ModelValueMetadata): string[] {
  const where = `${kind} "${contract.name}"`;
  if (!actual.isTensor) return [`${where} is not a tensor`];
  const problems: string[] = [];
  if (actual.type !== undefined && actual.type !== contract.dtype) problems.push(`${where} is ${actual.type}, expected ${contract.dtype}`);
  if (actual.shape !== undefined) {
    if (actual.shape.length !== contract.shape.length) {
      problems.push(`${where} has rank ${actual.shape.length} [${actual.shape.join(', ')}], expected rank ${contract.shape.length} [${contract.shape.join(', ')}]`);
    } else {
      contract.shape.forEach((declared, axis) => {
        const problem = dimensionProblem(declared, actual.shape?.[axis] ?? declared, axis);
        if (problem !== null) problems.push(`${where}: ${problem}`);
      });
    }
  }
  return problems;
}

function sideProblems(kind: 'input' | 'output', contracts: readonly TensorContract[], actual: readonly ModelValueMetadata[]): string[] {
  const byName = new Map(actual.map((value) => [value.name, value]));
  const problems: string[] = [];
  for (const contract of contracts) {
    const value = byName.get(contract.name);
    if (value === undefined) problems.push(`missing ${kind} "${contract.name}" (the model has ${actual.map((item) => `"${item.name}"`).join(', ') || 'none'})`);
    else problems.push(...tensorProblems(kind, contract, value));
  }
  // Extra outputs are harmless (we don't read them); extra inputs would need values we don't have.
  if (kind === 'input') {
    const declared = new Set(contracts.map((contract) => contract.name));
    for (const value of actual) if (!declared.has(value.name)) problems.push(`unexpected input "${value.name}"`);
  }
  return problems;
}

/** Every way `signature` breaks `contract`; empty when it fits. */
export function contractViolations(signature: ModelSignature, contract: ModelContract): string[] {
  return [...sideProblems('input', contract.inputs, signature.inputs), ...sideProblems('output', contract.outputs, signature.outputs)];
}

export class ModelContractError extends Error {
  override readonly name = 'ModelContractError';
}

/** Throws one readable error listing every violation, naming the model. */
export function assertModelContract(modelLabel: string, signature: ModelSignature, contract: ModelContract): void {
  const problems = contractViolations(signature, contract);
  if (problems.length > 0) {
    throw new ModelContractError(`${modelLabel} does not fit the expected model contract: ${problems.join('; ')}.`);
  }
}
