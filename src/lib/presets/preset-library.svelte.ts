import * as v from 'valibot';
import type { AppLog } from '$lib/log/app-log';
import { Store } from '$lib/storage/schema';
import type { RecordStore } from '$lib/storage/record-store';
import { defaultPresets } from './default-presets';
import { PresetSchema, type Preset } from './preset';
import * as rules from './preset-rules';

const KEY = 'all';

export interface PresetChange {
  /** Panels on `from` now use `to` (rename or delete); an edit or addition names no preset. */
  from: string;
  to: string;
  reason: 'renamed' | 'deleted' | 'edited';
}

/**
 * The musician's presets: a reactive list kept in one IndexedDB record (so a
 * rename or delete is one atomic write), with the rules of preset-rules.ts.
 * Panels follow renames and deletions through `onChange`.
 */
export class PresetLibrary {
  presets = $state<Preset[]>(defaultPresets());
  // Subscribers, not UI state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #listeners = new Set<(change: PresetChange) => void>();

  constructor(
    private readonly store: RecordStore,
    private readonly log: AppLog
  ) {}

  async load(): Promise<void> {
    let saved: unknown;
    try {
      saved = await this.store.get(Store.Presets, KEY);
    } catch (error) {
      this.log.error('presets', 'Could not read saved presets; using the defaults', { error });
      return;
    }
    if (saved === undefined) return;
    const list = v.safeParse(v.strictObject({ presets: v.array(v.unknown()) }), saved);
    if (!list.success) {
      await this.#quarantine(saved, 'the saved preset list is malformed');
      return;
    }
    const valid: Preset[] = [];
    for (const item of list.output.presets) {
      const preset = v.safeParse(PresetSchema, item);
      if (preset.success && !valid.some((other) => other.name === preset.output.name)) valid.push(preset.output);
      else this.log.warn('presets', 'Skipped an unreadable saved preset', { preset: typeof item === 'object' && item && 'name' in item ? String(item.name) : '?' });
    }
    if (valid.length === 0) {
      await this.#quarantine(saved, 'no saved preset could be read');
      return;
    }
    if (valid.length < list.output.presets.length) await this.#quarantine(saved, 'some saved presets could not be read');
    this.presets = valid;
  }

  names(): string[] {
    return this.presets.map((preset) => preset.name);
  }

  get(name: string): Preset | undefined {
    return rules.findPreset(this.presets, name);
  }

  onChange(listener: (change: PresetChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  create(name: string): Promise<string | undefined> {
    return this.#apply(rules.createPreset(this.presets, name), `Created preset "${name}"`);
  }

  duplicate(from: string, to: string): Promise<string | undefined> {
    return this.#apply(rules.duplicatePreset(this.presets, from, to), `Duplicated "${from}" as "${to}"`);
  }

  async rename(from: string, to: string): Promise<string | undefined> {
    const error = await this.#apply(rules.renamePreset(this.presets, from, to), `Renamed preset "${from}" to "${to}"`);
    if (!error && from !== to) this.#emit({ from, to, reason: 'renamed' });
    return error;
  }

  /** Deletes a preset; returns an error, or the preset its panels moved to. */
  async delete(name: string): Promise<{ error?: string; replacement?: string }> {
    const result = rules.deletePreset(this.presets, name);
    if (!result.ok) return { error: result.error };
    const error = await this.#apply(rules.ok(result.value.presets), `Deleted preset "${name}"`);
    if (error) return { error };
    this.#emit({ from: name, to: result.value.replacement, reason: 'deleted' });
    return { replacement: result.value.replacement };
  }

  /** Replaces one preset's pads/knobs (editing); the name stays. */
  update(preset: Preset): Promise<string | undefined> {
    if (!this.get(preset.name)) return Promise.resolve(`There is no preset named "${preset.name}"`);
    const parsed = v.safeParse(PresetSchema, preset);
    if (!parsed.success) return Promise.resolve(parsed.issues[0].message);
    return this.#apply(rules.ok(this.presets.map((old) => (old.name === preset.name ? parsed.output : old))));
  }

  exportJson(names?: readonly string[]): string {
    return rules.exportPresets(names ? this.presets.filter((preset) => names.includes(preset.name)) : this.presets);
  }

  async importJson(text: string): Promise<{ error?: string; added?: string[]; renamed?: Array<[string, string]> }> {
    const result = rules.importPresets(this.presets, text);
    if (!result.ok) {
      this.log.warn('presets', `Preset import refused: ${result.error}`);
      return { error: result.error };
    }
    const error = await this.#apply(rules.ok(result.value.presets), `Imported ${result.value.added.length} preset(s)`);
    return error ? { error } : { added: result.value.added, renamed: result.value.renamed };
  }

  async #apply(result: rules.PresetResult<Preset[]>, message?: string): Promise<string | undefined> {
    if (!result.ok) return result.error;
    const previous = this.presets;
    this.presets = result.value;
    try {
      await this.store.put(Store.Presets, KEY, { presets: $state.snapshot(this.presets) });
    } catch (error) {
      // Nothing half-done: the list on screen is the list that is stored.
      this.presets = previous;
      const text = `Presets could not be saved (${error instanceof Error ? error.message : String(error)}); nothing was changed`;
      this.log.error('presets', text);
      return text;
    }
    if (message) this.log.info('presets', message);
    this.#emit({ from: '', to: '', reason: 'edited' });
    return undefined;
  }

  async #quarantine(saved: unknown, problem: string): Promise<void> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not state
    const key = `quarantined:${new Date().toISOString()}`;
    this.log.warn('presets', `Saved presets: ${problem}; the old copy was kept as ${key}`);
    await this.store.put(Store.Presets, key, saved).catch(() => undefined);
  }

  #emit(change: PresetChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
