/**
 * The RIFF container shared by SF2 and WAV: a four-character id, a 32-bit
 * little-endian size, the body, and a pad byte when the size is odd. Reading
 * never trusts a size: a chunk that claims more bytes than its parent holds is
 * reported as truncated instead of being read past the end.
 */

export interface RiffChunk {
  /** Four-character id, e.g. 'smpl' (for LIST chunks, the list type follows in the body). */
  id: string;
  /** Offset of the body within the file. */
  bodyStart: number;
  /** Bytes of the body that are really present (≤ claimedSize). */
  size: number;
  /** Size written in the chunk header. */
  claimedSize: number;
}

export function fourCC(bytes: Uint8Array, at: number): string {
  let id = '';
  for (let i = 0; i < 4; i++) {
    const code = bytes[at + i] ?? 0;
    // Printable ASCII only, so a garbage id in an error message stays readable.
    id += code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : '?';
  }
  return id;
}

export function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0;
}

/**
 * Lists the chunks between `start` and `end`. Each chunk header is at least
 * 8 bytes, so the loop ends after at most (end - start) / 8 rounds whatever
 * the sizes say. A last chunk that runs past `end` is returned with
 * `size < claimedSize`; the caller decides whether that is fatal.
 */
export function listChunks(bytes: Uint8Array, start: number, end: number): RiffChunk[] {
  const chunks: RiffChunk[] = [];
  let at = start;
  while (at + 8 <= end) {
    const id = fourCC(bytes, at);
    const claimedSize = readU32(bytes, at + 4);
    const bodyStart = at + 8;
    const size = Math.min(claimedSize, end - bodyStart);
    chunks.push({ id, bodyStart, size, claimedSize });
    if (size < claimedSize) break;
    at = bodyStart + claimedSize + (claimedSize & 1);
  }
  return chunks;
}

/** The list type of a LIST/RIFF chunk body ('INFO', 'sdta', 'WAVE'...), or '' if the body is too short. */
export function listType(bytes: Uint8Array, chunk: RiffChunk): string {
  return chunk.size >= 4 ? fourCC(bytes, chunk.bodyStart) : '';
}

/** Reads a zero-terminated ASCII/Latin-1 string of at most `length` bytes, dropping control characters. */
export function readFixedString(bytes: Uint8Array, at: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const code = bytes[at + i] ?? 0;
    if (code === 0) break;
    text += code >= 0x20 && code !== 0x7f ? String.fromCharCode(code) : ' ';
  }
  return text.trim();
}
