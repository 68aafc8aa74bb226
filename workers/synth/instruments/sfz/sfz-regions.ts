/**
 * Header inheritance: `<control>` → `<global>` → `<master>` → `<group>` →
 * `<region>`. A region starts from the opcodes of the scopes above it and its
 * own opcodes override them; a new `<global>` clears master and group, a new
 * `<master>` clears group. Aliases are folded at the moment an opcode is set,
 * so "the last one written wins" holds across `key` and `lokey` too.
 */
import { InstrumentLoadError } from '../instrument-model';
import type { SfzToken } from './sfz-text';

export interface SfzRegion {
  /** Opcode name → raw value, after inheritance and alias folding. */
  opcodes: Map<string, string>;
  /** `<control>` settings in force when the region was written. */
  defaultPath: string;
  noteOffset: number;
  octaveOffset: number;
}

/** Far beyond any real instrument; a bound on memory for hostile text. */
export const MAX_REGIONS = 100_000;
/** Inherited opcodes copied into regions, summed; real instruments stay far below. */
const MAX_INHERITED_OPCODES = 10_000_000;

const ALIASES: Record<string, string> = {
  loopmode: 'loop_mode',
  loopstart: 'loop_start',
  loopend: 'loop_end',
  offby: 'off_by',
  polyphony_group: 'group'
};

type Scope = 'none' | 'control' | 'global' | 'master' | 'group' | 'region' | 'other';

export function buildRegions(tokens: SfzToken[], fileName: string, warn: (message: string) => void): SfzRegion[] {
  const regions: SfzRegion[] = [];
  const control = { defaultPath: '', noteOffset: 0, octaveOffset: 0 };
  let global = new Map<string, string>();
  let master = new Map<string, string>();
  let group = new Map<string, string>();
  let region: Map<string, string> | undefined;
  let scope: Scope = 'none';
  let inherited = 0;

  for (const token of tokens) {
    if (token.kind === 'header') {
      region = undefined;
      switch (token.name) {
        case 'control':
          scope = 'control';
          break;
        case 'global':
          scope = 'global';
          global = new Map();
          master = new Map();
          group = new Map();
          break;
        case 'master':
          scope = 'master';
          master = new Map();
          group = new Map();
          break;
        case 'group':
          scope = 'group';
          group = new Map();
          break;
        case 'region':
          scope = 'region';
          if (regions.length >= MAX_REGIONS) throw new InstrumentLoadError(fileName, `has more than ${MAX_REGIONS} regions; it is too large to load`);
          inherited += global.size + master.size + group.size;
          if (inherited > MAX_INHERITED_OPCODES) throw new InstrumentLoadError(fileName, 'has too many opcodes to load; it is too large or damaged');
          region = new Map([...global, ...master, ...group]);
          regions.push({ opcodes: region, ...control });
          break;
        default:
          scope = 'other';
          warn(`<${token.name}> sections are ignored`);
      }
      continue;
    }
    if (scope === 'control') {
      setControl(control, token.name, token.value, warn);
      continue;
    }
    const target = scope === 'region' ? region : scope === 'group' ? group : scope === 'master' ? master : scope === 'global' ? global : undefined;
    if (!target) {
      if (scope === 'none') warn(`opcodes before the first header (such as '${token.name}') are ignored`);
      continue;
    }
    setOpcode(target, token.name.toLowerCase(), token.value);
  }
  return regions;
}

function setOpcode(target: Map<string, string>, name: string, value: string): void {
  if (name === 'key') {
    target.set('lokey', value);
    target.set('hikey', value);
    target.set('pitch_keycenter', value);
    return;
  }
  target.set(ALIASES[name] ?? name, value);
}

function setControl(control: { defaultPath: string; noteOffset: number; octaveOffset: number }, name: string, value: string, warn: (message: string) => void): void {
  switch (name.toLowerCase()) {
    case 'default_path':
      control.defaultPath = value;
      return;
    case 'note_offset':
    case 'octave_offset': {
      const amount = Number.parseInt(value, 10);
      if (!Number.isFinite(amount) || Math.abs(amount) > 127) {
        warn(`${name}=${value} isn't a usable number; it is ignored`);
        return;
      }
      if (name.toLowerCase() === 'note_offset') control.noteOffset = amount;
      else control.octaveOffset = amount;
      return;
    }
    default:
      warn(`the <control> opcode '${name}' is ignored`);
  }
}
