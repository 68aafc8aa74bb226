import type { InstrumentBank } from '../instrument-model';
import { createDrumKit } from './drum-kit';
import { createElectricPiano } from './electric-piano';
import { createOrgan } from './organ';
import { createPiano } from './piano';

import { BUILT_IN_NAMES, type BuiltInInstrument } from './built-in-names';

export { BUILT_IN_INSTRUMENTS, type BuiltInInstrument } from './built-in-names';

const factories: Record<BuiltInInstrument, () => InstrumentBank> = {
  piano: () => ({ kind: 'built-in', name: BUILT_IN_NAMES.piano, presets: [createPiano()] }),
  'electric-piano': () => ({ kind: 'built-in', name: BUILT_IN_NAMES['electric-piano'], presets: [createElectricPiano()] }),
  organ: () => ({ kind: 'built-in', name: BUILT_IN_NAMES.organ, presets: [createOrgan()] }),
  'drum-kit': () => ({ kind: 'built-in', name: BUILT_IN_NAMES['drum-kit'], presets: [createDrumKit()] })
};

const cache = new Map<BuiltInInstrument, InstrumentBank>();

/** Rendered on first use (a few hundred ms for the piano) and kept for the worker's lifetime. */
export function builtInInstrument(id: BuiltInInstrument): InstrumentBank {
  let bank = cache.get(id);
  if (!bank) {
    bank = factories[id]();
    cache.set(id, bank);
  }
  return bank;
}
