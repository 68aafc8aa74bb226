/**
 * Viterbi decoding for an HMM whose transition matrix is "stay with p, else
 * jump uniformly" (the self-transition prior of Cho & Bello 2014). With that
 * structure the best predecessor of any state is either itself or the best
 * state overall, so each step costs O(S) instead of O(S²).
 */
export interface ViterbiResult {
  path: Int32Array;
}

/** `logEmission` is row-major T×S. */
export function viterbiSelfTransition(logEmission: Float32Array, steps: number, states: number, selfProbability: number): ViterbiResult {
  const path = new Int32Array(steps);
  if (steps === 0) return { path };
  const stay = Math.log(selfProbability);
  const jump = Math.log((1 - selfProbability) / Math.max(1, states - 1));
  const back = new Int32Array(steps * states);
  let score = new Float64Array(states);
  let next = new Float64Array(states);
  for (let s = 0; s < states; s++) score[s] = logEmission[s] ?? -Infinity;
  for (let t = 1; t < steps; t++) {
    let best = 0;
    for (let s = 1; s < states; s++) if ((score[s] ?? -Infinity) > (score[best] ?? -Infinity)) best = s;
    const bestJump = (score[best] ?? 0) + jump;
    for (let s = 0; s < states; s++) {
      const kept = (score[s] ?? 0) + stay;
      const fromSelf = kept >= bestJump;
      next[s] = (fromSelf ? kept : bestJump) + (logEmission[t * states + s] ?? -Infinity);
      back[t * states + s] = fromSelf ? s : best;
    }
    const swap = score;
    score = next;
    next = swap;
  }
  let last = 0;
  for (let s = 1; s < states; s++) if ((score[s] ?? -Infinity) > (score[last] ?? -Infinity)) last = s;
  path[steps - 1] = last;
  for (let t = steps - 1; t > 0; t--) path[t - 1] = back[t * states + (path[t] ?? 0)] ?? 0;
  return { path };
}
