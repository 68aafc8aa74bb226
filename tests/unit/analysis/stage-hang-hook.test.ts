import { describe, expect, it } from 'vitest';
import { ANALYSIS_STAGES } from '$workers/analysis/pipeline/analysis-stages';
import { hungStageOf, readStageHangHook, STAGE_HANG_HOOK_KEY, STAGE_HANG_OPTION, withHookedLimit } from '$workers/analysis/pipeline/stage-hang-hook';

const storage = (value: string | null) => ({ getItem: (key: string) => (key === STAGE_HANG_HOOK_KEY ? value : null) });

describe('the test-only stage hang hook', () => {
  it('is off unless its loudly named localStorage entry is set', () => {
    expect(readStageHangHook(storage(null))).toBeUndefined();
    expect(readStageHangHook(undefined)).toBeUndefined();
    expect(withHookedLimit(ANALYSIS_STAGES, undefined)).toBe(ANALYSIS_STAGES);
    expect(hungStageOf({})).toBeUndefined();
  });

  it('reads a stage and a shortened limit, and shortens only that stage', () => {
    const hook = readStageHangHook(storage(JSON.stringify({ stage: 'notes', limitMs: 3000 })));
    expect(hook).toEqual({ stage: 'notes', limitMs: 3000 });
    const stages = withHookedLimit(ANALYSIS_STAGES, hook);
    expect(stages.find((stage) => stage.id === 'notes')?.timeLimitMs).toBe(3000);
    expect(stages.filter((stage) => stage.id !== 'notes')).toEqual(ANALYSIS_STAGES.filter((stage) => stage.id !== 'notes'));
  });

  it('ignores junk, unknown stages, extra fields and limits too short to mean anything', () => {
    for (const junk of ['{', '"notes"', JSON.stringify({ stage: 'karaoke', limitMs: 3000 }), JSON.stringify({ stage: 'notes', limitMs: 10 }), JSON.stringify({ stage: 'notes', limitMs: 3000, extra: 1 })]) {
      expect(readStageHangHook(storage(junk))).toBeUndefined();
    }
    expect(readStageHangHook({ getItem: () => { throw new Error('SecurityError'); } })).toBeUndefined();
  });

  it('names the hung stage from a job\'s options only when it is a real stage', () => {
    expect(hungStageOf({ [STAGE_HANG_OPTION]: 'stems' })).toBe('stems');
    expect(hungStageOf({ [STAGE_HANG_OPTION]: 'everything' })).toBeUndefined();
  });
});
