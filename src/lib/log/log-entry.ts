import * as v from 'valibot';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Extra facts on an entry: flat and primitive so it always clones and prints. */
const LogDataSchema = v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null()]));
export type LogData = v.InferOutput<typeof LogDataSchema>;

export const LogEntrySchema = v.strictObject({
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  time: v.number(),
  level: v.picklist(LOG_LEVELS),
  source: v.pipe(v.string(), v.maxLength(64)),
  message: v.pipe(v.string(), v.maxLength(2000)),
  data: v.optional(LogDataSchema)
});
export type LogEntry = v.InferOutput<typeof LogEntrySchema>;

export function levelAtLeast(level: LogLevel, minimum: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(minimum);
}

/** Turns whatever a caller passes (errors included) into loggable data. */
export function toLogData(input: Record<string, unknown>): LogData {
  const data: LogData = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      // NaN and ±Infinity don't survive the saved-entry schema (or JSON): keep them as text.
      data[key] = String(value);
    } else if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      data[key] = value;
    } else if (value instanceof Error) {
      data[key] = `${value.name}: ${value.message}`;
    } else if (value !== undefined) {
      data[key] = safeStringify(value);
    }
  }
  return data;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 500) ?? String(value);
  } catch {
    return String(value);
  }
}
