import type { ContentCache, StemAudio } from '../../../src/lib/storage/content-cache';
import { DecodeStageSchema, StemsStageSchema } from './analysis-result';
import { AnalysisStage, analysisKey, analysisSegmentKey } from './analysis-stages';
import { readSegmentedTrack } from './audio-segments';

/**
 * An analysis' long audio read back from the cache by other readers (the
 * Analysis panel, diarization's music map): the stage result says where the
 * segments are, `readSegmentedTrack` fetches them. Built-in stems only: a
 * user model's stems live under its own keys. Undefined when anything is gone.
 */
export async function readAnalysisStem(cache: ContentCache, digest: string, name: string): Promise<StemAudio | undefined> {
  const found = await cache.getResult(await analysisKey(digest, AnalysisStage.Stems), StemsStageSchema);
  if (!found.hit || !found.value.names.includes(name)) return undefined;
  const layout = found.value.audio;
  const track = await readSegmentedTrack(cache, (index) => analysisSegmentKey(digest, AnalysisStage.Stems, index), layout, name);
  return track ? { sampleRate: layout.sampleRate, channels: [track] } : undefined;
}

/** The mono analysis copy (22.05 kHz) and how many channels the recording had. */
export async function readAnalysisCopy(cache: ContentCache, digest: string): Promise<{ audio: StemAudio; sourceChannels: number } | undefined> {
  const found = await cache.getResult(await analysisKey(digest, AnalysisStage.Decode), DecodeStageSchema);
  if (!found.hit) return undefined;
  const layout = found.value.analysisCopy;
  const track = await readSegmentedTrack(cache, (index) => analysisSegmentKey(digest, AnalysisStage.Decode, index), layout, 'mono');
  return track ? { audio: { sampleRate: layout.sampleRate, channels: [track] }, sourceChannels: found.value.channels } : undefined;
}
