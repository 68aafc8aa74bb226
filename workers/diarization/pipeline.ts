// The whole diarization core, from 16 kHz samples to a cacheable result:
// VAD → speech regions (minus music) → window embeddings → clustering →
// per-step scoring against speaker centroids → smoothed turns.
import { centroid, EmbeddingSpace, unitCosine } from './embedding-space.ts';
import { regionMap, suppressMusic } from './music-suppression.ts';
import { runSileroVad, VAD_FRAME_SECONDS, type TensorFactory, type VadRunOptions, type VadSession } from './silero-vad.ts';
import { createDspEmbedder, planWindows, type SpeakerEmbedder } from './speaker-embedding.ts';
import { DEFAULT_SEGMENTER, segmentSpeech, type SegmenterOptions } from './speech-segmenter.ts';
import { discoverSpeakers } from './speaker-discovery.ts';
import { markCutIns, smoothRegion, type ScoredStep, type SmoothingOptions } from './turn-smoothing.ts';
import { DIARIZATION_SAMPLE_RATE, type DiarizationResult, type SpeakerTurn, type TimeRange } from './types.ts';

export interface DiarizationOptions {
  readonly segmenter: Omit<SegmenterOptions, 'frameSeconds'>;
  /** Clustering windows: long enough for stable statistics, hopping by half. */
  readonly windowSeconds: number;
  readonly hopSeconds: number;
  readonly minWindowSeconds: number;
  /** Cosine distance at which clusters stop merging (automatic speaker count). */
  readonly clusterThreshold: number;
  /** Clusters whose raw features differ by less than this t statistic are one voice (voice-separation.ts). */
  readonly minSeparation: number;
  /** Clusters with fewer windows than this are noise, not people: folded into the nearest speaker. */
  readonly minClusterWindows: number;
  /** Most windows per cluster that count as evidence in the separation check. */
  readonly evidenceCap: number;
  /** Above this many windows, cluster an even subsample (memory is n²/2 floats) and let scoring label the rest. */
  readonly maxClusterWindows: number;
  /** Re-segmentation: a shorter window every `stepSeconds`, scored against each speaker. */
  readonly stepSeconds: number;
  readonly scoringWindowSeconds: number;
  readonly smoothing: SmoothingOptions;
}

/** Calibrated on the espeak-ng fixtures; see tests/unit/diarization/accuracy.test.ts for the figures. */
export const DEFAULT_DIARIZATION: DiarizationOptions = {
  segmenter: DEFAULT_SEGMENTER,
  windowSeconds: 1.5,
  hopSeconds: 0.75,
  minWindowSeconds: 0.3,
  clusterThreshold: 1.0,
  minSeparation: 3.7,
  minClusterWindows: 3,
  evidenceCap: 16,
  maxClusterWindows: 2000,
  stepSeconds: 0.2,
  scoringWindowSeconds: 1.0,
  smoothing: { changePenalty: 1.0, minTurnSeconds: 0.6, temperature: 0.1, overlapMargin: 0.05, overlapMinScore: 0.5, cutInSeconds: 0.3 }
};

export interface DiarizationRequest {
  /** Mono samples at 16 kHz. */
  readonly audio: Float32Array;
  /** Music intervals from the analysis (when cached for the same file): speech inside them is dropped. */
  readonly music?: readonly TimeRange[];
  /** The user's "number of speakers", when they know it. */
  readonly speakerCount?: number;
  /** Defaults to the DSP embedder. */
  readonly embedder?: SpeakerEmbedder;
  readonly options?: DiarizationOptions;
}

/** Runs Silero VAD v5 with the given session, then the rest of the pipeline. */
export async function diarize(
  request: DiarizationRequest & { readonly session: VadSession; readonly tensors: TensorFactory; readonly vad?: VadRunOptions }
): Promise<DiarizationResult> {
  const probabilities = await runSileroVad(request.session, request.tensors, request.audio, request.vad);
  return diarizeWithProbabilities(request, probabilities);
}

