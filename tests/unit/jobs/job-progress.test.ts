import { describe, expect, it } from 'vitest';
import { applyProgress, initialStages, overallPercent } from '$lib/jobs/job-progress';
import { JobStatus, type JobRecord } from '$lib/jobs/job-record';
import { STAGES } from './fake-job-worker';

function runningRecord(): JobRecord {
  return {
    id: 'job-1',
    kind: 'analysis',
    input: { digest: '2'.repeat(64), source: 'bytes:1' },
    options: {},
    status: JobStatus.Running,
    stages: initialStages(STAGES),
    percent: 0,
    attempts: 1,
    fallbacks: [],
    createdAt: 0,
    startedAt: 0,
    updatedAt: 0
  };
}

describe('job progress', () => {
  it('weighs the overall percent by stage weight (stems count three times)', () => {
    const record = applyProgress(runningRecord(), { jobId: 'job-1', stage: 'stems', stagePercent: 50 }, STAGES, 5);
    // decode 100 % × 1 + stems 50 % × 3 + cues 0 % × 1, over 5.
    expect(record.percent).toBe(50);
    expect(record.updatedAt).toBe(5);
  });

  it('takes a report for a later stage as the end of the earlier ones', () => {
    const record = applyProgress(runningRecord(), { jobId: 'job-1', stage: 'cues', stagePercent: 10 }, STAGES, 5);
    expect(record.stages.map((stage) => [stage.state, stage.percent])).toEqual([
      ['done', 100],
      ['done', 100],
      ['running', 10]
    ]);
    expect(record.stage).toBe('cues');
  });

  it('shows a stage served from the cache as cached and complete', () => {
    const record = applyProgress(runningRecord(), { jobId: 'job-1', stage: 'decode', stagePercent: 100, cached: true }, STAGES, 5);
    expect(record.stages[0]).toMatchObject({ state: 'cached', percent: 100 });
  });

  it('ignores a stage the job kind does not have', () => {
    const before = runningRecord();
    expect(applyProgress(before, { jobId: 'job-1', stage: 'karaoke', stagePercent: 50 }, STAGES, 5)).toBe(before);
  });

  it('is zero with no stages', () => {
    expect(overallPercent([], [])).toBe(0);
  });
});
