/**
 * What every instrument loader returns: the bank, plus the problems it worked
 * around (a skipped zone, a clamped loop) worded for the musician. Warnings
 * are de-duplicated and capped, because a damaged bank can produce the same
 * complaint for thousands of zones.
 */
import { InstrumentLoadError, type InstrumentBank } from './instrument-model';

export interface InstrumentLoadResult {
  bank: InstrumentBank;
  warnings: string[];
}

const MAX_WARNINGS = 100;

export class LoadWarnings {
  private readonly seen = new Set<string>();
  private readonly list: string[] = [];
  private dropped = 0;

  readonly add = (message: string): void => {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    if (this.list.length < MAX_WARNINGS) this.list.push(message);
    else this.dropped++;
  };

  get first(): string | undefined {
    return this.list[0];
  }

  toArray(): string[] {
    return this.dropped > 0 ? [...this.list, `…and ${this.dropped} more problems of the same kind`] : [...this.list];
  }
}

/**
 * Runs a parser so that only InstrumentLoadError leaves it. Anything else (a
 * RangeError from a typed array, a bug) is wrapped with a readable sentence;
 * the word "unexpected" lets the fuzz tests tell such wraps from real checks.
 */
export function asLoadError<T>(fileName: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InstrumentLoadError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    const wrapped = new InstrumentLoadError(fileName, `couldn't be read because of an unexpected problem (${detail}); the file may be damaged`);
    (wrapped as Error).cause = error;
    throw wrapped;
  }
}

/** The file name without folders and extension, as a fallback bank name. */
export function baseName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}
