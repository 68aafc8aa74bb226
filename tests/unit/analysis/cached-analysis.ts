import type { ContentCache } from '$lib/storage/content-cache';
import { AnalysisStage, analysisKey, analysisSegmentKey } from '$workers/analysis/pipeline/analysis-stages';
import { SegmentWriter } from '$workers/analysis/pipeline/audio-segments';

/**
 * Seeds the cache the way the analysis pipeline leaves it for one stage with
 * long audio (decode: the mono copy; stems: one track per stem): the tracks
 * in one-minute segments, the stage result with their layout. For tests of
 * other readers (the Analysis panel, diarization's music map).
 */
export async function seedSegmentedStage(
  cache: ContentCache,
  digest: string,
  stage: typeof AnalysisStage.Decode | typeof AnalysisStage.Stems,
  result: Record<string, unknown>,
  tracks: Record<string, Float32Array>,
  sampleRate: number
): Promise<void> {
  const writer = new SegmentWriter(cache, (index) => analysisSegmentKey(digest, stage, index), Object.keys(tracks), sampleRate);
  await writer.push(tracks);
  const { layout, stored } = await writer.finish();
  if (!stored) throw new Error('segments not stored');
  await cache.put(await analysisKey(digest, stage), { kind: 'stage', result: { ...result, [stage === AnalysisStage.Decode ? 'analysisCopy' : 'audio']: layout } });
}
