/**
 * An SFZ instrument delivered as a zip: unpacked in memory with fflate under
 * limits, so a zip bomb (a few KB that claim gigabytes) is refused before
 * anything is allocated. fflate inflates each entry into a buffer of the size
 * its header declares and never grows it, so the declared sizes we check are
 * also the most that can be allocated.
 */
import { unzipSync } from 'fflate';
import { InstrumentLoadError } from '../instrument-model';
import type { InstrumentLoadResult } from '../load-result';
import { loadSfz } from './load-sfz';

export interface ZipLimits {
  /** Sum of the declared uncompressed sizes of all entries. */
  maxTotalBytes: number;
  maxEntries: number;
}

/** Big enough for a multi-sampled piano in 16-bit WAV, small enough for a browser tab. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 1024 * 1024 * 1024, maxEntries: 20_000 };

export function unzipInstrumentFolder(zipBytes: Uint8Array, zipName = 'instrument.zip', limits: Partial<ZipLimits> = {}): Map<string, Uint8Array> {
  const { maxTotalBytes, maxEntries } = { ...DEFAULT_ZIP_LIMITS, ...limits };
  let entries = 0;
  let totalBytes = 0;
  let unpacked: Record<string, Uint8Array>;
  try {
    unpacked = unzipSync(zipBytes, {
      filter: (entry) => {
        entries++;
        if (entries > maxEntries) throw new InstrumentLoadError(zipName, `holds more than ${maxEntries} files; that is not an instrument`);
        if (entry.name.endsWith('/') || isJunk(entry.name)) return false;
        totalBytes += entry.originalSize;
        if (totalBytes > maxTotalBytes) {
          throw new InstrumentLoadError(
            zipName,
            `would unpack to more than ${Math.round(maxTotalBytes / (1024 * 1024))} MB; it is too large to load in the browser (or a zip bomb)`
          );
        }
        return true;
      }
    });
  } catch (error) {
    if (error instanceof InstrumentLoadError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new InstrumentLoadError(zipName, `isn't a readable zip archive (${detail})`);
  }
  return new Map(Object.entries(unpacked));
}

/** The .sfz files in a folder, sorted, without macOS resource-fork copies. */
export function sfzFilesIn(files: Map<string, Uint8Array>): string[] {
  return [...files.keys()].filter((path) => path.toLowerCase().endsWith('.sfz') && !isJunk(path)).sort();
}

/**
 * Unpacks a zip and loads its SFZ: `sfzPath` when given, else the only .sfz
 * in it. With several and no choice, the error lists them so the UI can ask.
 */
export function loadSfzZip(
  zipBytes: Uint8Array,
  options: { zipName?: string; sfzPath?: string; limits?: Partial<ZipLimits> } = {}
): InstrumentLoadResult {
  const zipName = options.zipName ?? 'instrument.zip';
  const files = unzipInstrumentFolder(zipBytes, zipName, options.limits);
  if (options.sfzPath !== undefined) return loadSfz(files, options.sfzPath);
  const candidates = sfzFilesIn(files);
  const [only] = candidates;
  if (only === undefined) throw new InstrumentLoadError(zipName, 'contains no .sfz file');
  if (candidates.length > 1) {
    const listed = candidates.slice(0, 5).join(', ') + (candidates.length > 5 ? ', …' : '');
    throw new InstrumentLoadError(zipName, `contains ${candidates.length} .sfz files (${listed}); choose one`);
  }
  return loadSfz(files, only);
}

function isJunk(path: string): boolean {
  return path.startsWith('__MACOSX/') || path.split('/').some((part) => part.startsWith('._'));
}
