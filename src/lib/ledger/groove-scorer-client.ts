import * as Comlink from 'comlink';
import type { GrooveScorerApi } from '$workers/scoring/groove-scorer-api';
import { padHitFrom, type PadHit } from './groove-scorer';
import type { Score } from './ledger-row';
import type { Tier2Scorer } from './tier2-scoring';

export const GROOVE_SCORER_NAME = 'groove';
/** Hits sent with each request: enough for tempo inference, small enough to post cheaply. */
const HISTORY_HITS = 48;

type ErrorChannel = NonNullable<Tier2Scorer['onError']>;

/**
 * The groove scorer as a Tier2Scorer, backed by anything that answers
 * `assess` (the worker via comlink in the app, a MessageChannel in tests).
 * Rows that are not pad hits, and hits with no grid yet, get no score.
 */
export function createGrooveScorer(remote: Pick<Comlink.Remote<GrooveScorerApi>, 'assess' | 'ping'>, onError?: ErrorChannel): Tier2Scorer {
  return {
    name: GROOVE_SCORER_NAME,
    ready: remote.ping(),
    async score({ row, history, metronome }): Promise<Score | undefined> {
      const hit = padHitFrom(row);
      if (!hit) return undefined;
      const hits = history.map(padHitFrom).filter((candidate): candidate is PadHit => candidate !== undefined);
      const assessment = await remote.assess({ hit, history: hits.slice(-HISTORY_HITS), ...(metronome ? { metronome } : {}) });
      if (assessment.label === 'no-grid') return undefined;
      return { scorer: GROOVE_SCORER_NAME, value: assessment.value, label: assessment.label, detail: assessment.detail, at: performance.now() };
    },
    ...(onError ? { onError } : {})
  };
}

/** Starts the groove worker; worker crashes reach the scoring runner through `onError`. */
export function startGrooveScorerWorker(): { scorer: Tier2Scorer; terminate(): void } {
  const worker = new Worker(new URL('../../../workers/scoring/groove-scorer.worker.ts', import.meta.url), { type: 'module', name: 'groove-scorer' });
  const remote = Comlink.wrap<GrooveScorerApi>(worker);
  const onError: ErrorChannel = (listener) => {
    const report = (event: Event): void =>
      listener(event instanceof ErrorEvent ? (event.error ?? new Error(event.message)) : new Error('The groove worker sent a message that could not be read'));
    worker.addEventListener('error', report);
    worker.addEventListener('messageerror', report);
    return () => {
      worker.removeEventListener('error', report);
      worker.removeEventListener('messageerror', report);
    };
  };
  return {
    scorer: createGrooveScorer(remote, onError),
    terminate() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    }
  };
}
