/**
 * Reads the RIFF skeleton of an SF2 (spec §4–§7) into flat records: the INFO
 * name, the 16-bit sample pool and the nine "hydra" tables of pdta. No record
 * is interpreted here; sizes and counts are checked so that everything after
 * can index the tables without reading past them.
 */
import { InstrumentLoadError } from '../instrument-model';
import { fourCC, listChunks, listType, readFixedString, readU32, type RiffChunk } from '../riff-chunks';

export interface PresetHeader {
  name: string;
  program: number;
  bank: number;
  bagIndex: number;
}

export interface InstrumentHeader {
  name: string;
  bagIndex: number;
}

export interface SampleHeader {
  name: string;
  /** Frames into the sample pool; end and endLoop point one past the last frame. */
  start: number;
  end: number;
  startLoop: number;
  endLoop: number;
  sampleRate: number;
  originalPitch: number;
  pitchCorrection: number;
  sampleType: number;
}

/** Bag → first generator index; generator operators and raw 16-bit amounts. */
export interface ZoneTables {
  bagGeneratorIndex: Uint16Array;
  generatorOperator: Uint16Array;
  generatorAmount: Uint16Array;
}

export interface Sf2Hydra {
  name: string;
  versionMajor: number;
  /** The smpl body: 16-bit little-endian mono frames. */
  samplePool: Uint8Array;
  presets: PresetHeader[];
  instruments: InstrumentHeader[];
  samples: SampleHeader[];
  presetZones: ZoneTables;
  instrumentZones: ZoneTables;
}

const PHDR_SIZE = 38;
const BAG_SIZE = 4;
const GEN_SIZE = 4;
const INST_SIZE = 22;
const SHDR_SIZE = 46;

export function readSf2Hydra(bytes: Uint8Array, fileName: string): Sf2Hydra {
  const fail = (problem: string): never => {
    throw new InstrumentLoadError(fileName, problem);
  };
  if (bytes.length < 12 || fourCC(bytes, 0) !== 'RIFF') fail("isn't a SoundFont 2 file: it doesn't start with a RIFF header");
  const formType = fourCC(bytes, 8);
  if (formType === 'WAVE') fail('is a WAV file, not a SoundFont; load it from an SFZ instrument instead');
  if (formType !== 'sfbk') fail(`isn't a SoundFont 2 file: its RIFF form is '${formType}', not 'sfbk'`);

  // A RIFF size larger than the file is tolerated here; a list inside that is
  // cut short is not (below), which is how a truncated download shows up.
  const riffEnd = Math.min(bytes.length, 8 + readU32(bytes, 4));
  const lists = new Map<string, RiffChunk>();
  for (const chunk of listChunks(bytes, 12, riffEnd)) {
    if (chunk.id !== 'LIST') continue;
    const type = listType(bytes, chunk);
    if (chunk.size < chunk.claimedSize) fail(truncatedMessage(`'${type}' list`, chunk));
    if (!lists.has(type)) lists.set(type, chunk);
  }

  const info = lists.get('INFO');
  // INFO only gives the name, and some writers leave odd-sized INFO strings unpadded: never fail on it.
  const infoChunks = info ? subChunks(bytes, info, () => undefined) : new Map<string, RiffChunk>();
  const inam = infoChunks.get('INAM');
  const name = inam ? readFixedString(bytes, inam.bodyStart, Math.min(inam.size, 256)) : '';
  const ifil = infoChunks.get('ifil');
  const versionMajor = ifil && ifil.size >= 4 ? (bytes[ifil.bodyStart] ?? 0) | ((bytes[ifil.bodyStart + 1] ?? 0) << 8) : 2;

  const sdta = lists.get('sdta') ?? fail("has no sample data (no 'sdta' list); the file is damaged or not a SoundFont");
  const smpl = subChunks(bytes, sdta, fail).get('smpl') ?? fail("has no 'smpl' chunk, so there is no sample data to play");
  const samplePool = bytes.subarray(smpl.bodyStart, smpl.bodyStart + smpl.size - (smpl.size & 1));

  const pdta = lists.get('pdta') ?? fail("has no preset data (no 'pdta' list); the file is damaged or not a SoundFont");
  const hydra = subChunks(bytes, pdta, fail);
  const table = (id: string, recordSize: number, minimumRecords: number, emptyProblem: string): RiffChunk => {
    const chunk = hydra.get(id) ?? fail(`has no '${id}' chunk in its preset data; the file is damaged`);
    if (chunk.size % recordSize !== 0) fail(`has a '${id}' chunk of ${chunk.size} bytes, which isn't a whole number of ${recordSize}-byte records; the file is damaged`);
    if (chunk.size / recordSize < minimumRecords) fail(emptyProblem);
    return chunk;
  };

  const phdr = table('phdr', PHDR_SIZE, 2, 'contains no presets');
  const pbag = table('pbag', BAG_SIZE, 1, "has an empty preset zone table ('pbag'); the file is damaged");
  const pgen = table('pgen', GEN_SIZE, 1, "has an empty preset generator table ('pgen'); the file is damaged");
  const inst = table('inst', INST_SIZE, 2, 'contains no instruments');
  const ibag = table('ibag', BAG_SIZE, 1, "has an empty instrument zone table ('ibag'); the file is damaged");
  const igen = table('igen', GEN_SIZE, 1, "has an empty instrument generator table ('igen'); the file is damaged");
  const shdr = table('shdr', SHDR_SIZE, 2, 'contains no samples');

  return {
    name,
    versionMajor,
    samplePool,
    presets: records(phdr, PHDR_SIZE, (at) => ({
      name: readFixedString(bytes, at, 20),
      program: readU16(bytes, at + 20),
      bank: readU16(bytes, at + 22),
      bagIndex: readU16(bytes, at + 24)
    })),
    instruments: records(inst, INST_SIZE, (at) => ({ name: readFixedString(bytes, at, 20), bagIndex: readU16(bytes, at + 20) })),
    samples: records(shdr, SHDR_SIZE, (at) => ({
      name: readFixedString(bytes, at, 20),
      start: readU32(bytes, at + 20),
      end: readU32(bytes, at + 24),
      startLoop: readU32(bytes, at + 28),
      endLoop: readU32(bytes, at + 32),
      sampleRate: readU32(bytes, at + 36),
      originalPitch: bytes[at + 40] ?? 60,
      pitchCorrection: ((bytes[at + 41] ?? 0) << 24) >> 24,
      sampleType: readU16(bytes, at + 44)
    })),
    presetZones: zoneTables(bytes, pbag, pgen),
    instrumentZones: zoneTables(bytes, ibag, igen)
  };
}

