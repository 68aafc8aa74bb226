import type { ContentCache, StemAudio } from '../../../src/lib/storage/content-cache';
import { DecodeStageSchema, StemsStageSchema } from './analysis-result';
import { AnalysisStage, analysisKey, analysisSegmentKey } from './analysis-stages';
import { readSegmentedTrack, type SegmentKey, type SegmentLayout } from './audio-segments';

/** Where one of an analysis' long tracks is in the cache: its segment layout and keys. */
export interface StoredTrack {
  layout: SegmentLayout;
  keyOf: SegmentKey;
  name: string;
}

/**
 * An analysis' long audio read back from the cache by other readers (the
 * Analysis panel, diarization's music map): the stage result says where the
 * segments are; `readSegmentedTrack` joins them, `forEachSegment` streams them
 * to a reader that only measures. A user's stem model keys its stems (and the
 * run's stage records) by its hash: pass the result's `userModels`.
 * Undefined when anything is gone.
 */
export async function locateAnalysisStem(
  cache: ContentCache,
  digest: string,
  name: string,
  userModels: Readonly<Record<string, string>> = {}
): Promise<StoredTrack | undefined> {
  const found = await cache.getResult(await analysisKey(digest, AnalysisStage.Stems, userModels), StemsStageSchema);
  if (!found.hit || !found.value.names.includes(name)) return undefined;
  return { layout: found.value.audio, keyOf: (index) => analysisSegmentKey(digest, AnalysisStage.Stems, index, userModels), name };
}

/**
 * The mono analysis copy (22.05 kHz) and how many channels the recording had.
 * Its segments are shared by every analysis of the recording; the stage's
 * record is keyed like the run's other stages (`userModels` included).
 */
export async function locateAnalysisCopy(
  cache: ContentCache,
  digest: string,
  userModels: Readonly<Record<string, string>> = {}
): Promise<(StoredTrack & { sourceChannels: number }) | undefined> {
  const found = await cache.getResult(await analysisKey(digest, AnalysisStage.Decode, userModels), DecodeStageSchema);
  if (!found.hit) return undefined;
  return { layout: found.value.analysisCopy, keyOf: (index) => analysisSegmentKey(digest, AnalysisStage.Decode, index), name: 'mono', sourceChannels: found.value.channels };
}

/** One stem joined, over `range` seconds (only the one-minute segments it touches: the player holds a window, never an hour) or whole. */
export async function readAnalysisStem(
  cache: ContentCache,
  digest: string,
  name: string,
  range?: { start: number; end: number },
  userModels: Readonly<Record<string, string>> = {}
): Promise<(StemAudio & { start: number }) | undefined> {
  const stem = await locateAnalysisStem(cache, digest, name, userModels);
  if (!stem) return undefined;
  const { layout } = stem;
  const from = range ? Math.max(0, Math.floor(range.start * layout.sampleRate)) : 0;
  const to = range ? Math.ceil(range.end * layout.sampleRate) : layout.frames;
  const track = await readSegmentedTrack(cache, stem.keyOf, layout, name, from, to);
  return track ? { sampleRate: layout.sampleRate, channels: [track], start: Math.min(from, layout.frames) / layout.sampleRate } : undefined;
}
