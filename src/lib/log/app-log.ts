import { LogEntrySchema, toLogData, type LogEntry, type LogLevel } from './log-entry';
import * as v from 'valibot';

export const DEFAULT_LOG_CAPACITY = 500;

type Listener = (entries: readonly LogEntry[]) => void;

/**
 * The structured app log every module writes to. Bounded (oldest entries
 * fall off), observable, and restorable from a saved copy.
 */
export class AppLog {
  #entries: LogEntry[] = [];
  #nextSeq = 0;
  #listeners = new Set<Listener>();

  constructor(
    readonly capacity: number = DEFAULT_LOG_CAPACITY,
    private readonly now: () => number = Date.now
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`A log must hold at least one entry (got ${capacity})`);
  }

  get entries(): readonly LogEntry[] {
    return this.#entries;
  }

  write(level: LogLevel, source: string, message: string, data?: Record<string, unknown>): LogEntry {
    const entry: LogEntry = {
      seq: this.#nextSeq++,
      time: this.now(),
      level,
      source: source.slice(0, 64),
      message: message.slice(0, 2000),
      ...(data ? { data: toLogData(data) } : {})
    };
    this.#entries = [...this.#entries.slice(Math.max(0, this.#entries.length + 1 - this.capacity)), entry];
    this.#notify();
    return entry;
  }

  debug = (source: string, message: string, data?: Record<string, unknown>) => this.write('debug', source, message, data);
  info = (source: string, message: string, data?: Record<string, unknown>) => this.write('info', source, message, data);
  warn = (source: string, message: string, data?: Record<string, unknown>) => this.write('warn', source, message, data);
  error = (source: string, message: string, data?: Record<string, unknown>) => this.write('error', source, message, data);

  /**
   * Puts entries saved by an earlier load before the ones written since.
   * Invalid saved entries are dropped and counted, never thrown.
   */
  restore(saved: unknown): { restored: number; dropped: number } {
    const list = Array.isArray(saved) ? saved : [];
    const valid: LogEntry[] = [];
    for (const candidate of list) {
      const parsed = v.safeParse(LogEntrySchema, candidate);
      if (parsed.success) valid.push(parsed.output);
    }
    // Renumber so sequence stays monotonic across reloads.
    const merged = [...valid, ...this.#entries].slice(-this.capacity).map((entry, index) => ({ ...entry, seq: index }));
    this.#entries = merged;
    this.#nextSeq = merged.length;
    this.#notify();
    return { restored: valid.length, dropped: list.length - valid.length };
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    listener(this.#entries);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener(this.#entries);
  }
}

/** The app-wide log. Modules import this; tests build their own AppLog. */
export const appLog = new AppLog();