/** Everything after the VAD, given its per-frame speech probabilities (a cached VAD stage resumes here). */
export async function diarizeWithProbabilities(request: DiarizationRequest, probabilities: Float32Array): Promise<DiarizationResult> {
  const options = request.options ?? DEFAULT_DIARIZATION;
  const embedder = request.embedder ?? createDspEmbedder();
  const duration = request.audio.length / DIARIZATION_SAMPLE_RATE;
  const heard = segmentSpeech(probabilities, { ...options.segmenter, frameSeconds: VAD_FRAME_SECONDS }, duration);
  const music = request.music ?? [];
  const { speech, treatedAsMusic } = suppressMusic(heard, music, options.segmenter.minSpeechSeconds);
  const result = (turns: SpeakerTurn[]): DiarizationResult => ({
    version: 1,
    durationSeconds: duration,
    speakers: [...new Set(turns.map((t) => t.speaker))],
    turns,
    regions: regionMap(duration, speech, music),
    suppressedAsMusic: treatedAsMusic,
    embedder: embedder.name
  });

  const windows = planWindows(speech, options.windowSeconds, options.hopSeconds, options.minWindowSeconds);
  if (windows.length === 0) return result([]);
  const raw = await embedder.embed(request.audio, windows);
  const { space, centroids } = speakerModel(raw, request.speakerCount, options);

  // Re-segmentation: every region scored in short steps against the speakers found.
  const regions = speech.filter((r) => r.end - r.start >= options.minWindowSeconds);
  const stepRanges = regions.map((region) => stepsIn(region, options.stepSeconds));
  const scoringWindows = regions.flatMap((region, i) => (stepRanges[i] ?? []).map((step) => scoringWindow(step, region, options.scoringWindowSeconds)));
  const stepVectors = (await embedder.embed(request.audio, scoringWindows)).map((v) => space.project(v));
  let next = 0;
  const runs = stepRanges.flatMap((ranges) => {
    const steps: ScoredStep[] = ranges.map((range) => {
      const vector = stepVectors[next++] as Float32Array;
      return { ...range, scores: Float32Array.from(centroids, (c) => unitCosine(vector, c)) };
    });
    return markCutIns(smoothRegion(steps, options.smoothing), options.smoothing.cutInSeconds ?? 0);
  });

  // Name speakers S1, S2, ... in order of first appearance.
  const names = new Map<number, string>();
  const turns = runs.map((run): SpeakerTurn => {
    if (!names.has(run.speaker)) names.set(run.speaker, `S${names.size + 1}`);
    return { start: run.start, end: run.end, speaker: names.get(run.speaker) ?? 'S?', confidence: run.confidence, overlap: run.overlap };
  });
  return result(turns);
}

/** Speaker centroids in a space scaled by within-speaker spread (see embedding-space.ts). */
function speakerModel(raw: Float32Array[], speakerCount: number | undefined, options: DiarizationOptions): { space: EmbeddingSpace; centroids: Float32Array[] } {
  // Clustering memory is n²/2 floats: an hour of talk is clustered on an even subsample; scoring labels the rest.
  const stride = Math.max(1, Math.ceil(raw.length / options.maxClusterWindows));
  const sample = raw.filter((_, i) => i % stride === 0);
  const labels = discoverSpeakers(sample, options, speakerCount);
  const kept = sample.filter((_, i) => (labels[i] ?? -1) >= 0);
  const keptLabels = labels.filter((label) => label >= 0);
  const space = EmbeddingSpace.fit(kept, keptLabels);
  const count = Math.max(0, ...keptLabels) + 1;
  const dimension = kept[0]?.length ?? 0;
  const centroids = Array.from({ length: count }, (_, speaker) =>
    centroid(
      kept.filter((_, i) => keptLabels[i] === speaker).map((v) => space.project(v)),
      dimension
    )
  );
  return { space, centroids };
}

function stepsIn(region: TimeRange, stepSeconds: number): TimeRange[] {
  const count = Math.max(1, Math.round((region.end - region.start) / stepSeconds));
  const length = (region.end - region.start) / count;
  return Array.from({ length: count }, (_, i) => ({ start: region.start + i * length, end: region.start + (i + 1) * length }));
}

/** A window of `seconds` centred on the step, slid (not shrunk) to stay inside its region. */
function scoringWindow(step: TimeRange, region: TimeRange, seconds: number): TimeRange {
  if (region.end - region.start <= seconds) return region;
  const centre = (step.start + step.end) / 2;
  const start = Math.min(Math.max(region.start, centre - seconds / 2), region.end - seconds);
  return { start, end: start + seconds };
}

