/**
 * SFZ text → a flat list of headers and opcodes, in file order. Handles
 * `//` and `/* *\/` comments, `#define $NAME value`, `#include "file"`, and
 * values with spaces (a sample path runs to the next `name=` or `<header>` on
 * its line). Every scan moves forward, so hostile text costs linear time.
 */
import { InstrumentLoadError } from '../instrument-model';

export type SfzToken = { kind: 'header'; name: string } | { kind: 'opcode'; name: string; value: string };

export interface SfzTextOptions {
  /** Returns the text of an `#include`d file (path as written), or undefined when it is missing. */
  readInclude?: (path: string) => string | undefined;
  warn: (message: string) => void;
}

/** Far beyond a real instrument; stops include loops and include fan-out bombs. */
const MAX_INCLUDE_DEPTH = 16;
const MAX_EXPANDED_CHARS = 32 * 1024 * 1024;
const MAX_LINE_CHARS = 1024 * 1024;
const MAX_INCLUDES = 1000;

export function tokenizeSfz(text: string, fileName: string, options: SfzTextOptions): SfzToken[] {
  const lines: string[] = [];
  const defines = new Map<string, string>();
  let expandedChars = 0;
  let includes = 0;

  const expand = (source: string, depth: number): void => {
    for (const rawLine of stripComments(source).split(/\r\n|\r|\n/)) {
      const line = rawLine.trim();
      if (line.startsWith('#define')) {
        const match = /^#define\s+(\$[A-Za-z0-9_]+)\s+(.*)$/.exec(line);
        if (match?.[1] && match[2] !== undefined) defines.set(match[1], substitute(match[2].trim(), defines));
        else options.warn(`couldn't read the line '${shorten(line)}'; it is ignored`);
        continue;
      }
      if (line.startsWith('#include')) {
        const match = /^#include\s+"([^"]*)"/.exec(line);
        if (!match?.[1]) {
          options.warn(`couldn't read the line '${shorten(line)}'; it is ignored`);
          continue;
        }
        includes++;
        if (includes > MAX_INCLUDES) throw new InstrumentLoadError(fileName, `uses #include more than ${MAX_INCLUDES} times; it may include itself`);
        if (depth >= MAX_INCLUDE_DEPTH) throw new InstrumentLoadError(fileName, `nests #include more than ${MAX_INCLUDE_DEPTH} deep; it may include itself`);
        const included = options.readInclude?.(substitute(match[1], defines));
        if (included === undefined) options.warn(`the included file '${match[1]}' is missing; it is skipped`);
        else expand(included, depth + 1);
        continue;
      }
      const expanded = substitute(line, defines);
      expandedChars += expanded.length;
      if (expandedChars > MAX_EXPANDED_CHARS) throw new InstrumentLoadError(fileName, 'expands to more text than any instrument needs; its #include or #define lines may repeat without end');
      lines.push(expanded);
    }
  };
  try {
    expand(text, 0);
  } catch (error) {
    if (error instanceof SfzExpansionError) throw new InstrumentLoadError(fileName, 'has #define values that expand without end; the file is damaged');
    throw error;
  }

  const tokens: SfzToken[] = [];
  for (const line of lines) tokenizeLine(line, tokens, options.warn);
  return tokens;
}

/** Replaces comments by spaces, keeping line breaks so line structure survives. One pass, linear. */
function stripComments(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let at = 0;
  while (at < text.length - 1) {
    if (text.charCodeAt(at) !== 47 /* / */) {
      at++;
      continue;
    }
    const next = text.charCodeAt(at + 1);
    if (next === 47) {
      out += text.slice(copiedUpTo, at);
      while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
      copiedUpTo = at;
    } else if (next === 42 /* * */) {
      out += text.slice(copiedUpTo, at);
      let end = at + 2;
      while (end < text.length && !(text[end] === '*' && text[end + 1] === '/')) {
        if (text[end] === '\n' || text[end] === '\r') out += text[end];
        end++;
      }
      out += ' ';
      at = Math.min(end + 2, text.length);
      copiedUpTo = at;
    } else {
      at++;
    }
  }
  return out + text.slice(copiedUpTo);
}

/** Replaces `$NAME` by its #define value; `budget` caps the result so nested defines can't explode. */
function substitute(line: string, defines: Map<string, string>, budget = MAX_LINE_CHARS): string {
  if (defines.size === 0 || !line.includes('$')) return line;
  let length = line.length;
  return line.replace(/\$[A-Za-z0-9_]+/g, (name) => {
    const value = defines.get(name) ?? name;
    length += value.length - name.length;
    if (length > budget) throw new SfzExpansionError();
    return value;
  });
}

class SfzExpansionError extends Error {}

const OPCODE_NAME = /[A-Za-z0-9_$]+=/y;

function tokenizeLine(line: string, tokens: SfzToken[], warn: (message: string) => void): void {
  let at = 0;
  while (at < line.length) {
    while (at < line.length && isSpace(line.charCodeAt(at))) at++;
    if (at >= line.length) break;
    if (line[at] === '<') {
      const close = line.indexOf('>', at);
      if (close < 0) {
        warn(`the header '${shorten(line.slice(at))}' isn't closed; the rest of its line is ignored`);
        return;
      }
      tokens.push({ kind: 'header', name: line.slice(at + 1, close).trim().toLowerCase() });
      at = close + 1;
      continue;
    }
    OPCODE_NAME.lastIndex = at;
    const name = OPCODE_NAME.exec(line);
    if (!name) {
      let end = at;
      while (end < line.length && !isSpace(line.charCodeAt(end))) end++;
      warn(`couldn't read '${shorten(line.slice(at, end))}'; it is ignored`);
      at = end;
      continue;
    }
    const valueStart = at + name[0].length;
    const valueEnd = findValueEnd(line, valueStart);
    tokens.push({ kind: 'opcode', name: name[0].slice(0, -1), value: line.slice(valueStart, valueEnd).trim() });
    at = valueEnd;
  }
}

/** A value ends where whitespace is followed by `<` or by `name=`; otherwise at the end of the line. */
function findValueEnd(line: string, from: number): number {
  for (let at = from; at < line.length; at++) {
    if (!isSpace(line.charCodeAt(at - 1)) || isSpace(line.charCodeAt(at)) || at === from) continue;
    if (line[at] === '<') return at;
    OPCODE_NAME.lastIndex = at;
    if (OPCODE_NAME.test(line)) return at;
  }
  return line.length;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12 || code === 0xa0;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
