/** The built-in instruments by id, with display names (no generator code: safe to import in the UI). */
export const BUILT_IN_INSTRUMENTS = ['piano', 'electric-piano', 'organ', 'drum-kit'] as const;
export type BuiltInInstrument = (typeof BUILT_IN_INSTRUMENTS)[number];

export const BUILT_IN_NAMES: Record<BuiltInInstrument, string> = {
  piano: 'Grand piano',
  'electric-piano': 'Electric piano',
  organ: 'Drawbar organ',
  'drum-kit': 'Drum kit'
};
