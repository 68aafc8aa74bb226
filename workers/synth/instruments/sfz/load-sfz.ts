/**
 * SFZ folder → InstrumentBank. The folder is a map of relative paths to bytes
 * (from a dropped directory or an unpacked zip); the SFZ's sample paths are
 * resolved inside it and never outside, WAV samples are decoded once each, and
 * a region whose sample is missing or unreadable is skipped with a warning.
 * Pure: no DOM, no worker globals.
 */
import { InstrumentLoadError, type Sample, type Zone } from '../instrument-model';
import { LoadWarnings, asLoadError, baseName, type InstrumentLoadResult } from '../load-result';
import { decodeWav } from '../decode-wav';
import { MIN_LOOP_FRAMES } from '../sample-limits';
import { SUPPORTED_OPCODES, readRegion, type RegionSettings } from './sfz-opcodes';
import { directoryOf, folderKey, resolveInsideFolder } from './sfz-paths';
import { buildRegions } from './sfz-regions';
import { tokenizeSfz } from './sfz-text';

/** An .sfz is text; anything this large is not one. */
const MAX_SFZ_BYTES = 16 * 1024 * 1024;

interface LoadedSample {
  sample: Sample;
  unityNote?: number;
}

/** Looks files up by normalised path, falling back to a case-insensitive match (libraries made on Windows). */
class InstrumentFolder {
  private readonly exact = new Map<string, Uint8Array>();
  private readonly folded = new Map<string, string>();

  constructor(files: Map<string, Uint8Array>) {
    for (const [path, bytes] of files) {
      const key = folderKey(path);
      if (!key || this.exact.has(key)) continue;
      this.exact.set(key, bytes);
      if (!this.folded.has(key.toLowerCase())) this.folded.set(key.toLowerCase(), key);
    }
  }

  find(key: string): { key: string; bytes: Uint8Array } | undefined {
    const exact = this.exact.get(key);
    if (exact) return { key, bytes: exact };
    const folded = this.folded.get(key.toLowerCase());
    const bytes = folded === undefined ? undefined : this.exact.get(folded);
    return folded !== undefined && bytes ? { key: folded, bytes } : undefined;
  }
}

/**
 * Loads the SFZ at `sfzPath` (relative, inside `files`) and the samples it names.
 * Throws InstrumentLoadError when the SFZ is missing, unreadable, has no
 * playable region, or names a path outside the folder.
 */
export function loadSfz(files: Map<string, Uint8Array>, sfzPath: string): InstrumentLoadResult {
  return asLoadError(sfzPath, () => {
    const folder = new InstrumentFolder(files);
    const sfzKey = folderKey(sfzPath);
    const sfzFile = sfzKey === undefined ? undefined : folder.find(sfzKey);
    if (!sfzFile) throw new InstrumentLoadError(sfzPath, "isn't in the loaded folder");
    if (sfzFile.bytes.length > MAX_SFZ_BYTES) throw new InstrumentLoadError(sfzPath, 'is far too large to be an SFZ text file');
    const sfzDirectory = directoryOf(sfzFile.key);

    const warnings = new LoadWarnings();
    const warn = (message: string): void => warnings.add(`${sfzPath}: ${message}`);
    const readText = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);
    const tokens = tokenizeSfz(readText(sfzFile.bytes), sfzPath, {
      warn,
      readInclude: (path) => {
        // #include paths are relative to the top-level .sfz, like sample paths.
        const included = folder.find(resolveInsideFolder(sfzDirectory, path, sfzPath));
        if (included && included.bytes.length > MAX_SFZ_BYTES) throw new InstrumentLoadError(sfzPath, `includes '${path}', which is far too large to be SFZ text`);
        return included ? readText(included.bytes) : undefined;
      }
    });
    const regions = buildRegions(tokens, sfzPath, warn);
    if (regions.length === 0) throw new InstrumentLoadError(sfzPath, 'contains no <region> sections, so there is nothing to play');

    const unsupported = new Set<string>();
    const samples = new Map<string, LoadedSample | null>();
    const zones: Zone[] = [];
    for (const region of regions) {
      for (const name of region.opcodes.keys()) if (!SUPPORTED_OPCODES.has(name)) unsupported.add(name);
      const settings = readRegion(region, warn);
      if (settings.sample === undefined) {
        warn('a region has no sample= opcode; it is skipped');
        continue;
      }
      if (settings.keyLow > settings.keyHigh || settings.velocityLow > settings.velocityHigh) {
        warn(`a region for '${settings.sample}' has an empty key or velocity range; it is skipped`);
        continue;
      }
      if (settings.sample.startsWith('*')) {
        warn(`the built-in sample '${settings.sample}' isn't supported; its regions are skipped`);
        continue;
      }
      const defaultPath = region.opcodes.get('default_path') ?? region.defaultPath;
      const samplePath = resolveInsideFolder(sfzDirectory, defaultPath + settings.sample, sfzPath);
      let loaded = samples.get(samplePath);
      if (loaded === undefined) {
        loaded = loadSample(folder, samplePath, settings.sample, warn);
        samples.set(samplePath, loaded);
      }
      if (loaded) zones.push(toZone(settings, loaded, warn));
    }

    if (unsupported.size > 0) {
      const names = [...unsupported].sort();
      const more = names.length > 12 ? ` and ${names.length - 12} more` : '';
      warn(`these opcodes aren't supported yet and are ignored: ${names.slice(0, 12).join(', ')}${more}`);
    }
    if (zones.length === 0) {
      const reason = warnings.first ? ` (first problem: ${warnings.first})` : '';
      throw new InstrumentLoadError(sfzPath, `none of its ${regions.length} regions could be loaded${reason}`);
    }
    const name = baseName(sfzPath);
    return { bank: { kind: 'sfz', name, presets: [{ name, bank: 0, program: 0, zones }] }, warnings: warnings.toArray() };
  });
}

