import type { StorageEstimateLike } from './cache-recency';
import {
  CACHE_ENTRY_KINDS,
  FEATURE_NAME_PATTERN,
  STEM_NAME_PATTERN,
  payloadBytes,
  stemPart,
  type CacheEntryKind,
  type FeatureArrays,
  type PartName
} from './cache-records';
import { CONTENT_KEY_PATTERN } from './content-key';
import { encodedStemBytes, stemShapeProblem, type StemAudio } from './stem-codec';

/**
 * The cache's public shapes (what callers put and get back) and the checks a
 * write passes before anything touches storage.
 */
/** Structurally an AppLog, so the main thread passes its log and a worker a small forwarder. */
export interface CacheLog {
  warn(source: string, message: string, data?: Record<string, unknown>): void;
}

export interface ContentCacheOptions {
  /** Most bytes of payload the cache keeps; least recently used entries go first. */
  budgetBytes?: number;
  /** The Storage API estimate (default: navigator.storage.estimate when it exists). */
  estimate?: () => Promise<StorageEstimateLike | undefined>;
  log?: CacheLog;
  now?: () => number;
}

export interface CacheEntryInput {
  kind: CacheEntryKind;
  /** The analysis (or stage) result: anything JSON can carry. Never put the file's name here. */
  result: unknown;
  /** Named feature arrays, e.g. `drums.onset`, `chroma`. */
  features?: Readonly<Record<string, Float32Array>>;
  /** Named stems (`drums`, `bass`...), stored as PCM16. */
  stems?: Readonly<Record<string, StemAudio>>;
}

export interface CacheEntrySummary {
  kind: CacheEntryKind;
  size: number;
  created: number;
  lastAccess: number;
  stems: string[];
  hasFeatures: boolean;
}

export type CacheMissReason = 'absent' | 'malformed' | 'unavailable';
export type CacheLookup<T> = { hit: true; value: T } | { hit: false; reason: CacheMissReason };
export type CacheWriteFailure = 'invalid' | 'too-large' | 'quota' | 'storage-error';
export type CacheWriteResult = { ok: true; bytes: number; evicted: number } | { ok: false; reason: CacheWriteFailure; message: string };


export interface WritePlan {
  resultJson: string;
  parts: { name: PartName; bytes: number }[];
  bytes: number;
}

export function planWrite(key: string, entry: CacheEntryInput): ({ ok: true } & WritePlan) | { ok: false; message: string } {
  if (!CONTENT_KEY_PATTERN.test(key)) return { ok: false, message: 'the key is not a content key (use contentKey)' };
  if (!CACHE_ENTRY_KINDS.includes(entry.kind)) return { ok: false, message: `unknown entry kind "${String(entry.kind)}"` };
  const resultJson = stringify(entry.result);
  if (resultJson === undefined) return { ok: false, message: 'the result cannot be stored as JSON' };
  const parts: WritePlan['parts'] = [{ name: 'result', bytes: payloadBytes(resultJson) }];
  if (entry.features) {
    const names = Object.keys(entry.features);
    if (!names.every((name) => FEATURE_NAME_PATTERN.test(name))) return { ok: false, message: 'a feature name is not [A-Za-z0-9_.-]{1,64}' };
    if (!Object.values(entry.features).every((array) => array instanceof Float32Array)) return { ok: false, message: 'features must be Float32Arrays' };
    parts.push({ name: 'features', bytes: payloadBytes(entry.features) });
  }
  for (const [name, stem] of Object.entries(entry.stems ?? {})) {
    if (!STEM_NAME_PATTERN.test(name)) return { ok: false, message: `stem name "${name.slice(0, 40)}" is not [A-Za-z0-9_-]{1,32}` };
    const problem = stemShapeProblem(stem);
    if (problem) return { ok: false, message: `stem "${name}": ${problem}` };
    parts.push({ name: stemPart(name), bytes: encodedStemBytes(stem.channels.length, stem.channels[0]?.length ?? 0) });
  }
  if (parts.length > 64) return { ok: false, message: 'an entry holds at most 63 stems' };
  return { ok: true, resultJson, parts, bytes: parts.reduce((sum, part) => sum + part.bytes, 0) };
}

export function unsharedFeatures(features: Readonly<Record<string, Float32Array>>): FeatureArrays {
  // IndexedDB cannot clone views on a SharedArrayBuffer; copy only those.
  return Object.fromEntries(Object.entries(features).map(([name, array]) => [name, isUnshared(array) ? array : array.slice()]));
}

function isUnshared(array: Float32Array): array is Float32Array<ArrayBuffer> {
  return array.buffer instanceof ArrayBuffer;
}

export function stringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function classify(error: unknown): CacheWriteFailure {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  return name === 'QuotaExceededError' || /quota/i.test(errorText(error)) ? 'quota' : 'storage-error';
}

export function errorText(error: unknown): string {
  return error instanceof Error || error instanceof DOMException ? `${error.name}: ${error.message}` : String(error);
}

export async function browserEstimate(): Promise<StorageEstimateLike | undefined> {
  const storage = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<StorageEstimateLike> } } }).navigator?.storage;
  return storage?.estimate ? storage.estimate() : undefined;
}
