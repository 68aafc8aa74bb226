/// <reference lib="webworker" />
import * as v from 'valibot';
import { Counter } from '../shared/audio-ring';
import { ProducerCommandSchema, SHUTTING_DOWN, type ProducerCommand, type ProducerEvent } from '../shared/synth-protocol';
import { parseInstrumentBank } from '../shared/instrument-schema';
import { SynthProducer } from './synth-producer';

/**
 * The synth producer worker: the only owner of voices and FX. While playing
 * it loops: apply real-time commands from the command ring, render until the
 * audio ring is full, then block in Atomics.wait until the worklet takes
 * frames (or the main thread signals a command). Control messages (start,
 * reconfigure, instruments, shutdown) come by postMessage; the main thread
 * bumps a mailbox counter with each, and the loop yields to the event loop
 * until they have been handled.
 */
declare const self: DedicatedWorkerGlobalScope;

/** Safety net only: the worklet wakes us every render quantum. */
const WAIT_TIMEOUT_MS = 50;

let producer: SynthProducer | undefined;
/**
 * Control messages received. The main thread bumps the shared mailbox once per
 * message it posts, except the very first ('start', sent before any loop runs).
 */
/** Bumped on every (re)configuration and on shutdown, so a superseded loop stops. */
let generation = 0;
let mailboxHandled = 0;
let shuttingDown = false;
const yieldChannel = new MessageChannel();
let resumeGeneration = 0;
yieldChannel.port1.onmessage = () => run(resumeGeneration);

function send(event: ProducerEvent): void {
  self.postMessage(event);
}

function run(ownGeneration: number): void {
  while (ownGeneration === generation && producer?.views && producer.mailbox) {
    producer.fill();
    const counters = producer.views.counters;
    if (Atomics.load(producer.mailbox, 0) !== mailboxHandled) {
      // A control message is waiting in the event loop: let it run, then resume.
      resumeGeneration = ownGeneration;
      yieldChannel.port2.postMessage(null);
      return;
    }
    Atomics.wait(counters, Counter.Consumed, Atomics.load(counters, Counter.Consumed), WAIT_TIMEOUT_MS);
  }
}

function startGeneration(next: SynthProducer): void {
  producer = next;
  generation += 1;
  const port = next.setup.port;
  if (port) {
    servePort(port, next, generation);
    return;
  }
  resumeGeneration = generation;
  yieldChannel.port2.postMessage(null);
}

/**
 * Message-port transport (no cross-origin isolation): the worklet asks for
 * `need` blocks whenever its queue runs low, and gets them as transferred
 * buffers. Slower and allocating, but it plays; the UI says so.
 */
function servePort(port: MessagePort, owner: SynthProducer, ownGeneration: number): void {
  port.onmessage = (event: MessageEvent<{ need?: unknown }>) => {
    const need = event.data?.need;
    if (ownGeneration !== generation || typeof need !== 'number' || need < 1 || need > 64) return;
    for (let i = 0; i < need; i++) {
      const block = owner.renderBlock().slice();
      port.postMessage(block, [block.buffer]);
    }
  };
}

function reply(requestId: number, outcome: { ok: true; detail?: string } | { ok: false; error: string }): void {
  send({ type: 'reply', requestId, ...outcome } as ProducerEvent);
}

function apply(command: ProducerCommand): void {
  if (shuttingDown) {
    if ('requestId' in command) reply(command.requestId, { ok: false, error: SHUTTING_DOWN });
    return;
  }
  switch (command.type) {
    case 'start':
    case 'reconfigure': {
      try {
        const next = producer ? producer.successor(command.setup) : new SynthProducer(command.setup);
        startGeneration(next);
        return reply(command.requestId, { ok: true });
      } catch (error) {
        // The old generation keeps playing: a failed reconfigure changes nothing.
        return reply(command.requestId, { ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    }
    case 'shutdown':
      shuttingDown = true;
      generation += 1;
      producer?.engine.stopAll();
      producer = undefined;
      return reply(command.requestId, { ok: true });
    case 'realtime':
      producer?.applyRealtime(command.op, command.a, command.b, command.c);
      return;
    case 'loadInstrument': {
      if (!producer) return reply(command.requestId, { ok: false, error: 'The audio engine is not started' });
      try {
        producer.selectInstrument(parseInstrumentBank(command.bank), command.presetIndex, command.part);
      } catch (error) {
        // The current instrument keeps playing.
        return reply(command.requestId, { ok: false, error: `Instrument rejected: ${error instanceof Error ? error.message : String(error)}` });
      }
      const loaded = producer.engine.instrumentOf(command.part);
      return reply(command.requestId, { ok: true, detail: loaded.preset?.name ?? loaded.bank?.name });
    }
  }
}

self.onmessage = (event: MessageEvent<unknown>) => {
  if (producer?.mailbox) mailboxHandled += 1;
  const parsed = v.safeParse(ProducerCommandSchema, event.data);
  if (!parsed.success) {
    send({ type: 'log', level: 'warn', message: `Synth ignored a malformed command: ${parsed.issues[0]?.message ?? 'invalid'}` });
    const requestId = (event.data as { requestId?: unknown } | null)?.requestId;
    if (typeof requestId === 'number') reply(requestId, { ok: false, error: 'malformed command' });
    return;
  }
  apply(parsed.output);
};
