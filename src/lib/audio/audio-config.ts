import * as v from 'valibot';
import { PART_PARAM_DEFAULT_POSITION } from '$workers/synth/engine/part-params';
import { VELOCITY_CURVES } from '$workers/synth/engine/velocity-curve';

/**
 * What the musician chooses in Settings → Audio. Latency mode sets both the
 * browser's latencyHint and how many frames the producer keeps queued in
 * the ring (the latency we add on top of the device's).
 */
export const LATENCY_MODES = ['interactive', 'balanced', 'playback'] as const;
export type LatencyMode = (typeof LATENCY_MODES)[number];
export const SAMPLE_RATES = [0, 44100, 48000, 96000] as const; // 0 = the device's own rate
/** One 128-frame quantum at 48 kHz (2.7 ms) plus 2 ms of headroom, rounded. */
export const TIGHT_TIMING_DEFAULT_DELAY_MS = 5;
export const TIGHT_TIMING_DELAYS_MS = [3, 5, 10, 20, 40] as const;

const position = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const PartKnobsSchema = v.strictObject({ volume: position, attack: position, release: position });
export type PartKnobs = v.InferOutput<typeof PartKnobsSchema>;
const DEFAULT_PART_KNOBS: PartKnobs = { ...PART_PARAM_DEFAULT_POSITION };

export const AudioConfigSchema = v.strictObject({
  sampleRate: v.picklist(SAMPLE_RATES),
  latencyMode: v.picklist(LATENCY_MODES),
  maxVoices: v.pipe(v.number(), v.integer(), v.minValue(8), v.maxValue(256)),
  masterVolume: v.pipe(v.number(), v.minValue(0), v.maxValue(1.5)),
  /** '' = the system default output. */
  outputDeviceId: v.pipe(v.string(), v.maxLength(256)),
  /** How hard a player must strike for full volume. */
  velocityCurve: v.optional(v.picklist(VELOCITY_CURVES), 'linear'),
  /**
   * Play MIDI notes at their timestamp + a fixed delay, sample-accurately,
   * instead of when the producer next wakes: a few ms more latency, near-zero
   * jitter. Optional so settings saved before it existed still load.
   */
  tightTiming: v.optional(v.boolean(), false),
  /** The fixed delay: absorbs main-thread lateness up to this much. Default ≈ one quantum + 2 ms. */
  tightTimingDelayMs: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(50)), TIGHT_TIMING_DEFAULT_DELAY_MS),
  /** Knob positions (0…1) of each part's volume, attack and release (see part-params.ts); optional for older settings. */
  parts: v.optional(v.strictObject({ keys: PartKnobsSchema, pads: PartKnobsSchema }), () => ({ keys: { ...DEFAULT_PART_KNOBS }, pads: { ...DEFAULT_PART_KNOBS } }))
});
export type AudioConfig = v.InferOutput<typeof AudioConfigSchema>;

export const DEFAULT_AUDIO_CONFIG: AudioConfig = {
  sampleRate: 0,
  latencyMode: 'interactive',
  maxVoices: 64,
  masterVolume: 0.8,
  outputDeviceId: '',
  velocityCurve: 'linear',
  tightTiming: false,
  tightTimingDelayMs: TIGHT_TIMING_DEFAULT_DELAY_MS,
  parts: { keys: { ...DEFAULT_PART_KNOBS }, pads: { ...DEFAULT_PART_KNOBS } }
};

/**
 * The output to fall back to when the chosen one is unplugged: '' (system
 * default) if `deviceId` is no longer among the outputs, otherwise unchanged.
 */
export function outputAfterDeviceChange(deviceId: string, outputs: ReadonlyArray<{ deviceId: string }>): string {
  return deviceId === '' || outputs.some((output) => output.deviceId === deviceId) ? deviceId : '';
}

/** The producer renders in blocks of one render quantum. */
export const PRODUCER_BLOCK_FRAMES = 128;
/** Headroom beyond one device buffer, per mode: the producer's scheduling slack. */
const SLACK_FRAMES: Record<LatencyMode, number> = { interactive: 256, balanced: 768, playback: 2048 };

/**
 * Frames the producer keeps queued. Chrome renders a whole device buffer of
 * quanta back to back (about 10 ms on Linux and Windows, `baseLatency`), far
 * faster than a worker can be woken between them, so the ring must hold a
 * full device buffer plus slack, or every burst underruns.
 */
export function ringFramesFor(mode: LatencyMode, baseLatencySeconds: number, sampleRate: number): number {
  const deviceFrames = Math.ceil((baseLatencySeconds * sampleRate) / PRODUCER_BLOCK_FRAMES) * PRODUCER_BLOCK_FRAMES;
  return Math.max(2 * PRODUCER_BLOCK_FRAMES, deviceFrames + SLACK_FRAMES[mode]);
}
