import * as v from 'valibot';
import type { InstrumentBank } from '../synth/instruments/instrument-model';

/**
 * Validates an instrument bank arriving at the producer from the loader
 * worker: the producer trusts nothing it did not build itself.
 */
const Frames = v.pipe(v.number(), v.integer(), v.minValue(0));
const Range = v.strictObject({ start: Frames, end: Frames });
const Unit = v.pipe(v.number(), v.finite());

const SampleSchema = v.strictObject({
  name: v.string(),
  data: v.instance(Float32Array),
  sampleRate: v.pipe(v.number(), v.minValue(1), v.maxValue(192_000)),
  loop: v.optional(Range)
});

const ZoneSchema = v.strictObject({
  sample: SampleSchema,
  keyLow: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(127)),
  keyHigh: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(127)),
  velocityLow: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(127)),
  velocityHigh: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(127)),
  rootKey: v.pipe(v.number(), v.minValue(-128), v.maxValue(255)),
  tuneCents: Unit,
  keyTrackCents: Unit,
  gain: v.pipe(v.number(), v.minValue(0), v.maxValue(16)),
  pan: v.pipe(v.number(), v.minValue(-1), v.maxValue(1)),
  loopMode: v.picklist(['no_loop', 'one_shot', 'loop_continuous', 'loop_sustain']),
  loop: v.optional(Range),
  offset: Frames,
  end: v.optional(Frames),
  envelope: v.strictObject({
    delay: v.pipe(v.number(), v.minValue(0)),
    attack: v.pipe(v.number(), v.minValue(0)),
    hold: v.pipe(v.number(), v.minValue(0)),
    decay: v.pipe(v.number(), v.minValue(0)),
    sustain: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
    release: v.pipe(v.number(), v.minValue(0))
  }),
  trigger: v.picklist(['attack', 'release']),
  group: v.optional(v.number()),
  offBy: v.optional(v.number()),
  velocityTrack: v.pipe(v.number(), v.minValue(0), v.maxValue(1))
});

export const InstrumentBankSchema = v.strictObject({
  kind: v.picklist(['built-in', 'sf2', 'sfz']),
  name: v.string(),
  presets: v.pipe(
    v.array(v.strictObject({ name: v.string(), bank: v.number(), program: v.number(), zones: v.array(ZoneSchema) })),
    v.minLength(1)
  )
});

export function parseInstrumentBank(candidate: unknown): InstrumentBank {
  return v.parse(InstrumentBankSchema, candidate) as InstrumentBank;
}

/** Every sample buffer of a bank once, for the transfer list of postMessage. */
export function bankBuffers(bank: InstrumentBank): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const preset of bank.presets) for (const zone of preset.zones) buffers.add(zone.sample.data.buffer as ArrayBuffer);
  return [...buffers];
}
