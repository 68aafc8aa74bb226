/**
 * Tells listeners about changes at most once per microtask. Producers mark
 * changes on the MIDI path; listeners (the view) run after the caller's stack
 * has unwound, so a slow listener can never delay a verdict or a synth command.
 */
export class CoalescedNotifier<T> {
  readonly #listeners = new Set<(value: T) => void>();
  #scheduled = false;

  constructor(
    private readonly snapshot: () => T,
    private readonly onListenerError: (error: unknown) => void
  ) {}

  get hasListeners(): boolean {
    return this.#listeners.size > 0;
  }

  /** Listeners get the current state at once, then every coalesced change. */
  subscribe(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    this.#call(listener, this.snapshot());
    return () => {
      this.#listeners.delete(listener);
    };
  }

  markChanged(): void {
    if (this.#scheduled || this.#listeners.size === 0) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      const value = this.snapshot();
      for (const listener of this.#listeners) this.#call(listener, value);
    });
  }

  #call(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
