import * as v from 'valibot';
import { assessGroove, type GrooveAssessment } from '../../src/lib/ledger/groove-scorer';
import { GrooveRequestSchema } from '../shared/groove-protocol';

/**
 * What the groove worker exposes over comlink. Kept apart from the worker
 * entry so tests can expose it on a MessageChannel in Node.
 */
export const grooveScorerApi = {
  /** Answers once the worker has loaded: the client's readiness probe. */
  ping(): true {
    return true;
  },
  assess(request: unknown): GrooveAssessment {
    const parsed = v.safeParse(GrooveRequestSchema, request);
    if (!parsed.success) throw new Error(`The groove scorer got a malformed request: ${v.summarize(parsed.issues)}`);
    const { hit, history, metronome } = parsed.output;
    return assessGroove(hit, history, metronome);
  }
};

export type GrooveScorerApi = typeof grooveScorerApi;
