/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { bankBuffers } from '../shared/instrument-schema';
import { BUILT_IN_INSTRUMENTS, builtInInstrument, type BuiltInInstrument } from '../synth/instruments/built-in/built-in-catalog';
import type { InstrumentBank } from '../synth/instruments/instrument-model';

/**
 * Builds instruments off the audio path: rendering the built-in piano or
 * parsing a SoundFont takes hundreds of milliseconds, which the producer
 * cannot spend without glitching. Banks are transferred (not copied) out.
 */
const loader = {
  builtIn(id: string): InstrumentBank {
    if (!(BUILT_IN_INSTRUMENTS as readonly string[]).includes(id)) throw new Error(`There is no built-in instrument "${id}"`);
    // A fresh copy each time: the transfer detaches the buffers on this side.
    const cached = builtInInstrument(id as BuiltInInstrument);
    const bank = structuredClone(cached);
    return Comlink.transfer(bank, bankBuffers(bank));
  }
};

export type InstrumentLoader = typeof loader;
Comlink.expose(loader);
