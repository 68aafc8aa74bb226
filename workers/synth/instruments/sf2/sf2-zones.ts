/**
 * Walks the hydra into playable zone descriptions (spec §7.3–§7.9, §9.4):
 * global zones, the instrument zone's absolute values, the preset zone's
 * offsets added on top, key and velocity ranges intersected. Indices come
 * from the file, so every range is checked and the total work is budgeted:
 * a hostile file can make bag ranges overlap many times over, and without a
 * budget that turns into a hang or millions of zone objects.
 */
import { InstrumentLoadError } from '../instrument-model';
import type { Sf2Hydra, ZoneTables } from './sf2-hydra';
import {
  GENERATOR_COUNT,
  Gen,
  amountFor,
  instrumentDefaults,
  isAdditiveAtPresetLevel,
  presetDefaults,
  rangeHigh,
  rangeLow
} from './sf2-generators';

/** One instrument zone under one preset zone: final generator values and the sample it plays. */
export interface CombinedZone {
  values: Int32Array;
  sampleIndex: number;
  keyLow: number;
  keyHigh: number;
  velocityLow: number;
  velocityHigh: number;
}

export interface ResolvedPreset {
  name: string;
  bank: number;
  program: number;
  zones: CombinedZone[];
}

/** Far above any real bank (large GM banks combine to a few tens of thousands of zones). */
export const MAX_COMBINED_ZONES = 100_000;
/**
 * Work units: one per generator read, ZONE_COST per zone built or combined
 * (each copies a 61-entry generator table). A large real bank spends a few
 * million; the cap keeps a tangled file under a second.
 */
export const WORK_BUDGET = 20_000_000;
const ZONE_COST = 64;

interface LayerZone {
  values: Int32Array;
  /** Instrument index (preset layer) or sample index (instrument layer). */
  link: number;
}

class WorkBudget {
  private spent = 0;
  constructor(private readonly fileName: string) {}
  spend(units: number): void {
    this.spent += units;
    if (this.spent > WORK_BUDGET) {
      throw new InstrumentLoadError(this.fileName, 'has a preset structure too tangled to load (zone indices overlap or repeat); the file is damaged');
    }
  }
}

export function resolvePresets(hydra: Sf2Hydra, fileName: string, warn: (message: string) => void): ResolvedPreset[] {
  const budget = new WorkBudget(fileName);
  const instrumentCache = new Map<number, LayerZone[]>();
  const instrumentCount = hydra.instruments.length - 1; // the last record is the terminal 'EOI'
  const instrumentZones = (index: number): LayerZone[] => {
    let zones = instrumentCache.get(index);
    if (!zones) {
      const header = hydra.instruments[index];
      const next = hydra.instruments[index + 1];
      zones =
        header && next
          ? readLayer(hydra.instrumentZones, header.bagIndex, next.bagIndex, instrumentDefaults(), Gen.sampleID, `instrument '${header.name}'`, budget, warn)
          : [];
      instrumentCache.set(index, zones);
    }
    return zones;
  };

  const presets: ResolvedPreset[] = [];
  let combinedCount = 0;
  for (let p = 0; p + 1 < hydra.presets.length; p++) {
    const header = hydra.presets[p];
    const next = hydra.presets[p + 1];
    if (!header || !next) continue;
    const presetLayer = readLayer(hydra.presetZones, header.bagIndex, next.bagIndex, presetDefaults(), Gen.instrument, `preset '${header.name}'`, budget, warn);
    const zones: CombinedZone[] = [];
    for (const presetZone of presetLayer) {
      if (presetZone.link >= instrumentCount) {
        warn(`preset '${header.name}' refers to instrument #${presetZone.link}, which doesn't exist; that zone is skipped`);
        continue;
      }
      const layer = instrumentZones(presetZone.link);
      budget.spend(layer.length * ZONE_COST);
      for (const instrumentZone of layer) {
        const combined = combine(presetZone.values, instrumentZone);
        if (!combined) continue;
        zones.push(combined);
        combinedCount++;
        if (combinedCount > MAX_COMBINED_ZONES) {
          throw new InstrumentLoadError(fileName, `has more than ${MAX_COMBINED_ZONES} zones in its presets; it is too large or damaged`);
        }
      }
    }
    presets.push({ name: header.name, bank: header.bank, program: header.program, zones });
  }
  return presets;
}

