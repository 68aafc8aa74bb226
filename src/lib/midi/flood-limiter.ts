/**
 * A token bucket per device. A pad controller with a stuck or chattering
 * contact, or a misrouted clock, can send thousands of messages a second;
 * past the limit new notes and knob moves are rejected so the UI keeps
 * breathing. Note-offs never pass through here: a lost note-off is a stuck note.
 */
export interface FloodLimit {
  /** Messages allowed at once after a quiet spell. */
  burst: number;
  /** Sustained messages per second. */
  perSecond: number;
}

/** A drummer's fastest roll is ~30 hits/s per hand; a fast encoder sweep a few hundred CCs/s. */
export const DEFAULT_FLOOD_LIMIT: FloodLimit = { burst: 500, perSecond: 1500 };

export class FloodLimiter {
  #tokens: number;
  #last: number | undefined;

  constructor(private readonly limit: FloodLimit = DEFAULT_FLOOD_LIMIT) {
    this.#tokens = limit.burst;
  }

  /** Takes one token at time `now` (ms); false when the device is over its limit. */
  allow(now: number): boolean {
    if (this.#last !== undefined && now > this.#last) {
      this.#tokens = Math.min(this.limit.burst, this.#tokens + ((now - this.#last) / 1000) * this.limit.perSecond);
    }
    if (this.#last === undefined || now > this.#last) this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
