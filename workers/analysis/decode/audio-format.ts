/**
 * Which decoder a file needs, decided from its first bytes only: file names and
 * MIME types lie (a .wav that is really an MP3 is common in rehearsal folders).
 */

export type AudioFormat = 'wav' | 'mp3' | 'flac' | 'ogg-vorbis' | 'ogg-opus';

/** Enough bytes to see past an Ogg page header to its first packet, and to check two MP3 frames. */
export const SNIFF_BYTES = 4096;

function ascii(bytes: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Size of an ID3v2 tag starting at 0 (header + body + optional footer), or 0 when there is none. */
export function id3TagSize(bytes: Uint8Array): number {
  if (bytes.length < 10 || !ascii(bytes, 0, 'ID3')) return 0;
  // The size is "syncsafe": four 7-bit groups, so no byte can look like an MPEG sync.
  let size = 0;
  for (let i = 6; i < 10; i++) size = (size << 7) | ((bytes[i] ?? 0) & 0x7f);
  const hasFooter = ((bytes[5] ?? 0) & 0x10) !== 0;
  return 10 + size + (hasFooter ? 10 : 0);
}

const MPEG_BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];
const MPEG_BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0];
const MPEG_RATES = [44100, 48000, 32000, 0];

/** Length in bytes of the MPEG audio layer III frame whose header is at `at`, or 0 if it isn't one. */
export function mpegFrameLength(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) return 0;
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return 0;
  const version = (b1 >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 reserved
  const layer = (b1 >> 1) & 3; // 1 = layer III
  if (version === 1 || layer !== 1) return 0;
  const bitrate = (version === 3 ? MPEG_BITRATES_V1_L3 : MPEG_BITRATES_V2_L3)[(b2 >> 4) & 15] ?? 0;
  const baseRate = MPEG_RATES[(b2 >> 2) & 3] ?? 0;
  if (bitrate === 0 || baseRate === 0) return 0;
  const rate = version === 3 ? baseRate : version === 2 ? baseRate / 2 : baseRate / 4;
  const padding = (b2 >> 1) & 1;
  const samplesPerFrame = version === 3 ? 1152 : 576;
  return Math.floor((samplesPerFrame / 8) * bitrate * 1000 / rate) + padding;
}

/**
 * An MP3 without an ID3 tag is recognised by two consecutive valid frame
 * headers: one 11-bit sync alone matches about one random file in 2000.
 */
function looksLikeMpeg(bytes: Uint8Array, at: number): boolean {
  const length = mpegFrameLength(bytes, at);
  if (length === 0) return false;
  // A file that is a single frame long can't show a second header; accept it.
  if (at + length + 4 > bytes.length) return at + length <= bytes.length && bytes.length < SNIFF_BYTES;
  return mpegFrameLength(bytes, at + length) > 0;
}

/** The format of a file from its first bytes (at least SNIFF_BYTES when the file is that long), or null. */
export function sniffAudioFormat(head: Uint8Array): AudioFormat | null {
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'wav';
  if (ascii(head, 0, 'fLaC')) return 'flac';
  if (ascii(head, 0, 'OggS')) {
    // Page header: 27 bytes + one lacing byte per segment, then the first packet.
    const segments = head[26] ?? 0;
    const packet = 27 + segments;
    if (ascii(head, packet, '\x01vorbis')) return 'ogg-vorbis';
    if (ascii(head, packet, 'OpusHead')) return 'ogg-opus';
    return null;
  }
  const tag = id3TagSize(head);
  if (tag > 0) {
    // The tag may hide a FLAC stream (some taggers do this) or be longer than the head we have.
    if (ascii(head, tag, 'fLaC')) return 'flac';
    return tag + 4 > head.length || looksLikeMpeg(head, tag) ? 'mp3' : null;
  }
  return looksLikeMpeg(head, 0) ? 'mp3' : null;
}

/**
 * Total frames a FLAC stream declares in its STREAMINFO block (which the
 * format requires to come first), or null when absent or "unknown" (0).
 * Lets the analysis copy be allocated once instead of joined from pieces.
 */
export function flacDeclaredFrames(head: Uint8Array, at: number): number | null {
  const body = at + 8; // 'fLaC' + the 4-byte metadata block header
  if (!ascii(head, at, 'fLaC') || ((head[at + 4] ?? 0x7f) & 0x7f) !== 0 || body + 18 > head.length) return null;
  const high = (head[body + 13] ?? 0) & 0x0f;
  const low = (((head[body + 14] ?? 0) << 24) | ((head[body + 15] ?? 0) << 16) | ((head[body + 16] ?? 0) << 8) | (head[body + 17] ?? 0)) >>> 0;
  const frames = high * 2 ** 32 + low;
  return frames > 0 ? frames : null;
}