/**
 * Reads the zones of one preset or instrument (bags [firstBag, endBag)). The
 * first zone without a link generator is the global zone: its values become
 * the base for every other zone, which replace them generator by generator.
 */
function readLayer(
  tables: ZoneTables,
  firstBag: number,
  endBag: number,
  defaults: Int32Array,
  linkGenerator: number,
  owner: string,
  budget: WorkBudget,
  warn: (message: string) => void
): LayerZone[] {
  const bagCount = tables.bagGeneratorIndex.length;
  // A bag's generators run up to the next bag's first index, so the last usable bag is bagCount - 2.
  if (firstBag > endBag || endBag > bagCount - 1) {
    warn(`${owner} has zone indices outside the zone table; it is skipped`);
    return [];
  }
  budget.spend((endBag - firstBag) * ZONE_COST);
  const base = defaults.slice();
  const zones: LayerZone[] = [];
  const generatorCount = tables.generatorOperator.length;
  for (let bag = firstBag; bag < endBag; bag++) {
    const firstGen = tables.bagGeneratorIndex[bag] ?? 0;
    const endGen = Math.min(tables.bagGeneratorIndex[bag + 1] ?? 0, generatorCount);
    if (firstGen > endGen) {
      warn(`${owner} has a zone with generator indices out of order; that zone is skipped`);
      continue;
    }
    budget.spend(endGen - firstGen);
    const values = base.slice();
    let link = -1;
    for (let g = firstGen; g < endGen; g++) {
      const operator = tables.generatorOperator[g] ?? GENERATOR_COUNT;
      if (operator >= GENERATOR_COUNT) continue;
      const amount = amountFor(operator, tables.generatorAmount[g] ?? 0);
      if (operator === linkGenerator) {
        link = amount;
        break; // generators after the link are ignored (spec §7.5, §7.9)
      }
      values[operator] = amount;
    }
    if (link >= 0) zones.push({ values, link });
    else if (bag === firstBag) base.set(values);
    // A link-less zone that isn't first is ignored, as the spec asks.
  }
  return zones;
}

function combine(presetValues: Int32Array, instrumentZone: LayerZone): CombinedZone | undefined {
  const instrumentValues = instrumentZone.values;
  const keyLow = Math.max(rangeLow(presetValues[Gen.keyRange] ?? 0), rangeLow(instrumentValues[Gen.keyRange] ?? 0));
  const keyHigh = Math.min(rangeHigh(presetValues[Gen.keyRange] ?? 0), rangeHigh(instrumentValues[Gen.keyRange] ?? 0), 127);
  const velocityLow = Math.max(rangeLow(presetValues[Gen.velRange] ?? 0), rangeLow(instrumentValues[Gen.velRange] ?? 0));
  const velocityHigh = Math.min(rangeHigh(presetValues[Gen.velRange] ?? 0), rangeHigh(instrumentValues[Gen.velRange] ?? 0), 127);
  // Disjoint ranges are normal (a preset zone over part of an instrument's keyboard), not an error.
  if (keyLow > keyHigh || velocityLow > velocityHigh) return undefined;
  const values = instrumentValues.slice();
  for (let g = 0; g < GENERATOR_COUNT; g++) {
    if (isAdditiveAtPresetLevel(g)) values[g] = (values[g] ?? 0) + (presetValues[g] ?? 0);
  }
  return { values, sampleIndex: instrumentZone.link, keyLow, keyHigh, velocityLow, velocityHigh };
}
