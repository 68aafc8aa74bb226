/**
 * Whether some tab is running a job right now. A running record alone cannot
 * say: the tab that ran it may have been closed mid-job. The runner holds a
 * claim on the job while its worker lives; at start-up a running record with
 * no claim held anywhere is interrupted.
 */
export interface JobLiveness {
  /** Claims the job for this tab; undefined when another tab holds it. Call the returned function to release. */
  claim(jobId: string): Promise<(() => void) | undefined>;
  /** True while any tab holds a claim on the job. */
  isHeld(jobId: string): Promise<boolean>;
}

const lockName = (jobId: string): string => `bandroom-job:${jobId}`;

/** Claims in this tab only: what Node tests and browsers without Web Locks get. */
export function createLocalLiveness(): JobLiveness {
  const held = new Set<string>();
  return {
    async claim(jobId) {
      if (held.has(jobId)) return undefined;
      held.add(jobId);
      return () => held.delete(jobId);
    },
    async isHeld(jobId) {
      return held.has(jobId);
    }
  };
}

/**
 * Claims as Web Locks, which the browser releases by itself when a tab closes
 * or crashes: exactly the signal restart recovery needs.
 */
export function createWebLocksLiveness(locks: LockManager): JobLiveness {
  return {
    claim(jobId) {
      return new Promise((resolve, reject) => {
        locks
          .request(lockName(jobId), { ifAvailable: true }, (lock) => {
            if (!lock) {
              resolve(undefined);
              return undefined;
            }
            // The lock is held until this promise settles, i.e. until the caller releases it.
            return new Promise<void>((release) => resolve(() => release()));
          })
          .catch(reject);
      });
    },
    async isHeld(jobId) {
      const snapshot = await locks.query();
      return (snapshot.held ?? []).some((lock) => lock.name === lockName(jobId));
    }
  };
}

/** Web Locks where the browser has them, this tab's claims otherwise. */
export function defaultLiveness(): JobLiveness {
  const locks = globalThis.navigator?.locks;
  return locks ? createWebLocksLiveness(locks) : createLocalLiveness();
}
