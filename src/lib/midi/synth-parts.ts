import { KEYS, PADS } from '$workers/synth/engine/synth-engine';

/** The synth's two parts: the keys instrument (piano panel, keyboards) and the drum kit (pads). */
export const KEYS_PART = KEYS;
export const PADS_PART = PADS;
