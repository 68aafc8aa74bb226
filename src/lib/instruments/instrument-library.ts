import * as v from 'valibot';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import type { InstrumentFileFormat } from '$workers/synth/instruments/parse-instrument-file';

/**
 * The musician's imported instruments, kept in IndexedDB: a small listed
 * record per instrument (`meta:<id>`) and its file's bytes (`file:<id>`),
 * where id is the SHA-256 of the bytes (importing the same file twice is one
 * instrument). Files are re-parsed in the loader worker when selected.
 */
export const ImportedInstrumentSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  name: v.pipe(v.string(), v.maxLength(200)),
  fileName: v.pipe(v.string(), v.maxLength(300)),
  format: v.picklist(['sf2', 'sfz-zip']),
  sizeBytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  addedAt: v.number(),
  presets: v.array(v.strictObject({ name: v.string(), bank: v.number(), program: v.number() }))
});
export type ImportedInstrument = v.InferOutput<typeof ImportedInstrumentSchema>;

const META = 'meta:';
const FILE = 'file:';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class InstrumentLibrary {
  constructor(private readonly store: RecordStore) {}

  /** Every valid imported instrument; an unreadable record is skipped and reported, never deleted. */
  async list(): Promise<{ instruments: ImportedInstrument[]; unreadable: string[] }> {
    const instruments: ImportedInstrument[] = [];
    const unreadable: string[] = [];
    for (const key of await this.store.keys(Store.Instruments)) {
      if (!key.startsWith(META)) continue;
      const parsed = v.safeParse(ImportedInstrumentSchema, await this.store.get(Store.Instruments, key));
      if (parsed.success) instruments.push(parsed.output);
      else unreadable.push(key.slice(META.length));
    }
    return { instruments: instruments.sort((a, b) => a.addedAt - b.addedAt), unreadable };
  }

  async get(id: string): Promise<ImportedInstrument | undefined> {
    const parsed = v.safeParse(ImportedInstrumentSchema, await this.store.get(Store.Instruments, META + id));
    return parsed.success ? parsed.output : undefined;
  }

  async bytes(id: string): Promise<Uint8Array | undefined> {
    const stored = await this.store.get(Store.Instruments, FILE + id);
    if (stored instanceof Uint8Array) return stored;
    if (stored instanceof ArrayBuffer) return new Uint8Array(stored);
    return undefined;
  }

  /** Stores the file first, then its record: a record never points at missing bytes. */
  async add(instrument: ImportedInstrument, bytes: Uint8Array): Promise<void> {
    await this.store.put(Store.Instruments, FILE + instrument.id, bytes);
    await this.store.put(Store.Instruments, META + instrument.id, v.parse(ImportedInstrumentSchema, instrument));
  }

  async remove(id: string): Promise<void> {
    await this.store.delete(Store.Instruments, META + id);
    await this.store.delete(Store.Instruments, FILE + id);
  }
}

export type { InstrumentFileFormat };
