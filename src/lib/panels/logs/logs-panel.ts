import * as v from 'valibot';
import { LOG_LEVELS, levelAtLeast, type LogEntry, type LogLevel } from '$lib/log/log-entry';
import { definePanelKind } from '$lib/workspace/panel-registry';
import LogsPanel from './LogsPanel.svelte';

export const LogsPanelParamsSchema = v.strictObject({
  minLevel: v.picklist(LOG_LEVELS),
  /** Empty means every source. */
  source: v.pipe(v.string(), v.maxLength(64))
});
export type LogsPanelParams = v.InferOutput<typeof LogsPanelParamsSchema>;

/** Newest first, filtered by minimum level and source. */
export function filterLog(entries: readonly LogEntry[], minLevel: LogLevel, source: string): LogEntry[] {
  return entries.filter((entry) => levelAtLeast(entry.level, minLevel) && (source === '' || entry.source === source)).reverse();
}

export function logSources(entries: readonly LogEntry[]): string[] {
  return [...new Set(entries.map((entry) => entry.source))].sort();
}

export const logsPanelKind = definePanelKind({
  type: 'logs',
  title: 'Logs',
  component: LogsPanel,
  paramsSchema: LogsPanelParamsSchema,
  initialParams: (): LogsPanelParams => ({ minLevel: 'info', source: '' }),
  defaultSize: { width: 560, height: 300 },
  singleton: true
});
