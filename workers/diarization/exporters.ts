// Turn lists as files a user takes elsewhere: CSV for spreadsheets, WebVTT for
// video players and editors (each cue is "<speaker>"). RTTM lives in rttm.ts.
import type { SpeakerTurn } from './types.ts';

/** RFC 4180 quoting: only when needed, doubling inner quotes. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatCsv(turns: readonly SpeakerTurn[]): string {
  const header = 'start,end,speaker,confidence,overlap\n';
  return (
    header +
    turns.map((t) => `${t.start.toFixed(3)},${t.end.toFixed(3)},${csvField(t.speaker)},${t.confidence.toFixed(3)},${t.overlap}\n`).join('')
  );
}

/** hh:mm:ss.ttt, as WebVTT requires (hours always present for simplicity). */
function vttTime(seconds: number): string {
  const millis = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(millis / 3_600_000);
  const m = Math.floor((millis % 3_600_000) / 60_000);
  const s = Math.floor((millis % 60_000) / 1000);
  const ms = millis % 1000;
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms, 3)}`;
}

/** Newlines would end a cue early; & < > are escaped as in HTML (a ">" would also close the <v> tag). */
function vttText(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function formatWebVtt(turns: readonly SpeakerTurn[]): string {
  const cues = turns.map((t, i) => `${i + 1}\n${vttTime(t.start)} --> ${vttTime(t.end)}\n<v ${vttText(t.speaker)}>${vttText(t.speaker)}${t.overlap ? ' (overlapping)' : ''}\n`);
  return ['WEBVTT\n', ...cues].join('\n');
}
