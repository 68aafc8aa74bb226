import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type Settings } from '$lib/settings/settings';
import { createMemoryStore } from '$lib/storage/memory-store';
import { Store } from '$lib/storage/schema';

describe('settings', () => {
  it('starts from the defaults when nothing was saved', async () => {
    expect(await loadSettings(createMemoryStore())).toEqual({ settings: DEFAULT_SETTINGS });
  });

  it('loads what was saved', async () => {
    const store = createMemoryStore();
    const light: Settings = { ...structuredClone(DEFAULT_SETTINGS), theme: 'light' };
    await saveSettings(store, light);
    expect(await loadSettings(store)).toEqual({ settings: light });
  });

  it('loads a record saved before later fields existed, filling them with defaults', async () => {
    const store = createMemoryStore();
    await store.put(Store.Settings, 'app', { theme: 'light' });
    expect(await loadSettings(store)).toEqual({ settings: { ...DEFAULT_SETTINGS, theme: 'light' } });
  });

  it('falls back to the defaults and names the field when the saved record has an unknown field', async () => {
    const store = createMemoryStore();
    await store.put(Store.Settings, 'app', { theme: 'light', fontSize: 14 });
    const loaded = await loadSettings(store);
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.problem).toMatch(/fontSize/);
  });

  it('falls back to the defaults with a problem when the theme is not one we know', async () => {
    const store = createMemoryStore();
    await store.put(Store.Settings, 'app', { theme: 'sepia' });
    const loaded = await loadSettings(store);
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.problem).toMatch(/sepia/);
  });

  it('falls back to the defaults when the saved record is not an object at all', async () => {
    const store = createMemoryStore();
    await store.put(Store.Settings, 'app', 'light');
    const loaded = await loadSettings(store);
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.problem).toEqual(expect.any(String));
  });

  it('keeps an invalid saved record until the next save replaces it', async () => {
    const store = createMemoryStore();
    await store.put(Store.Settings, 'app', { theme: 'light', fontSize: 14 });
    await loadSettings(store);
    expect(await store.get(Store.Settings, 'app')).toEqual({ theme: 'light', fontSize: 14 });

    await saveSettings(store, DEFAULT_SETTINGS);
    expect(await loadSettings(store)).toEqual({ settings: DEFAULT_SETTINGS });
  });

  it('refuses to save settings with an unknown field', async () => {
    const store = createMemoryStore();
    const withExtra = { ...DEFAULT_SETTINGS, fontSize: 14 } as Settings;
    await expect(saveSettings(store, withExtra)).rejects.toThrow(/fontSize/);
    expect(await store.get(Store.Settings, 'app')).toBeUndefined();
  });

  it('hands out a copy of the defaults, so changing one load does not change the next', async () => {
    const store = createMemoryStore();
    const first = await loadSettings(store);
    first.settings.theme = 'light';
    expect((await loadSettings(store)).settings.theme).toBe('dark');
    expect(DEFAULT_SETTINGS.theme).toBe('dark');
  });
});
