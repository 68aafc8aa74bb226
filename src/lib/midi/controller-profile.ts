import * as v from 'valibot';

/**
 * A controller profile maps a device's physical pads (notes) and knobs (CCs)
 * to (bank, slot). Built-in profiles cover common pad controllers; a device
 * nobody knows gets the generic one; MIDI learn writes a per-device copy.
 */
export type Bank = 'A' | 'B';

/** How a knob's CC value is read: absolute 0…127, or relative ticks in one of the common encodings. */
export const ENCODER_MODES = ['absolute', 'relative-twos-complement', 'relative-offset', 'relative-sign-bit'] as const;
export type EncoderMode = (typeof ENCODER_MODES)[number];

const Midi7 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(127));
/** A slot's note or CC, or null when that slot has no physical control. */
const Binding = v.nullable(Midi7);
const BankBindings = v.strictObject({ A: v.pipe(v.array(Binding), v.maxLength(16)), B: v.pipe(v.array(Binding), v.maxLength(16)) });

export const ControllerProfileSchema = v.strictObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  /** Case-insensitive substrings of the MIDI port name this profile is for. */
  matches: v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(80))),
  pads: BankBindings,
  knobs: BankBindings,
  encoder: v.picklist(ENCODER_MODES),
  /**
   * Whether notes that are not pads (or pads of a bank with no active panel)
   * play the piano. True for keyboards and unknown devices; a dedicated pad
   * controller says false so an inactive panel's pads stay silent.
   */
  notesToPiano: v.boolean(),
  /** MIDI channel (0–15) for pad LED messages on the output port; none when the device has no pad LEDs. */
  ledChannel: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(15))), null)
});
export type ControllerProfile = v.InferOutput<typeof ControllerProfileSchema>;

const range = (first: number, count: number): number[] => Array.from({ length: count }, (_, i) => first + i);

export const BUILT_IN_PROFILES: readonly ControllerProfile[] = [
  {
    id: 'mpd',
    name: 'MPD-style pads (GM drum notes 36–51, 52–67)',
    matches: ['mpd', 'mpc', 'pad controller', 'virtual pads'],
    pads: { A: range(36, 16), B: range(52, 16) },
    // MPD218 factory knob CCs, bank A then B.
    knobs: { A: [3, 9, 12, 13, 14, 15, 16, 17], B: [18, 19, 20, 21, 22, 23, 24, 25] },
    encoder: 'absolute',
    notesToPiano: false,
    ledChannel: 9
  },
  {
    id: 'arturia-2x8',
    name: 'Arturia-style 2×8 pads (notes 16–23, 24–31)',
    matches: ['arturia', 'minilab', 'beatstep'],
    pads: { A: range(16, 8), B: range(24, 8) },
    // Endless encoders sending "Relative #1" (64 ± ticks).
    knobs: { A: range(74, 8), B: range(82, 8) },
    encoder: 'relative-offset',
    notesToPiano: true,
    ledChannel: 9
  },
  {
    id: 'generic',
    name: 'Generic (GM drum notes for pads, CC 70–77 / 102–109 for knobs)',
    matches: [],
    pads: { A: range(36, 16), B: range(52, 16) },
    knobs: { A: range(70, 8), B: range(102, 8) },
    encoder: 'absolute',
    notesToPiano: true,
    ledChannel: null
  }
];

export const GENERIC_PROFILE = BUILT_IN_PROFILES[BUILT_IN_PROFILES.length - 1]!;

/** The profile for a device: a learned per-device profile first, then a built-in match, then generic. */
export function profileForDevice(deviceName: string, learned: ReadonlyMap<string, ControllerProfile>): ControllerProfile {
  const own = learned.get(deviceName);
  if (own) return own;
  const name = deviceName.toLowerCase();
  return BUILT_IN_PROFILES.find((profile) => profile.matches.some((match) => name.includes(match.toLowerCase()))) ?? GENERIC_PROFILE;
}

/** A slot address packed in one number for table lookups: bank B adds 16. */
export type SlotCode = number;
export const NO_SLOT = -1;
export const slotCode = (bank: Bank, slot: number): SlotCode => (bank === 'B' ? 16 : 0) + slot;
export const bankOf = (code: SlotCode): Bank => (code >= 16 ? 'B' : 'A');
export const slotOf = (code: SlotCode): number => code % 16;

/** note → slot and CC → slot tables, built once per profile so routing a message is two array reads. */
export interface ProfileTables {
  readonly profile: ControllerProfile;
  readonly padByNote: Int8Array;
  readonly knobByCc: Int8Array;
}

export function profileTables(profile: ControllerProfile): ProfileTables {
  const table = (bindings: ControllerProfile['pads']): Int8Array => {
    const out = new Int8Array(128).fill(NO_SLOT);
    for (const bank of ['A', 'B'] as const) {
      bindings[bank].forEach((value, slot) => {
        if (value !== null && out[value] === NO_SLOT) out[value] = slotCode(bank, slot);
      });
    }
    return out;
  };
  return { profile, padByNote: table(profile.pads), knobByCc: table(profile.knobs) };
}

/**
 * A per-device copy of `base` with one control (re)bound: the note or CC
 * leaves whatever slot had it, so one physical control never drives two slots.
 */
export function learnBinding(base: ControllerProfile, deviceName: string, control: 'pad' | 'knob', bank: Bank, slot: number, value: number): ControllerProfile {
  const key = control === 'pad' ? 'pads' : 'knobs';
  const unbind = (list: ReadonlyArray<number | null>): Array<number | null> => list.map((bound) => (bound === value ? null : bound));
  const bindings = { A: unbind(base[key].A), B: unbind(base[key].B) };
  const target = bindings[bank];
  while (target.length <= slot) target.push(null);
  target[slot] = value;
  return {
    ...base,
    id: `device:${deviceName}`.slice(0, 64),
    name: `${deviceName} (learned from ${base.name})`.slice(0, 80),
    matches: [deviceName.slice(0, 80)],
    [key]: bindings
  };
}
