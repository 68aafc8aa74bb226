import type { LedgerRow, Verdict } from './ledger-row';

/** How a ledger row reads in the view: short, in a musician's words where possible. */

const MESSAGE_NAMES: Record<number, string> = {
  0x80: 'note off',
  0x90: 'note on',
  0xa0: 'aftertouch',
  0xb0: 'CC',
  0xc0: 'program',
  0xd0: 'pressure',
  0xe0: 'pitch bend'
};

export function describeMessage(row: Pick<LedgerRow, 'status' | 'data1' | 'data2'>): string {
  if (row.status >= 0xf0) return `system 0x${row.status.toString(16)}`;
  const type = row.status & 0xf0;
  // A note-on with velocity 0 is a note-off by the MIDI spec.
  const name = type === 0x90 && row.data2 === 0 ? 'note off' : (MESSAGE_NAMES[type] ?? 'unknown');
  return `ch${(row.status & 0x0f) + 1} ${name} ${row.data1} ${row.data2}`;
}

export function describeVerdict(verdict: Verdict): string {
  switch (verdict.kind) {
    case 'fired':
      return `fired ${verdict.action.kind}: ${verdict.action.detail}`;
    case 'ignored':
      return `ignored (${verdict.reason})`;
    case 'rejected':
      return `rejected (${verdict.reason})`;
  }
}

export function describeScore(row: Pick<LedgerRow, 'score'>): string {
  return row.score ? `${row.score.label} ${row.score.value.toFixed(2)}` : '—';
}

/** Verdict latency: how long after the MIDI event the verdict was made. */
export function verdictLatencyMs(row: Pick<LedgerRow, 'at' | 'midiTimestamp'>): number {
  return row.at - row.midiTimestamp;
}
