import { RingBuffer } from 'ringbuf.js';

/**
 * Real-time commands (notes, pedal, bend, FX, volume) travel main → producer
 * through a second SPSC ring instead of postMessage: the producer is parked
 * in a synchronous Atomics.wait between blocks and never returns to its
 * event loop while playing, so this ring is how a key press reaches it
 * within one block. Each command is a fixed record of five float64s:
 * op, a, b, c and t, the event's time on the shared wall clock
 * (`performance.timeOrigin + performance.now()` of the sender, in ms; 0 =
 * no timestamp, play at once). Tight timing schedules note events by t.
 */
export const RealtimeOp = {
  NoteOn: 1,
  NoteOff: 2,
  Sustain: 3,
  PitchBend: 4,
  SetFx: 5,
  MasterVolume: 6,
  StopAll: 7,
  /** a = index into VELOCITY_CURVES. */
  VelocityCurve: 8,
  /** a = 1 on / 0 off, b = the fixed delay in ms added to each timed note event. */
  TightTiming: 9,
  /** a = part (0 keys, 1 pads), b = index into PART_PARAMS, c = knob position 0…1. */
  PartParam: 10
} as const;
export type RealtimeOp = (typeof RealtimeOp)[keyof typeof RealtimeOp];

export const RECORD_SIZE = 5;
/** 4096 commands of headroom: a full MIDI flood between two blocks still fits. */
export const COMMAND_CAPACITY = 4096;

export function createCommandMemory(): SharedArrayBuffer {
  return RingBuffer.getStorageForCapacity(COMMAND_CAPACITY * RECORD_SIZE, Float64Array);
}

/** FX parameters are addressed by their index in the FX table, not by string, to fit a record. */
export class CommandWriter {
  readonly #ring: RingBuffer;
  readonly #record = new Float64Array(RECORD_SIZE);
  /** Commands dropped because the ring was full (a flood the producer could not keep up with). */
  dropped = 0;

  constructor(memory: SharedArrayBuffer) {
    this.#ring = new RingBuffer(memory, Float64Array);
  }

  /** Queues one command; returns false (and counts it) when the ring is full. */
  write(op: RealtimeOp, a = 0, b = 0, c = 0, t = 0): boolean {
    if (this.#ring.available_write() < RECORD_SIZE) {
      this.dropped++;
      return false;
    }
    const record = this.#record;
    record[0] = op;
    record[1] = a;
    record[2] = b;
    record[3] = c;
    record[4] = t;
    this.#ring.push(record, RECORD_SIZE);
    return true;
  }
}

export type CommandHandler = (op: number, a: number, b: number, c: number, t: number) => void;

export class CommandReader {
  readonly #ring: RingBuffer;
  readonly #record = new Float64Array(RECORD_SIZE);

  constructor(memory: SharedArrayBuffer) {
    this.#ring = new RingBuffer(memory, Float64Array);
  }

  /** Applies every queued command in order; returns how many. */
  drain(handle: CommandHandler): number {
    const record = this.#record;
    let count = 0;
    while (this.#ring.available_read() >= RECORD_SIZE) {
      this.#ring.pop(record, RECORD_SIZE);
      handle(record[0]!, record[1]!, record[2]!, record[3]!, record[4]!);
      count++;
    }
    return count;
  }
}
