import { AppLog } from '$lib/log/app-log';
import type { LedgerInput, Verdict } from '$lib/ledger/ledger-row';
import type { RecordStore } from '$lib/storage/record-store';

/** A pad note-on as the router hands it over. */
export function padHitInput(midiTimestamp: number, options: { note?: number; verdict?: Verdict; slot?: number } = {}): LedgerInput {
  const note = options.note ?? 36;
  return {
    at: midiTimestamp + 0.2,
    midiTimestamp,
    device: 'Virtual Pads',
    status: 0x99,
    data1: note,
    data2: 100,
    panel: { type: 'pad', bank: 'A', slot: options.slot ?? note - 36, panelId: 'pad-1' },
    verdict: options.verdict ?? { kind: 'fired', action: { kind: 'note', detail: `note ${note}` } }
  };
}

export function knobInput(at: number): LedgerInput {
  return {
    at,
    midiTimestamp: at,
    device: 'Virtual Knobs',
    status: 0xb0,
    data1: 74,
    data2: 64,
    panel: { type: 'knob', bank: 'A', slot: 0, panelId: 'knob-1' },
    verdict: { kind: 'fired', action: { kind: 'knob', detail: 'filter.cutoff' } }
  };
}

export function testLog(): AppLog {
  return new AppLog(1000);
}

export function entriesAt(log: AppLog, level: 'warn' | 'error' | 'info', source?: string) {
  return log.entries.filter((entry) => entry.level === level && (source === undefined || entry.source === source));
}

/** A store whose puts fail (as IndexedDB does when the origin is over quota) while full. */
export function quotaFailingStore(inner: RecordStore): RecordStore & { setFull(full: boolean): void; puts: number } {
  let failing = true;
  const store = {
    ...inner,
    puts: 0,
    setFull(full: boolean) {
      failing = full;
    },
    async put(name: Parameters<RecordStore['put']>[0], key: string, value: unknown) {
      store.puts++;
      if (failing) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      await inner.put(name, key, value);
    }
  };
  return store;
}

/** Lets queued microtasks and zero-delay timers run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
