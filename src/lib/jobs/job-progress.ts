import type { JobProgressEvent, JobStageSpec, StageOutcome } from '$workers/shared/job-protocol';
import type { JobRecord, StageProgress, StageState } from './job-record';

/**
 * Per-stage progress and the overall percent of a running job. Pure: the
 * orchestrator feeds worker events in and stores what comes out.
 */
export function initialStages(specs: readonly JobStageSpec[]): StageProgress[] {
  return specs.map((spec) => ({ id: spec.id, label: spec.label, state: 'pending', percent: 0 }));
}

/** Weighted mean of the stage percents, rounded to a tenth so stored records stay tidy. */
export function overallPercent(stages: readonly StageProgress[], specs: readonly JobStageSpec[]): number {
  let total = 0;
  let done = 0;
  for (const stage of stages) {
    const weight = Math.max(0, specs.find((spec) => spec.id === stage.id)?.weight ?? 1);
    total += weight;
    done += weight * stage.percent;
  }
  if (total === 0) return 0;
  return Math.round((done / total) * 10) / 10;
}

const FINISHED: readonly StageState[] = ['done', 'cached', 'fallback'];

/**
 * A worker reports one stage at a time, in order: a report for a later stage
 * means the earlier ones finished (their last 100 % event may have been
 * throttled away). An event for a stage the kind does not have is ignored.
 */
export function applyProgress(record: JobRecord, event: JobProgressEvent, specs: readonly JobStageSpec[], now: number): JobRecord {
  const index = record.stages.findIndex((stage) => stage.id === event.stage);
  if (index < 0) return record;
  const stages = record.stages.map((stage, position): StageProgress => {
    if (position < index) return FINISHED.includes(stage.state) ? stage : { ...stage, state: 'done', percent: 100 };
    if (position > index) return stage;
    return { ...stage, state: event.cached ? 'cached' : 'running', percent: event.cached ? 100 : event.stagePercent };
  });
  return { ...record, stage: event.stage, stages, percent: overallPercent(stages, specs), updatedAt: now };
}

/** Marks every stage the worker reported as finished; stages missing from the outcome are left as they are. */
export function applyStageOutcomes(record: JobRecord, outcomes: readonly StageOutcome[], specs: readonly JobStageSpec[]): JobRecord {
  const stages = record.stages.map((stage): StageProgress => {
    const outcome = outcomes.find((candidate) => candidate.stage === stage.id);
    if (!outcome) return stage;
    const state: StageState = outcome.outcome === 'fallback' ? 'fallback' : outcome.cached ? 'cached' : 'done';
    return { ...stage, state, percent: 100 };
  });
  return { ...record, stages, percent: overallPercent(stages, specs) };
}

/** Marks one stage as running on its fallback path (after a timeout on the ML path). */
export function markFallback(record: JobRecord, stageId: string): JobRecord {
  return {
    ...record,
    stages: record.stages.map((stage) => (stage.id === stageId ? { ...stage, state: 'fallback', percent: 0 } : stage))
  };
}
