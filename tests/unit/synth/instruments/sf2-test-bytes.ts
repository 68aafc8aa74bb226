// Byte surgery on generated SF2 files, for tests that need a file the writer
// would never produce (a header pointing outside the data, a lying size).

/** Offset of the first occurrence of a four-character id, searching from `from`. */
export function findId(bytes: Uint8Array, id: string, from = 0): number {
  outer: for (let at = from; at + 4 <= bytes.length; at++) {
    for (let i = 0; i < 4; i++) if (bytes[at + i] !== id.charCodeAt(i)) continue outer;
    return at;
  }
  throw new Error(`no '${id}' in the test file`);
}

export function setU32(bytes: Uint8Array, at: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value >>> 0, true);
}

export function setU16(bytes: Uint8Array, at: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint16(at, value & 0xffff, true);
}

/** Offset of a field of sample header `index`: start 20, end 24, startLoop 28, endLoop 32, rate 36. */
export function sampleHeaderField(bytes: Uint8Array, index: number, fieldOffset: number): number {
  return findId(bytes, 'shdr') + 8 + index * 46 + fieldOffset;
}

/** Offset of preset header `index`'s bag index. */
export function presetBagField(bytes: Uint8Array, index: number): number {
  return findId(bytes, 'phdr') + 8 + index * 38 + 24;
}
