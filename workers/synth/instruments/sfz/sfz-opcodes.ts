/**
 * Reads one region's opcodes into the numbers the instrument model needs
 * (ranges, tuning, gain, envelope, loop, trigger, groups). Values are text and
 * untrusted: anything that isn't a usable number or note is ignored with a
 * warning and the default kept, and every number is clamped to its range.
 */
import { DEFAULT_ENVELOPE, type Envelope, type LoopMode } from '../instrument-model';
import type { SfzRegion } from './sfz-regions';

export interface RegionSettings {
  sample?: string;
  keyLow: number;
  keyHigh: number;
  /** 'sample' means: the unity note stored in the WAV. */
  rootKey: number | 'sample';
  keyTrackCents: number;
  velocityLow: number;
  velocityHigh: number;
  tuneCents: number;
  gain: number;
  pan: number;
  velocityTrack: number;
  envelope: Envelope;
  offset: number;
  /** Last frame to play, inclusive, as SFZ writes it; -1 makes a silent region. */
  end?: number;
  loopMode?: LoopMode;
  /** Inclusive frames, as SFZ writes them. */
  loopStart?: number;
  loopEnd?: number;
  trigger: 'attack' | 'release';
  group?: number;
  offBy?: number;
}

/** Opcodes read here; anything else is reported once as unsupported. */
export const SUPPORTED_OPCODES = new Set([
  'sample',
  'default_path',
  'lokey',
  'hikey',
  'pitch_keycenter',
  'pitch_keytrack',
  'lovel',
  'hivel',
  'tune',
  'transpose',
  'volume',
  'pan',
  'amp_veltrack',
  'ampeg_delay',
  'ampeg_attack',
  'ampeg_hold',
  'ampeg_decay',
  'ampeg_sustain',
  'ampeg_release',
  'offset',
  'end',
  'loop_mode',
  'loop_start',
  'loop_end',
  'trigger',
  'group',
  'off_by'
]);

const NOTE_STEPS: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };

/** MIDI note from a number or a name like c4 (= 60), c#4, db4, C-1 (= 0); undefined if neither. */
export function parseNote(value: string): number | undefined {
  const text = firstWord(value).toLowerCase();
  if (/^-?\d+$/.test(text)) return Number.parseInt(text, 10);
  const match = /^([a-g])(#|♯|b|♭)?(-?\d+)$/.exec(text);
  if (!match?.[1] || !match[3]) return undefined;
  const accidental = match[2] === '#' || match[2] === '♯' ? 1 : match[2] ? -1 : 0;
  return (Number.parseInt(match[3], 10) + 1) * 12 + (NOTE_STEPS[match[1]] ?? 0) + accidental;
}

export function readRegion(region: SfzRegion, warn: (message: string) => void): RegionSettings {
  const opcodes = region.opcodes;
  const number = (name: string, low: number, high: number): number | undefined => {
    const raw = opcodes.get(name);
    if (raw === undefined) return undefined;
    const value = Number(firstWord(raw));
    if (!Number.isFinite(value) || firstWord(raw) === '') {
      warn(`${name}=${shorten(raw)} isn't a number; it is ignored`);
      return undefined;
    }
    return Math.min(high, Math.max(low, value));
  };
  const integer = (name: string, low: number, high: number): number | undefined => {
    const value = number(name, low, high);
    return value === undefined ? undefined : Math.round(value);
  };
  const keyShift = region.noteOffset + 12 * region.octaveOffset;
  const key = (name: string): number | undefined => {
    const raw = opcodes.get(name);
    if (raw === undefined) return undefined;
    const note = parseNote(raw);
    if (note === undefined || note + keyShift < 0 || note + keyShift > 127) {
      warn(`${name}=${shorten(raw)} isn't a MIDI note (0–127 or a name like c#4); it is ignored`);
      return undefined;
    }
    return note + keyShift;
  };
  const seconds = (name: string, fallback: number): number => number(name, 0, 100) ?? fallback;

  const settings: RegionSettings = {
    keyLow: key('lokey') ?? 0,
    keyHigh: key('hikey') ?? 127,
    rootKey: firstWord(opcodes.get('pitch_keycenter') ?? '').toLowerCase() === 'sample' ? 'sample' : (key('pitch_keycenter') ?? 60),
    keyTrackCents: number('pitch_keytrack', -1200, 1200) ?? 100,
    velocityLow: integer('lovel', 0, 127) ?? 0,
    velocityHigh: integer('hivel', 0, 127) ?? 127,
    tuneCents: (number('tune', -9600, 9600) ?? 0) + 100 * (integer('transpose', -127, 127) ?? 0),
    gain: 10 ** ((number('volume', -144, 24) ?? 0) / 20),
    pan: (number('pan', -100, 100) ?? 0) / 100,
    // The model has no inverted velocity tracking; negative amp_veltrack is treated as none.
    velocityTrack: Math.max(0, (number('amp_veltrack', -100, 100) ?? 100) / 100),
    envelope: {
      delay: seconds('ampeg_delay', DEFAULT_ENVELOPE.delay),
      attack: seconds('ampeg_attack', DEFAULT_ENVELOPE.attack),
      hold: seconds('ampeg_hold', DEFAULT_ENVELOPE.hold),
      decay: seconds('ampeg_decay', DEFAULT_ENVELOPE.decay),
      sustain: (number('ampeg_sustain', 0, 100) ?? DEFAULT_ENVELOPE.sustain * 100) / 100,
      release: seconds('ampeg_release', DEFAULT_ENVELOPE.release)
    },
    offset: integer('offset', 0, 2 ** 32) ?? 0,
    trigger: 'attack'
  };

  const sample = opcodes.get('sample');
  if (sample !== undefined && sample !== '') settings.sample = sample;
  const end = integer('end', -1, 2 ** 32);
  if (end !== undefined) settings.end = end;
  const loopStart = integer('loop_start', 0, 2 ** 32);
  if (loopStart !== undefined) settings.loopStart = loopStart;
  const loopEnd = integer('loop_end', 0, 2 ** 32);
  if (loopEnd !== undefined) settings.loopEnd = loopEnd;
  const group = integer('group', -(2 ** 31), 2 ** 32);
  if (group !== undefined) settings.group = group;
  const offBy = integer('off_by', -(2 ** 31), 2 ** 32);
  if (offBy !== undefined) settings.offBy = offBy;

  const loopMode = opcodes.get('loop_mode');
  if (loopMode !== undefined) {
    const mode = firstWord(loopMode).toLowerCase();
    if (mode === 'no_loop' || mode === 'one_shot' || mode === 'loop_continuous' || mode === 'loop_sustain') settings.loopMode = mode;
    else warn(`loop_mode=${shorten(loopMode)} isn't a loop mode; the sample's own loop setting is used`);
  }

  const trigger = opcodes.get('trigger');
  if (trigger !== undefined) {
    const kind = firstWord(trigger).toLowerCase();
    if (kind === 'release' || kind === 'release_key') settings.trigger = 'release';
    else if (kind === 'first' || kind === 'legato') warn(`trigger=${kind} is played as trigger=attack`);
    else if (kind !== 'attack') warn(`trigger=${shorten(trigger)} isn't a trigger; attack is used`);
  }
  return settings;
}

function firstWord(value: string): string {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  return space < 0 ? trimmed : trimmed.slice(0, space);
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
