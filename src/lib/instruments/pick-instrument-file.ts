import { zipSync } from 'fflate';
import type { AudioSession } from '$lib/audio/audio-session.svelte';

/**
 * Browser glue for importing instruments: a file picker (.sf2 or a zipped
 * SFZ folder), a folder picker (an SFZ folder, zipped here so it is stored
 * and parsed like a zip), and dropped files.
 */
export function pickInstrumentFile(audio: AudioSession): void {
  choose({ accept: '.sf2,.zip' }, async (files) => {
    const file = files[0];
    if (file) await audio.importFile(file.name, new Uint8Array(await file.arrayBuffer()));
  });
}

export function pickSfzFolder(audio: AudioSession): void {
  choose({ folder: true }, async (files) => {
    if (files.length === 0) return;
    const entries: Record<string, Uint8Array> = {};
    for (const file of files) entries[relativePath(file)] = new Uint8Array(await file.arrayBuffer());
    const folder = relativePath(files[0]!).split('/')[0] || 'instrument';
    // Stored, not compressed: samples are already dense and zipping should be instant.
    await audio.importFile(`${folder}.zip`, zipSync(entries, { level: 0 }));
  });
}

export async function importDroppedFiles(audio: AudioSession, files: FileList | File[]): Promise<void> {
  for (const file of [...files]) await audio.importFile(file.name, new Uint8Array(await file.arrayBuffer()));
}

function relativePath(file: File): string {
  const path = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
  // The picked folder's own name is the zip's root; paths inside stay relative to it.
  return path.split('/').slice(path.includes('/') ? 1 : 0).join('/');
}

function choose(options: { accept?: string; folder?: boolean }, onFiles: (files: File[]) => Promise<void>): void {
  const input = document.createElement('input');
  input.type = 'file';
  if (options.accept) input.accept = options.accept;
  if (options.folder) input.webkitdirectory = true;
  input.addEventListener('change', () => void onFiles([...(input.files ?? [])]));
  input.click();
}
