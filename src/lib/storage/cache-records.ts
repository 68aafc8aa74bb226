import * as v from 'valibot';
import { CONTENT_KEY_PATTERN } from './content-key';

/**
 * How one cache entry lies in the `cache` store. Per entry key K:
 *
 *   idx:K                       the index record (small: sizes, times, part list)
 *   part:K:<writeId>:<part>     one record per payload: "result" (JSON text),
 *                               "features" (Float32Arrays), "stem:<name>" (PCM16)
 *
 * Every write gets a fresh writeId and writes its parts before its index, so
 * the index only ever names parts that were fully written, and two tabs
 * writing the same key never overwrite each other's parts: the last index
 * wins and the loser's parts become orphans that a later sweep deletes. A
 * part whose writeId, name or size disagrees with the index is malformed.
 */
export const CACHE_RECORD_SCHEMA = 1;
export const CACHE_ENTRY_KINDS = ['analysis', 'stage'] as const;
export type CacheEntryKind = (typeof CACHE_ENTRY_KINDS)[number];

export const STEM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const FEATURE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const PART_NAME_PATTERN = /^(?:result|features|stem:[A-Za-z0-9_-]{1,32})$/;
const WRITE_ID_PATTERN = /^[0-9a-z]{1,12}-[0-9a-f]{8}$/;
/** More parts than this is junk, not an entry (4–8 stems are normal). */
const MAX_PARTS = 64;

export type PartName = 'result' | 'features' | `stem:${string}`;
export const stemPart = (stem: string): PartName => `stem:${stem}`;

const Count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const Time = v.pipe(v.number(), v.finite(), v.minValue(0));
const EntryKey = v.pipe(v.string(), v.regex(CONTENT_KEY_PATTERN));
const WriteId = v.pipe(v.string(), v.regex(WRITE_ID_PATTERN));
const PartNameSchema = v.pipe(
  v.string(),
  v.regex(PART_NAME_PATTERN),
  v.transform((name) => name as PartName)
);

export const CacheIndexRecordSchema = v.pipe(
  v.strictObject({
    schema: v.literal(CACHE_RECORD_SCHEMA),
    key: EntryKey,
    kind: v.picklist(CACHE_ENTRY_KINDS),
    writeId: WriteId,
    created: Time,
    lastAccess: Time,
    /** Bytes the entry's payloads take (what the budget counts). */
    size: Count,
    parts: v.pipe(v.array(v.strictObject({ name: PartNameSchema, bytes: Count })), v.maxLength(MAX_PARTS))
  }),
  v.check((record) => record.size === record.parts.reduce((sum, part) => sum + part.bytes, 0), 'size is not the sum of its parts'),
  v.check((record) => new Set(record.parts.map((part) => part.name)).size === record.parts.length, 'a part is listed twice')
);
export type CacheIndexRecord = v.InferOutput<typeof CacheIndexRecordSchema>;

const FeatureArrays = v.record(v.pipe(v.string(), v.regex(FEATURE_NAME_PATTERN)), v.instance(Float32Array));
export type FeatureArrays = Record<string, Float32Array<ArrayBuffer>>;

export const CachePartRecordSchema = v.strictObject({
  schema: v.literal(CACHE_RECORD_SCHEMA),
  key: EntryKey,
  writeId: WriteId,
  name: PartNameSchema,
  data: v.union([v.string(), v.instance(ArrayBuffer), FeatureArrays])
});
export type CachePartRecord = v.InferOutput<typeof CachePartRecordSchema>;
export type PartData = CachePartRecord['data'];

export const indexRecordKey = (key: string): string => `idx:${key}`;
export const partRecordKey = (key: string, writeId: string, part: PartName): string => `part:${key}:${writeId}:${part}`;

export interface ParsedPartKey {
  key: string;
  writeId: string;
}

/** Which entry write a stored part key belongs to; undefined for keys that are not ours. */
export function parsePartRecordKey(recordKey: string): ParsedPartKey | undefined {
  const [prefix, key, writeId] = recordKey.split(':', 3);
  if (prefix !== 'part' || key === undefined || writeId === undefined) return undefined;
  if (!CONTENT_KEY_PATTERN.test(key) || !WRITE_ID_PATTERN.test(writeId)) return undefined;
  return { key, writeId };
}

export function parseIndexRecordKey(recordKey: string): string | undefined {
  if (!recordKey.startsWith('idx:')) return undefined;
  const key = recordKey.slice(4);
  return CONTENT_KEY_PATTERN.test(key) ? key : undefined;
}

/** A unique id for one write, starting with its time so old orphans can be told from writes in flight. */
export function newWriteId(now: number): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0]!;
  return `${Math.max(0, Math.floor(now)).toString(36)}-${random.toString(16).padStart(8, '0')}`;
}

export function writeIdTime(writeId: string): number {
  return parseInt(writeId.slice(0, writeId.indexOf('-')), 36);
}

/**
 * Bytes a payload counts for, and the integrity check on read: JSON text is
 * counted as UTF-16 (how browsers hold strings), arrays by their bytes.
 */
export function payloadBytes(data: string | ArrayBuffer | Readonly<Record<string, ArrayBufferView>>): number {
  if (typeof data === 'string') return 2 * data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return Object.values(data).reduce((sum, array) => sum + array.byteLength, 0);
}
