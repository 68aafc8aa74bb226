/**
 * Reads the `metadata_props` of an ONNX file (ModelProto field 14, key/value
 * strings) without a protobuf library: onnxruntime-web does not expose them,
 * and the model manager only needs `stem_names`. Walks the top-level fields
 * only, skipping the (large) graph by its length prefix, so it is O(fields).
 */
const METADATA_PROPS_FIELD = 14;
const WIRE_VARINT = 0;
const WIRE_64BIT = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_32BIT = 5;

class ProtoReader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.bytes[this.at++];
      if (byte === undefined) throw new RangeError('truncated varint');
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    throw new RangeError('varint too long');
  }

  /** Skips or returns the payload of one field with `wire` type. */
  field(wire: number): Uint8Array | null {
    if (wire === WIRE_VARINT) {
      this.varint();
      return null;
    }
    const size = wire === WIRE_64BIT ? 8 : wire === WIRE_32BIT ? 4 : wire === WIRE_LENGTH_DELIMITED ? this.varint() : -1;
    if (size < 0) throw new RangeError(`unsupported wire type ${wire}`);
    if (this.at + size > this.bytes.length) throw new RangeError('truncated field');
    const payload = this.bytes.subarray(this.at, this.at + size);
    this.at += size;
    return wire === WIRE_LENGTH_DELIMITED ? payload : null;
  }
}

function entry(bytes: Uint8Array): [string, string] {
  const reader = new ProtoReader(bytes);
  const decoder = new TextDecoder();
  let key = '';
  let value = '';
  while (!reader.done) {
    const tag = reader.varint();
    const payload = reader.field(tag & 7);
    if (payload && tag >>> 3 === 1) key = decoder.decode(payload);
    if (payload && tag >>> 3 === 2) value = decoder.decode(payload);
  }
  return [key, value];
}

/** The model's metadata as a plain record; empty when there is none or the bytes are not a readable ModelProto. */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const metadata: Record<string, string> = {};
  try {
    const reader = new ProtoReader(bytes);
    while (!reader.done) {
      const tag = reader.varint();
      const payload = reader.field(tag & 7);
      if (payload && tag >>> 3 === METADATA_PROPS_FIELD) {
        const [key, value] = entry(payload);
        if (key) metadata[key] = value;
      }
    }
  } catch {
    // Not protobuf we can walk: onnxruntime will say what is wrong with the file.
  }
  return metadata;
}

/** Stem names from `stem_names` metadata when it names exactly `count` stems; otherwise "stem-1"…"stem-N". */
export function stemNamesFor(metadata: Readonly<Record<string, string>>, count: number): string[] {
  const named = (metadata['stem_names'] ?? '')
    .split(',')
    // The cache stores stems under these names: [a-z0-9_-], at most 32 characters.
    .map((name) => name.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32))
    .filter((name) => name.length > 0);
  if (named.length === count && new Set(named).size === count) return named;
  return Array.from({ length: count }, (_, index) => `stem-${index + 1}`);
}
