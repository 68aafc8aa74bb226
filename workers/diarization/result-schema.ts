// The cached diarization result is read back from IndexedDB: validate it
// strictly (unknown fields rejected) so a stale or tampered entry is a cache
// miss, not a crash in the panel. Kept in step with types.ts by the
// `satisfies` check below.
import * as v from 'valibot';
import type { DiarizationResult } from './types.ts';

const seconds = v.pipe(v.number(), v.finite(), v.minValue(0));
const range = { start: seconds, end: seconds };
const ordered = <T extends { start: number; end: number }>(schema: v.GenericSchema<T>) =>
  v.pipe(
    schema,
    v.check((r: T) => r.end >= r.start, 'a range ends before it starts')
  );

export const TimeRangeSchema = ordered(v.strictObject(range));

export const SpeakerTurnSchema = ordered(
  v.strictObject({
    ...range,
    speaker: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
    overlap: v.boolean()
  })
);

export const AudioRegionSchema = ordered(v.strictObject({ ...range, kind: v.picklist(['speech', 'music', 'silence']) }));

export const DiarizationResultSchema = v.strictObject({
  version: v.literal(1),
  durationSeconds: seconds,
  speakers: v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
  turns: v.array(SpeakerTurnSchema),
  regions: v.array(AudioRegionSchema),
  suppressedAsMusic: v.array(TimeRangeSchema),
  embedder: v.pipe(v.string(), v.minLength(1), v.maxLength(200))
});

// Fails to compile if the schema stops producing a DiarizationResult (a field
// missing or of the wrong type). One way only: the type's arrays are readonly.
type SchemaOutput = v.InferOutput<typeof DiarizationResultSchema>;
export const schemaProducesResult: SchemaOutput extends DiarizationResult ? true : false = true;

/** The cached value if it is a well-formed result, otherwise undefined (a cache miss). */
export function readCachedResult(value: unknown): DiarizationResult | undefined {
  const parsed = v.safeParse(DiarizationResultSchema, value);
  return parsed.success ? parsed.output : undefined;
}