function readU16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function truncatedMessage(what: string, chunk: RiffChunk): string {
  return `has a ${what} that claims ${chunk.claimedSize} bytes but only ${chunk.size} remain; the file may be truncated`;
}

/** The sub-chunks of a LIST, by id (first one wins); a cut-short sub-chunk goes to `onTruncated` and is left out. */
function subChunks(bytes: Uint8Array, list: RiffChunk, onTruncated: (problem: string) => void): Map<string, RiffChunk> {
  const found = new Map<string, RiffChunk>();
  for (const chunk of listChunks(bytes, list.bodyStart + 4, list.bodyStart + list.size)) {
    if (chunk.size < chunk.claimedSize) {
      onTruncated(truncatedMessage(`'${chunk.id}' chunk`, chunk));
      continue;
    }
    if (!found.has(chunk.id)) found.set(chunk.id, chunk);
  }
  return found;
}

function records<T>(chunk: RiffChunk, recordSize: number, read: (at: number) => T): T[] {
  const count = chunk.size / recordSize;
  const result: T[] = [];
  for (let i = 0; i < count; i++) result.push(read(chunk.bodyStart + i * recordSize));
  return result;
}

function zoneTables(bytes: Uint8Array, bag: RiffChunk, gen: RiffChunk): ZoneTables {
  const bagCount = bag.size / BAG_SIZE;
  const bagGeneratorIndex = new Uint16Array(bagCount);
  for (let i = 0; i < bagCount; i++) bagGeneratorIndex[i] = readU16(bytes, bag.bodyStart + i * BAG_SIZE);
  const genCount = gen.size / GEN_SIZE;
  const generatorOperator = new Uint16Array(genCount);
  const generatorAmount = new Uint16Array(genCount);
  for (let i = 0; i < genCount; i++) {
    generatorOperator[i] = readU16(bytes, gen.bodyStart + i * GEN_SIZE);
    generatorAmount[i] = readU16(bytes, gen.bodyStart + i * GEN_SIZE + 2);
  }
  return { bagGeneratorIndex, generatorOperator, generatorAmount };
}
