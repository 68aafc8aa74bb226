/**
 * How many heavy jobs (decode, separation, inference) run side by side. The
 * audio engine's producer worker needs a core of its own or playback
 * glitches, and the UI needs one to stay responsive, so a machine with n
 * cores gets n - 2 heavy jobs, and one when it has two cores or fewer.
 */
export function defaultHeavyJobLimit(hardwareConcurrency: number | undefined): number {
  const cores = hardwareConcurrency !== undefined && Number.isFinite(hardwareConcurrency) ? Math.floor(hardwareConcurrency) : 2;
  if (cores <= 2) return 1;
  return Math.max(1, cores - 2);
}

/** Light jobs (session processors over small logs) are short; a few at once keep the queue moving without crowding the heavy ones. */
export const DEFAULT_LIGHT_JOB_LIMIT = 2;

export interface ConcurrencyLimits {
  heavy: number;
  light: number;
}

export function defaultConcurrencyLimits(hardwareConcurrency: number | undefined = globalThis.navigator?.hardwareConcurrency): ConcurrencyLimits {
  return { heavy: defaultHeavyJobLimit(hardwareConcurrency), light: DEFAULT_LIGHT_JOB_LIMIT };
}
