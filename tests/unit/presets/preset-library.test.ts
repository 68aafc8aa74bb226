import { describe, expect, it } from 'vitest';
import { AppLog } from '$lib/log/app-log';
import { PresetLibrary } from '$lib/presets/preset-library.svelte';
import { blankPreset } from '$lib/presets/default-presets';
import { createMemoryStore } from '$lib/storage/memory-store';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';

describe('the preset library', () => {
  it('keeps a malformed saved list aside, starts from the defaults and says so', async () => {
    const store = createMemoryStore();
    await store.put(Store.Presets, 'all', { presets: 'not a list' });
    const log = new AppLog();
    const library = new PresetLibrary(store, log);
    await library.load();
    expect(library.names()).toEqual(['Default', 'Percussion']);
    const kept = (await store.keys(Store.Presets)).filter((key) => key.startsWith('quarantined:'));
    expect(kept).toHaveLength(1);
    expect(await store.get(Store.Presets, kept[0]!)).toEqual({ presets: 'not a list' });
    expect(log.entries.at(-1)?.message).toContain('the saved preset list is malformed');
  });

  it('keeps the readable presets when some are damaged, and the damaged copy aside', async () => {
    const store = createMemoryStore();
    await store.put(Store.Presets, 'all', { presets: [blankPreset('Verse'), { name: 'Broken' }] });
    const library = new PresetLibrary(store, new AppLog());
    await library.load();
    expect(library.names()).toEqual(['Verse']);
    expect((await store.keys(Store.Presets)).some((key) => key.startsWith('quarantined:'))).toBe(true);
  });

  it('changes nothing when storage refuses the write (a full quota), and says why', async () => {
    const store = createMemoryStore();
    const full: RecordStore = { ...store, mode: store.mode, put: () => Promise.reject(new DOMException('quota', 'QuotaExceededError')) };
    const library = new PresetLibrary(full, new AppLog());
    const error = await library.create('Verse');
    expect(error).toContain('nothing was changed');
    expect(library.names()).toEqual(['Default', 'Percussion']);
  });
});
