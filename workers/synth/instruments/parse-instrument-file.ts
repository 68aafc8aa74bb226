import type { InstrumentLoadResult } from './load-result';
import { loadSfzZip } from './sfz/instrument-zip';
import { parseSf2 } from './sf2/parse-sf2';

/** What the user can import: a SoundFont, or an SFZ instrument as a zip of its folder. */
export type InstrumentFileFormat = 'sf2' | 'sfz-zip';

/** Picks the format from the file name; undefined means "not an instrument we read". */
export function instrumentFormatOf(fileName: string): InstrumentFileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.sf2')) return 'sf2';
  if (lower.endsWith('.zip')) return 'sfz-zip';
  return undefined;
}

/** Parses an imported instrument file; throws InstrumentLoadError with a readable problem. */
export function parseInstrumentFile(bytes: Uint8Array, fileName: string, format: InstrumentFileFormat): InstrumentLoadResult {
  return format === 'sf2' ? parseSf2(bytes, fileName) : loadSfzZip(bytes, { zipName: fileName });
}
