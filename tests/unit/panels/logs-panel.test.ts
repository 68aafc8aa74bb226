import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { LogEntry, LogLevel } from '$lib/log/log-entry';
import { LogsPanelParamsSchema, filterLog, logSources, logsPanelKind } from '$lib/panels/logs/logs-panel';

let seq = 0;
function entry(level: LogLevel, source: string, message: string): LogEntry {
  return { seq: seq++, time: 1_767_225_600_000 + seq, level, source, message };
}

const log: LogEntry[] = [
  entry('debug', 'pads', 'hit 36'),
  entry('info', 'midi', 'MPD218 connected'),
  entry('warn', 'audio', 'Buffer underrun'),
  entry('error', 'midi', 'MPD218 disconnected'),
  entry('info', 'workspace', 'Layout restored')
];
const messages = (entries: LogEntry[]): string[] => entries.map((item) => item.message);

describe('the logs panel', () => {
  it('shows the newest entry first', () => {
    expect(messages(filterLog(log, 'debug', ''))).toEqual([
      'Layout restored',
      'MPD218 disconnected',
      'Buffer underrun',
      'MPD218 connected',
      'hit 36'
    ]);
  });

  it('hides entries below the minimum level', () => {
    expect(messages(filterLog(log, 'warn', ''))).toEqual(['MPD218 disconnected', 'Buffer underrun']);
  });

  it('shows only the chosen source', () => {
    expect(messages(filterLog(log, 'debug', 'midi'))).toEqual(['MPD218 disconnected', 'MPD218 connected']);
  });

  it('combines the level and source filters', () => {
    expect(messages(filterLog(log, 'error', 'midi'))).toEqual(['MPD218 disconnected']);
  });

  it('does not reorder the log it was given', () => {
    const before = messages(log);
    filterLog(log, 'debug', '');
    expect(messages(log)).toEqual(before);
  });

  it('offers each source once, alphabetically', () => {
    expect(logSources(log)).toEqual(['audio', 'midi', 'pads', 'workspace']);
  });

  it('starts at info level with every source, and that passes its own schema', () => {
    expect(logsPanelKind.initialParams()).toEqual({ minLevel: 'info', source: '' });
    expect(v.safeParse(logsPanelKind.paramsSchema, logsPanelKind.initialParams()).success).toBe(true);
  });

  it('refuses saved params with an unknown field', () => {
    expect(v.safeParse(LogsPanelParamsSchema, { minLevel: 'info', source: '', follow: true }).success).toBe(false);
  });

  it('is a single panel: adding it again focuses the open one', () => {
    expect(logsPanelKind.singleton).toBe(true);
  });
});
