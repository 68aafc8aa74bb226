import * as v from 'valibot';
import { AudioConfigSchema, DEFAULT_AUDIO_CONFIG } from '$lib/audio/audio-config';
import type { RecordStore } from '$lib/storage/record-store';
import { FX_PARAM_IDS, defaultFxParamValues, type FxParamValues } from '$workers/synth/fx/fx-params';
import { Store } from '$lib/storage/schema';

export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];

const FxValuesSchema = v.pipe(
  v.record(v.picklist(FX_PARAM_IDS as [string, ...string[]]), v.pipe(v.number(), v.finite())),
  v.transform((values) => ({ ...defaultFxParamValues(), ...values }) as FxParamValues)
);

/**
 * The app-wide settings record. Later features add fields here with a
 * default, so records saved by older versions still load (unknown fields
 * are still refused).
 */
export const SettingsSchema = v.strictObject({
  theme: v.picklist(THEMES),
  audio: v.optional(AudioConfigSchema, () => ({ ...DEFAULT_AUDIO_CONFIG })),
  /** Every FX parameter the musician set; survives reloads and reconfigures. */
  fx: v.optional(FxValuesSchema, () => defaultFxParamValues()),
  /** The selected instrument: a built-in id, or `user:<sha-256>:<preset index>`. */
  instrument: v.optional(v.pipe(v.string(), v.maxLength(100)), 'piano')
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'dark',
  audio: { ...DEFAULT_AUDIO_CONFIG },
  fx: defaultFxParamValues(),
  instrument: 'piano'
};
const SETTINGS_KEY = 'app';

export type LoadedSettings = { settings: Settings; problem?: string };

/** Invalid saved settings fall back to defaults and say why; they are not deleted until the next save. */
export async function loadSettings(store: RecordStore): Promise<LoadedSettings> {
  const saved = await store.get(Store.Settings, SETTINGS_KEY);
  if (saved === undefined) return { settings: structuredClone(DEFAULT_SETTINGS) };
  const parsed = v.safeParse(SettingsSchema, saved);
  if (parsed.success) return { settings: parsed.output };
  return { settings: structuredClone(DEFAULT_SETTINGS), problem: parsed.issues[0]?.message ?? 'invalid settings' };
}

export async function saveSettings(store: RecordStore, settings: Settings): Promise<void> {
  await store.put(Store.Settings, SETTINGS_KEY, v.parse(SettingsSchema, settings));
}
