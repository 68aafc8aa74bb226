import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AppLog } from '$lib/log/app-log';
import { LOG_LEVELS, LogEntrySchema, type LogEntry } from '$lib/log/log-entry';

const T0 = 1_767_225_600_000;

/** A clock that moves one millisecond per entry. */
function steadyClock(): () => number {
  let now = T0;
  return () => now++;
}

const levelArb = fc.constantFrom(...LOG_LEVELS);
const writeArb = fc.record({ level: levelArb, source: fc.constantFrom('audio', 'midi', 'workspace'), message: fc.string() });

function savedEntry(seq: number, message: string, extra: Partial<LogEntry> = {}): LogEntry {
  return { seq, time: T0 - 60_000 + seq, level: 'info', source: 'workspace', message, ...extra };
}

describe('the app log', () => {
  it('records level, source, message, time and an increasing sequence number', () => {
    const log = new AppLog(10, steadyClock());
    log.info('midi', 'MPD218 connected', { channel: 10 });
    log.warn('audio', 'Buffer underrun');
    expect(log.entries).toEqual([
      { seq: 0, time: T0, level: 'info', source: 'midi', message: 'MPD218 connected', data: { channel: 10 } },
      { seq: 1, time: T0 + 1, level: 'warn', source: 'audio', message: 'Buffer underrun' }
    ]);
  });

  it('has a writer for every level', () => {
    const log = new AppLog(10, steadyClock());
    log.debug('a', '1');
    log.info('a', '2');
    log.warn('a', '3');
    log.error('a', '4');
    expect(log.entries.map((entry) => entry.level)).toEqual(['debug', 'info', 'warn', 'error']);
  });

  it('turns an Error passed as data into readable text', () => {
    const log = new AppLog(10, steadyClock());
    const entry = log.error('storage', 'Could not save', { error: new RangeError('quota exceeded'), retry: { inMs: 500 } });
    expect(entry.data).toEqual({ error: 'RangeError: quota exceeded', retry: '{"inMs":500}' });
  });

  it('stays within its capacity and keeps the newest entries in order, whatever is written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(writeArb, { maxLength: 60 }), (capacity, writes) => {
        const log = new AppLog(capacity, steadyClock());
        for (const { level, source, message } of writes) log.write(level, source, message);

        expect(log.entries.length).toBe(Math.min(capacity, writes.length));
        expect(log.entries.map((entry) => entry.message)).toEqual(writes.slice(-capacity).map((write) => write.message));
        const seqs = log.entries.map((entry) => entry.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(new Set(seqs).size).toBe(seqs.length);
      })
    );
  });

  it('writes only entries that pass the saved-entry schema, however long or odd the text', () => {
    fc.assert(
      fc.property(levelArb, fc.string({ maxLength: 200 }), fc.string({ maxLength: 3000 }), fc.dictionary(fc.string(), fc.anything()), (level, source, message, data) => {
        const entry = new AppLog(5, steadyClock()).write(level, source, message, data);
        expect(v.safeParse(LogEntrySchema, entry).success).toBe(true);
      })
    );
  });

  it('cuts sources to 64 characters and messages to 2000', () => {
    const entry = new AppLog(5, steadyClock()).info('s'.repeat(100), 'm'.repeat(3000));
    expect(entry.source).toHaveLength(64);
    expect(entry.message).toHaveLength(2000);
  });

  it('tells subscribers the current entries at once and after each write, until they unsubscribe', () => {
    const log = new AppLog(10, steadyClock());
    log.info('a', 'before');
    const seen: string[][] = [];
    const unsubscribe = log.subscribe((entries) => seen.push(entries.map((entry) => entry.message)));
    log.info('a', 'after');
    unsubscribe();
    log.info('a', 'unseen');
    expect(seen).toEqual([['before'], ['before', 'after']]);
  });
});

describe('restoring the saved log', () => {
  it('puts saved entries before the ones written since the page loaded', () => {
    const log = new AppLog(10, steadyClock());
    log.info('shell', 'booting');
    log.restore([savedEntry(40, 'yesterday 1'), savedEntry(41, 'yesterday 2')]);
    expect(log.entries.map((entry) => entry.message)).toEqual(['yesterday 1', 'yesterday 2', 'booting']);
  });

  it('renumbers entries 0, 1, 2… so the sequence stays monotonic across reloads', () => {
    const log = new AppLog(10, steadyClock());
    log.info('shell', 'booting');
    log.restore([savedEntry(40, 'a'), savedEntry(41, 'b')]);
    log.info('shell', 'ready');
    expect(log.entries.map((entry) => entry.seq)).toEqual([0, 1, 2, 3]);
  });

  it('reports how many entries it restored and how many it dropped', () => {
    const log = new AppLog(10, steadyClock());
    expect(log.restore([savedEntry(0, 'kept'), { ...savedEntry(1, 'foreign'), tag: 'x' }, 'not an entry'])).toEqual({
      restored: 1,
      dropped: 2
    });
  });

  it('drops saved entries with extra fields', () => {
    const log = new AppLog(10, steadyClock());
    log.restore([savedEntry(0, 'kept'), { ...savedEntry(1, 'has an extra field'), userId: 7 }]);
    expect(log.entries.map((entry) => entry.message)).toEqual(['kept']);
  });

  it.each([
    ['an unknown level', { level: 'fatal' }],
    ['a negative sequence number', { seq: -1 }],
    ['a non-primitive data value', { data: { nested: { deep: true } } }],
    ['an over-long source', { source: 'x'.repeat(65) }]
  ])('drops a saved entry with %s', (_what, change) => {
    const log = new AppLog(10, steadyClock());
    expect(log.restore([{ ...savedEntry(0, 'bad'), ...change }])).toEqual({ restored: 0, dropped: 1 });
    expect(log.entries).toEqual([]);
  });

  it.each([
    ['nothing', undefined],
    ['an object', { recent: [] }],
    ['a string', 'corrupt']
  ])('treats %s as an empty saved log', (_what, saved) => {
    const log = new AppLog(10, steadyClock());
    log.info('shell', 'booting');
    expect(log.restore(saved)).toEqual({ restored: 0, dropped: 0 });
    expect(log.entries.map((entry) => entry.message)).toEqual(['booting']);
  });

  it('keeps saved and new entries within capacity, newest kept, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }),
        fc.array(fc.string(), { maxLength: 20 }),
        fc.array(fc.string(), { maxLength: 20 }),
        (capacity, savedMessages, newMessages) => {
          const log = new AppLog(capacity, steadyClock());
          for (const message of newMessages) log.info('shell', message);
          log.restore(savedMessages.map((message, index) => savedEntry(index, message)));

          const expected = [...savedMessages, ...newMessages.slice(-capacity)].slice(-capacity);
          expect(log.entries.map((entry) => entry.message)).toEqual(expected);
          expect(log.entries.map((entry) => entry.seq)).toEqual(expected.map((_, index) => index));
        }
      )
    );
  });

  it('notifies subscribers after restoring', () => {
    const log = new AppLog(10, steadyClock());
    const lengths: number[] = [];
    log.subscribe((entries) => lengths.push(entries.length));
    log.restore([savedEntry(0, 'a')]);
    expect(lengths).toEqual([0, 1]);
  });
});
