import * as v from 'valibot';
import type { JobStageSpec } from '../../shared/job-protocol';
import { AnalysisStage } from './analysis-stages';

/**
 * A test-only hook that makes one analysis stage hang, so end-to-end tests
 * can watch the orchestrator terminate a stuck worker at the stage's limit.
 * It is armed only by a localStorage entry under this deliberately loud
 * name (Playwright sets it with an init script); nothing in the app writes
 * it, and without it every stage runs normally with its real limit.
 *
 * The job carries the hang in its options (`testHangStage`), so a resumed job
 * behaves the same. The notes stage hangs inside its ML path only (the
 * fallback re-run then skips the model, as for a real hung model); any other
 * stage hangs as soon as it starts, and the job fails at its limit.
 */
export const STAGE_HANG_HOOK_KEY = 'bandroom.test-only.hang-analysis-stage';
export const STAGE_HANG_OPTION = 'testHangStage';

const StageHangHookSchema = v.strictObject({
  stage: v.picklist(Object.values(AnalysisStage)),
  /** The hung stage's time limit, shortened so a test does not wait the real one out. */
  limitMs: v.pipe(v.number(), v.integer(), v.minValue(500), v.maxValue(10 * 60_000))
});
export type StageHangHook = v.InferOutput<typeof StageHangHookSchema>;

/** Reads the hook from a localStorage-like store; anything malformed is no hook at all. */
export function readStageHangHook(storage: Pick<Storage, 'getItem'> | undefined): StageHangHook | undefined {
  let raw: string | null | undefined;
  try {
    raw = storage?.getItem(STAGE_HANG_HOOK_KEY);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  try {
    const parsed = v.safeParse(StageHangHookSchema, JSON.parse(raw));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

/** The stage specs with the hooked stage's limit shortened. */
export function withHookedLimit(stages: readonly JobStageSpec[], hook: StageHangHook | undefined): readonly JobStageSpec[] {
  if (!hook) return stages;
  return stages.map((stage) => (stage.id === hook.stage ? { ...stage, timeLimitMs: hook.limitMs } : stage));
}

/** Which stage a job's options ask to hang, if any. */
export function hungStageOf(options: Readonly<Record<string, unknown>>): AnalysisStage | undefined {
  const stage = options[STAGE_HANG_OPTION];
  return (Object.values(AnalysisStage) as unknown[]).includes(stage) ? (stage as AnalysisStage) : undefined;
}

/**
 * Blocks the thread for good, as a stuck WASM call would: no await, so no
 * message (not even `cancel`) gets in. Only terminating the worker ends it.
 */
export function hangForever(): never {
  for (;;) {
    // A busy wait is the point: it is what the orchestrator's limit exists for.
  }
}