function loadSample(folder: InstrumentFolder, path: string, written: string, warn: (message: string) => void): LoadedSample | null {
  const file = folder.find(path);
  if (!file) {
    warn(`the sample '${written}' is missing from the folder; its regions are skipped`);
    return null;
  }
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (extension !== 'wav' && extension !== 'wave') {
    warn(`the sample '${written}' is a .${extension} file; only WAV samples can be loaded for now, so its regions are skipped`);
    return null;
  }
  try {
    const decoded = decodeWav(file.bytes, written);
    for (const message of decoded.warnings) warn(message);
    const sample: Sample = { name: written, data: decoded.data, sampleRate: decoded.sampleRate };
    if (decoded.loop) sample.loop = decoded.loop;
    return decoded.unityNote === undefined ? { sample } : { sample, unityNote: decoded.unityNote };
  } catch (error) {
    if (!(error instanceof InstrumentLoadError)) throw error;
    warn(`the sample '${written}' ${error.problem}; its regions are skipped`);
    return null;
  }
}

function toZone(settings: RegionSettings, loaded: LoadedSample, warn: (message: string) => void): Zone {
  const { sample } = loaded;
  const length = sample.data.length;
  const zone: Zone = {
    sample,
    keyLow: settings.keyLow,
    keyHigh: settings.keyHigh,
    velocityLow: settings.velocityLow,
    velocityHigh: settings.velocityHigh,
    rootKey: settings.rootKey === 'sample' ? (loaded.unityNote ?? 60) : settings.rootKey,
    tuneCents: settings.tuneCents,
    keyTrackCents: settings.keyTrackCents,
    gain: settings.gain,
    pan: settings.pan,
    // SFZ: without loop_mode, a sample with its own loop loops and one without doesn't.
    loopMode: settings.loopMode ?? (sample.loop ? 'loop_continuous' : 'no_loop'),
    offset: Math.min(settings.offset, length - 1),
    envelope: settings.envelope,
    trigger: settings.trigger,
    velocityTrack: settings.velocityTrack
  };
  if (settings.offset >= length) warn(`offset=${settings.offset} lies beyond the end of '${sample.name}'; it is clamped`);
  if (settings.end !== undefined) {
    // end=-1 is the SFZ idiom for a silent region (it still triggers group/off_by).
    zone.end = settings.end < 0 ? 0 : Math.min(settings.end + 1, length);
  }
  if (settings.group !== undefined) zone.group = settings.group;
  if (settings.offBy !== undefined) zone.offBy = settings.offBy;

  if (zone.loopMode === 'loop_continuous' || zone.loopMode === 'loop_sustain') {
    const hasOwnPoints = settings.loopStart !== undefined || settings.loopEnd !== undefined;
    // Without any loop points, ARIA (and Bandroom) loop the whole sample.
    const wantedStart = settings.loopStart ?? sample.loop?.start ?? 0;
    const wantedEnd = settings.loopEnd !== undefined ? settings.loopEnd + 1 : (sample.loop?.end ?? length);
    const start = Math.min(wantedStart, length);
    const end = Math.min(wantedEnd, length);
    if (end - start < MIN_LOOP_FRAMES) {
      warn(`the loop ${wantedStart}–${wantedEnd - 1} of '${sample.name}' is empty or outside the sample; it plays without looping`);
      zone.loopMode = 'no_loop';
    } else {
      if (start !== wantedStart || end !== wantedEnd) warn(`the loop of '${sample.name}' reaches past the end of the sample; it is clamped to ${start}–${end - 1}`);
      if (hasOwnPoints || !sample.loop || start !== wantedStart || end !== wantedEnd) zone.loop = { start, end };
    }
  }
  return zone;
}
