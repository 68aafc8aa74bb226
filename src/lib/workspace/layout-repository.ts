import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import { checkLayoutRecord, type LayoutRecord } from './layout-record';
import type { PanelRegistry } from './panel-registry';

const CURRENT_KEY = 'current';
const QUARANTINE_PREFIX = 'quarantined:';
/** Bad copies kept for inspection; older ones go first. */
const QUARANTINE_LIMIT = 5;

export type LoadedLayout =
  | { kind: 'none' }
  | { kind: 'saved'; layout: LayoutRecord }
  /** The saved copy was unusable: it was set aside under `quarantineKey`. */
  | { kind: 'rejected'; problem: string; quarantineKey: string };

export class LayoutRepository {
  constructor(
    private readonly store: RecordStore,
    private readonly registry: PanelRegistry,
    private readonly now: () => number = Date.now
  ) {}

  async load(): Promise<LoadedLayout> {
    const saved = await this.store.get(Store.Layouts, CURRENT_KEY);
    if (saved === undefined) return { kind: 'none' };
    const check = checkLayoutRecord(saved, this.registry);
    if (check.ok) return { kind: 'saved', layout: check.layout };
    return { kind: 'rejected', problem: check.problem, quarantineKey: await this.quarantine(saved) };
  }

  /** Used when dockview itself refuses a layout that passed our checks. */
  async reject(layout: unknown): Promise<string> {
    return this.quarantine(layout);
  }

  async save(layout: LayoutRecord): Promise<void> {
    await this.store.put(Store.Layouts, CURRENT_KEY, layout);
  }

  async quarantinedKeys(): Promise<string[]> {
    return (await this.store.keys(Store.Layouts)).filter((key) => key.startsWith(QUARANTINE_PREFIX)).sort();
  }

  /** Moves the bad copy aside (never deletes it silently), then clears `current`. */
  private async quarantine(bad: unknown): Promise<string> {
    const stamp = `${QUARANTINE_PREFIX}${new Date(this.now()).toISOString()}`;
    // Two copies set aside in the same millisecond must both be kept; suffixes keep time order.
    const taken = new Set(await this.quarantinedKeys());
    let key = stamp;
    for (let n = 2; taken.has(key); n++) key = `${stamp}-${n}`;
    await this.store.put(Store.Layouts, key, { savedAt: this.now(), layout: bad });
    await this.store.delete(Store.Layouts, CURRENT_KEY);
    const keys = await this.quarantinedKeys();
    for (const old of keys.slice(0, Math.max(0, keys.length - QUARANTINE_LIMIT))) {
      await this.store.delete(Store.Layouts, old);
    }
    return key;
  }
}
