import type { Score, Verdict } from './ledger-row';

/**
 * When a tier-2 score disagrees with a rules verdict. Disagreement is review
 * signal for a human (and for tuning the rules later); it never changes the
 * verdict, which was final the moment the synth command went out.
 *
 * Score values read as "how fine is this event" (1 = fine), so for a problem
 * label the scorer's confidence in the problem is 1 - value.
 */
export const REVIEW_CONFIDENCE = 0.8;

/** Labels saying "this event should not have fired" (hardware chatter). */
const SHOULD_NOT_FIRE: ReadonlySet<string> = new Set(['double-trigger']);
/** Labels saying "this was a deliberate, musical event". */
const DELIBERATE: ReadonlySet<string> = new Set(['on-grid']);

export function reviewFor(verdict: Verdict, score: Score): string | undefined {
  const detail = score.detail ? `: ${score.detail}` : '';
  if (verdict.kind === 'fired' && SHOULD_NOT_FIRE.has(score.label)) {
    const confidence = 1 - score.value;
    if (confidence < REVIEW_CONFIDENCE) return undefined;
    return `Fired ${verdict.action.kind} (${verdict.action.detail}), but ${score.scorer} says ${score.label} with ${percent(confidence)} confidence${detail}`;
  }
  // Ignored events are ignored on purpose (inactive panel, unmapped, filtered);
  // only the flood limiter can throw away something the musician meant.
  if (verdict.kind === 'rejected' && DELIBERATE.has(score.label) && score.value >= REVIEW_CONFIDENCE) {
    return `Rejected (${verdict.reason}), but ${score.scorer} says a deliberate ${score.label} hit with ${percent(score.value)} confidence${detail}`;
  }
  return undefined;
}

function percent(value: number): string {
  return `${Math.round(value * 100)} %`;
}
