/**
 * Sample paths inside an instrument folder. An SFZ names its samples with
 * paths relative to itself (often with Windows backslashes); they are resolved
 * against the loaded folder or zip and must stay inside it: absolute paths,
 * drive letters, URLs and `..` past the root are refused, so a hostile SFZ
 * can never reach a file the musician didn't hand us.
 */
import { InstrumentLoadError } from '../instrument-model';

/** Resolves `.` and `..` in a slash-separated path; undefined when it climbs above the root. */
function resolveSegments(segments: string[]): string | undefined {
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (resolved.length === 0) return undefined;
      resolved.pop();
      continue;
    }
    resolved.push(segment);
  }
  return resolved.join('/');
}

/** A folder or zip entry name as a lookup key: forward slashes, no `./`, no leading slash. */
export function folderKey(path: string): string | undefined {
  return resolveSegments(path.replace(/\\/g, '/').split('/'));
}

export function directoryOf(path: string): string {
  const normalised = path.replace(/\\/g, '/');
  const slash = normalised.lastIndexOf('/');
  return slash < 0 ? '' : normalised.slice(0, slash);
}

/**
 * Resolves `relative` (as written in the SFZ, possibly prefixed by
 * default_path) against `fromDirectory` inside the loaded folder.
 * Throws an InstrumentLoadError naming the path when it would leave the folder.
 */
export function resolveInsideFolder(fromDirectory: string, relative: string, sfzName: string): string {
  const path = relative.replace(/\\/g, '/');
  const refuse = (why: string): never => {
    throw new InstrumentLoadError(sfzName, `refers to '${relative}', ${why}; an instrument may only use files inside its own folder`);
  };
  if (path.includes('\0')) refuse('which contains a NUL character');
  if (path.startsWith('/')) refuse('which is an absolute path');
  // Drive letters (C:) and URL schemes (file:, http:) alike.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) refuse('which names a drive or a URL');
  if (path === '~' || path.startsWith('~/')) refuse("which points into a user's home folder");
  const resolved = resolveSegments([...fromDirectory.split('/'), ...path.split('/')]);
  if (resolved === undefined) return refuse('which points outside the instrument folder');
  return resolved;
}
