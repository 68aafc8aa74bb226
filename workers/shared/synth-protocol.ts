import * as v from 'valibot';

/**
 * Control messages between the main thread and the synth producer worker
 * (start, reconfigure, instruments, shutdown). Notes and FX changes take
 * the real-time command ring instead (synth-commands.ts). Both sides
 * import these; the worker validates every message it receives (a malformed
 * command is logged and dropped, never applied).
 */
const RequestId = v.pipe(v.number(), v.integer());

// Without cross-origin isolation SharedArrayBuffer does not exist; this must still load.
const Shared = typeof SharedArrayBuffer === 'function' ? v.instance(SharedArrayBuffer) : v.never();

export const AudioRingMemorySchema = v.strictObject({
  ring: Shared,
  control: Shared,
  commands: Shared,
  mailbox: Shared,
  capacityFrames: v.pipe(v.number(), v.integer(), v.minValue(128))
});

const Port = typeof MessagePort === 'function' ? v.instance(MessagePort) : v.never();

/**
 * One engine configuration. `memory` is the shared-ring transport; without
 * cross-origin isolation `port` (a channel to the worklet) replaces it.
 */
export const EngineSetupSchema = v.strictObject({
  memory: v.optional(AudioRingMemorySchema),
  port: v.optional(Port),
  sampleRate: v.pipe(v.number(), v.minValue(8000), v.maxValue(192000)),
  maxVoices: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(512)),
  blockFrames: v.pipe(v.number(), v.integer(), v.minValue(16), v.maxValue(4096))
});
export type EngineSetup = v.InferOutput<typeof EngineSetupSchema>;

export const ProducerCommandSchema = v.variant('type', [
  v.strictObject({ type: v.literal('start'), requestId: RequestId, setup: EngineSetupSchema }),
  /** The bank is checked by parseInstrumentBank on arrival (it is large; checked once, not per field here). */
  v.strictObject({
    type: v.literal('loadInstrument'),
    requestId: RequestId,
    bank: v.unknown(),
    presetIndex: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
    /** 0 = keys, 1 = pads. */
    part: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1)), 0)
  }),
  v.strictObject({ type: v.literal('reconfigure'), requestId: RequestId, setup: EngineSetupSchema }),
  v.strictObject({ type: v.literal('shutdown'), requestId: RequestId }),
  /** Message-port mode only: a real-time command (see synth-commands.ts) sent as a message. */
  v.strictObject({ type: v.literal('realtime'), op: v.number(), a: v.number(), b: v.number(), c: v.optional(v.number(), 0) })
]);
export type ProducerCommand = v.InferOutput<typeof ProducerCommandSchema>;

export type ProducerEvent =
  /** Answer to a command with a requestId: every such command gets exactly one. */
  | { type: 'reply'; requestId: number; ok: true; detail?: string }
  | { type: 'reply'; requestId: number; ok: false; error: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export const ProducerEventSchema = v.variant('type', [
  v.strictObject({ type: v.literal('reply'), requestId: RequestId, ok: v.literal(true), detail: v.optional(v.string()) }),
  v.strictObject({ type: v.literal('reply'), requestId: RequestId, ok: v.literal(false), error: v.string() }),
  v.strictObject({ type: v.literal('log'), level: v.picklist(['info', 'warn', 'error']), message: v.string() })
]);

/** The error every pending request receives when the engine shuts down. */
export const SHUTTING_DOWN = 'engine shutting down';
