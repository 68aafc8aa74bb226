/**
 * User models in IndexedDB (store `models`): `file:<sha256>` holds the bytes,
 * `meta:<sha256>` what the check found (slot, stems, sizes). One model per
 * slot: saving a new one removes the one it replaces. The file is written
 * before its meta, so a crash in between leaves only an unlisted file, which
 * the next listing removes.
 */
import * as v from 'valibot';
import type { RecordStore } from '../../../src/lib/storage/record-store.ts';
import { Store } from '../../../src/lib/storage/schema.ts';
import { USER_MODEL_SLOTS, type UserModelSlot } from './user-model-slots.ts';
import type { UserModelSummary } from './user-model-check.ts';

const MODELS = Store.Models;
const Sha = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

export const StoredUserModelSchema = v.strictObject({
  slot: v.picklist(USER_MODEL_SLOTS),
  sha256: Sha,
  sizeBytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** The name of the file the user chose, shown in the model manager. */
  fileName: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  loadedAt: v.number(),
  stemNames: v.optional(v.array(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/)))),
  fixedSamples: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(2)))),
  embeddingSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)))
});
export type StoredUserModel = v.InferOutput<typeof StoredUserModelSchema>;

export interface UserModelListing {
  readonly models: StoredUserModel[];
  /** Entries that failed their schema (damaged): left out, named here. */
  readonly damaged: string[];
}

export class UserModelStore {
  constructor(private readonly store: RecordStore) {}

  async list(): Promise<UserModelListing> {
    const keys = await this.store.keys(MODELS);
    const models: StoredUserModel[] = [];
    const damaged: string[] = [];
    for (const key of keys.filter((name) => name.startsWith('meta:'))) {
      const parsed = v.safeParse(StoredUserModelSchema, await this.store.get(MODELS, key));
      if (parsed.success && key === `meta:${parsed.output.sha256}`) models.push(parsed.output);
      else damaged.push(key.slice(5, 17));
    }
    const listed = new Set(models.map((model) => `file:${model.sha256}`));
    for (const key of keys) if (key.startsWith('file:') && !listed.has(key) && !keys.includes(`meta:${key.slice(5)}`)) await this.store.delete(MODELS, key);
    return { models: models.sort((a, b) => a.slot.localeCompare(b.slot)), damaged };
  }

  async forSlot(slot: UserModelSlot): Promise<StoredUserModel | undefined> {
    return (await this.list()).models.filter((model) => model.slot === slot).sort((a, b) => b.loadedAt - a.loadedAt)[0];
  }

  async bytes(sha256: string): Promise<Uint8Array | undefined> {
    const value = await this.store.get(MODELS, `file:${sha256}`);
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    return undefined;
  }

  /** Stores a checked model in its slot, replacing the slot's previous model. */
  async save(summary: UserModelSummary, bytes: Uint8Array, fileName: string, now = Date.now()): Promise<StoredUserModel> {
    const record = v.parse(StoredUserModelSchema, {
      slot: summary.slot,
      sha256: summary.sha256,
      sizeBytes: summary.sizeBytes,
      fileName: fileName.slice(0, 200) || 'model.onnx',
      loadedAt: now,
      ...(summary.stemNames ? { stemNames: [...summary.stemNames] } : {}),
      ...(summary.fixedSamples !== undefined ? { fixedSamples: summary.fixedSamples } : {}),
      ...(summary.embeddingSize !== undefined ? { embeddingSize: summary.embeddingSize } : {})
    });
    const replaced = (await this.list()).models.filter((model) => model.slot === summary.slot && model.sha256 !== summary.sha256);
    await this.store.put(MODELS, `file:${summary.sha256}`, bytes);
    await this.store.put(MODELS, `meta:${summary.sha256}`, record);
    for (const model of replaced) await this.remove(model.sha256);
    return record;
  }

  async remove(sha256: string): Promise<void> {
    await this.store.delete(MODELS, `meta:${sha256}`);
    await this.store.delete(MODELS, `file:${sha256}`);
  }
}
