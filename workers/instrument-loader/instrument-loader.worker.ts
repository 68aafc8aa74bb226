/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { bankBuffers } from '../shared/instrument-schema';
import { BUILT_IN_INSTRUMENTS, builtInInstrument, type BuiltInInstrument } from '../synth/instruments/built-in/built-in-catalog';
import type { InstrumentBank } from '../synth/instruments/instrument-model';
import { parseInstrumentFile, type InstrumentFileFormat } from '../synth/instruments/parse-instrument-file';

/**
 * Builds instruments off the audio path: rendering the built-in piano or
 * parsing a SoundFont takes hundreds of milliseconds, which the producer
 * cannot spend without glitching. Banks are transferred (not copied) out.
 */
export interface InstrumentSummary {
  name: string;
  presets: Array<{ name: string; bank: number; program: number }>;
  warnings: string[];
}

const loader = {
  builtIn(id: string): InstrumentBank {
    if (!(BUILT_IN_INSTRUMENTS as readonly string[]).includes(id)) throw new Error(`There is no built-in instrument "${id}"`);
    // A fresh copy each time: the transfer detaches the buffers on this side.
    const bank = structuredClone(builtInInstrument(id as BuiltInInstrument));
    return Comlink.transfer(bank, bankBuffers(bank));
  },

  /** Checks an imported file and lists its presets (the parsed samples are dropped). */
  inspect(bytes: Uint8Array, fileName: string, format: InstrumentFileFormat): InstrumentSummary {
    const { bank, warnings } = parseInstrumentFile(bytes, fileName, format);
    return { name: bank.name, presets: bank.presets.map(({ name, bank: number, program }) => ({ name, bank: number, program })), warnings };
  },

  load(bytes: Uint8Array, fileName: string, format: InstrumentFileFormat): InstrumentBank {
    const { bank } = parseInstrumentFile(bytes, fileName, format);
    return Comlink.transfer(bank, bankBuffers(bank));
  }
};

export type InstrumentLoader = typeof loader;
Comlink.expose(loader);
