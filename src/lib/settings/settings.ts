import * as v from 'valibot';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';

export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];

/** The app-wide settings record. Later features add fields with defaults here. */
export const SettingsSchema = v.strictObject({
  theme: v.picklist(THEMES)
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { theme: 'dark' };
const SETTINGS_KEY = 'app';

export type LoadedSettings = { settings: Settings; problem?: string };

/** Invalid saved settings fall back to defaults and say why; they are not deleted until the next save. */
export async function loadSettings(store: RecordStore): Promise<LoadedSettings> {
  const saved = await store.get(Store.Settings, SETTINGS_KEY);
  if (saved === undefined) return { settings: { ...DEFAULT_SETTINGS } };
  const parsed = v.safeParse(SettingsSchema, saved);
  if (parsed.success) return { settings: parsed.output };
  return { settings: { ...DEFAULT_SETTINGS }, problem: parsed.issues[0]?.message ?? 'invalid settings' };
}

export async function saveSettings(store: RecordStore, settings: Settings): Promise<void> {
  await store.put(Store.Settings, SETTINGS_KEY, v.parse(SettingsSchema, settings));
}
