import { JobStatus, type JobRecord, type StageProgress } from './job-record';

/**
 * One line of the Jobs panel, as plain data: what the job is doing in words,
 * its stages, how long it has run and how long it may still take, and which
 * buttons make sense. The panel renders this and nothing more.
 */
export interface JobRow {
  id: string;
  title: string;
  status: JobStatus;
  statusText: string;
  stages: readonly StageProgress[];
  percent: number;
  elapsedMs: number;
  elapsedText: string;
  /** Estimated time left, from the overall percent and the time so far; absent until there is progress to go on. */
  etaMs?: number;
  etaText?: string;
  errorText?: string;
  /** One sentence per stage that used its fallback. */
  fallbackTexts: string[];
  canCancel: boolean;
  canResume: boolean;
  canRetry: boolean;
  canRemove: boolean;
}

const STATUS_TEXT: Record<JobStatus, string> = {
  [JobStatus.Queued]: 'Waiting',
  [JobStatus.Running]: 'Running',
  [JobStatus.Completed]: 'Done',
  [JobStatus.CompletedWithFallback]: 'Done, with a simpler method for some stages',
  [JobStatus.Failed]: 'Failed',
  [JobStatus.Cancelled]: 'Cancelled',
  [JobStatus.Interrupted]: 'Interrupted'
};

const KIND_TITLE: Record<string, string> = { analysis: 'Analysis', diarization: 'Who talks when' };

export function jobRow(record: JobRecord, now: number): JobRow {
  const stageLabel = (id: string | undefined): string | undefined => record.stages.find((stage) => stage.id === id)?.label;
  const running = record.status === JobStatus.Running;
  const elapsedMs = record.startedAt === undefined ? 0 : Math.max(0, (record.finishedAt ?? now) - record.startedAt);
  const etaMs = running && record.percent > 0 && record.percent < 100 ? Math.round((elapsedMs * (100 - record.percent)) / record.percent) : undefined;
  const current = running ? stageLabel(record.stage) : undefined;
  return {
    id: record.id,
    title: record.title ?? KIND_TITLE[record.kind] ?? record.kind,
    status: record.status,
    statusText: current ? `${STATUS_TEXT[record.status]}: ${current}` : STATUS_TEXT[record.status],
    stages: record.stages,
    percent: record.percent,
    elapsedMs,
    elapsedText: formatDuration(elapsedMs),
    ...(etaMs === undefined ? {} : { etaMs, etaText: `about ${formatDuration(etaMs)} left` }),
    ...(record.error ? { errorText: record.error.message } : {}),
    fallbackTexts: record.fallbacks.map((fallback) => `${stageLabel(fallback.stage) ?? fallback.stage}: ${fallback.reason}`),
    canCancel: record.status === JobStatus.Queued || running,
    canResume: record.status === JobStatus.Interrupted,
    canRetry: record.status === JobStatus.Failed,
    canRemove: !running
  };
}

/** "42 s", "3:07", "1:02:05": short enough for a progress line. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
