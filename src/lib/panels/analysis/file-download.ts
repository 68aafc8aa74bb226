/**
 * Hands a file to the user the way a browser does for a link with
 * `download`: a blob URL on a temporary anchor, revoked once the click has
 * been taken (revoking at once cancels the download in some browsers).
 */
export function downloadFile(name: string, type: string, data: BlobPart): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Opens a page in a new tab and asks the browser to print it once it has laid out. */
export function printPage(html: string): boolean {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const opened = window.open(url, '_blank');
  if (!opened) {
    URL.revokeObjectURL(url);
    return false;
  }
  opened.addEventListener('load', () => opened.print(), { once: true });
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}

/** A file name from the recording's name: "take 3.wav" → "take 3 – cues.json". Never empty, never a path. */
export function exportName(recording: string | undefined, what: string, extension: string): string {
  const base = (recording ?? 'analysis').replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'analysis';
  return `${base.slice(0, 80)} – ${what}.${extension}`;
}
