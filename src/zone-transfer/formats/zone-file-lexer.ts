/** One word of a zone file. Quoted strings keep their quotes and escapes (`"a \"b\""`), bare words their escapes. */
export interface ZoneToken {
  text: string;
  quoted: boolean;
  line: number;
}

/** The comment markers ScaiDNS writes on export for records that must not be live zone-file lines. */
export type ZoneMarker = 'disabled' | 'alias';

/** One logical line: a directive or a record, possibly spread over several lines with parentheses. */
export interface ZoneEntry {
  /** Line the entry starts on (1-based). */
  line: number;
  /** The line starts with a space or tab: the record has no owner of its own (it reuses the previous one). */
  indented: boolean;
  tokens: ZoneToken[];
  /** Set for a `; disabled: ...` or `; alias: ...` comment, whose text is the entry. */
  marker?: ZoneMarker;
}

export type ZoneLexResult = { ok: true; entries: ZoneEntry[] } | { ok: false; line: number; error: string };

const MARKER = /^;[ \t]*(disabled|alias)[ \t]*:[ \t]*(.*)$/i;
const WORD_END = new Set([' ', '\t', '\n', '\r', ';', '(', ')', '"']);

/**
 * Splits zone-file text (RFC 1035 §5.1, as BIND reads it) into logical lines:
 * - `;` starts a comment to the end of the line, except inside quotes or after a backslash;
 * - `(` ... `)` continue an entry over several lines (comments allowed inside, no nesting);
 * - `"..."` is one word with `\"`, `\\` and `\DDD` escapes; a quote left open at the end of a line is an error;
 * - a backslash in a bare word escapes the next character (`\;`, `\ `, `\(`), which stays part of the word;
 * - blank and comment-only lines produce nothing; CR before LF is ignored.
 * With `markers`, a comment that is the whole line and reads `; disabled: <record>` or `; alias: <record>` becomes an
 * entry of its own (the text after the colon, on that one line).
 */
export function lexZoneFile(
  text: string,
  options: { markers?: boolean; firstLine?: number } = {},
): ZoneLexResult {
  const entries: ZoneEntry[] = [];
  let line = options.firstLine ?? 1;
  let lineIndented = false;
  let atLineStart = true;
  let current: ZoneEntry | null = null;
  let parenLine: number | null = null;
  let i = 0;

  const flush = (): void => {
    if (current && current.tokens.length > 0) {
      entries.push(current);
    }
    current = null;
  };
  const push = (token: ZoneToken): void => {
    current ??= { line: token.line, indented: lineIndented, tokens: [] };
    current.tokens.push(token);
  };

  while (i < text.length) {
    const char = text[i];
    if (atLineStart) {
      lineIndented = char === ' ' || char === '\t';
      atLineStart = false;
    }
    if (char === '\n') {
      if (parenLine === null) {
        flush();
      }
      line += 1;
      atLineStart = true;
      i += 1;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      i += 1;
      continue;
    }
    if (char === ';') {
      let end = text.indexOf('\n', i);
      end = end < 0 ? text.length : end;
      const comment = text.slice(i, end).replace(/\r$/, '');
      const marker = options.markers && parenLine === null && current === null ? MARKER.exec(comment) : null;
      if (marker) {
        const inner = lexZoneFile(marker[2], { firstLine: line });
        if (!inner.ok || inner.entries.length !== 1) {
          entries.push({ line, indented: false, tokens: [], marker: marker[1].toLowerCase() as ZoneMarker });
        } else {
          entries.push({
            ...inner.entries[0],
            indented: false,
            marker: marker[1].toLowerCase() as ZoneMarker,
          });
        }
      }
      i = end;
      continue;
    }
    if (char === '(') {
      if (parenLine !== null) {
        return { ok: false, line, error: `nested '(': the '(' on line ${parenLine} is still open` };
      }
      parenLine = line;
      i += 1;
      continue;
    }
    if (char === ')') {
      if (parenLine === null) {
        return { ok: false, line, error: "')' without a matching '('" };
      }
      parenLine = null;
      i += 1;
      continue;
    }
    if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') {
        if (text[end] === '\n' || (text[end] === '\\' && text[end + 1] === '\n')) {
          return {
            ok: false,
            line,
            error: 'unterminated quoted string (a closing " is missing on this line)',
          };
        }
        end += text[end] === '\\' ? 2 : 1;
      }
      if (end >= text.length) {
        return { ok: false, line, error: 'unterminated quoted string (a closing " is missing on this line)' };
      }
      push({ text: text.slice(i, end + 1), quoted: true, line });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < text.length && !WORD_END.has(text[end])) {
      if (text[end] === '\\') {
        if (end + 1 >= text.length || text[end + 1] === '\n') {
          return { ok: false, line, error: 'a backslash cannot end a line' };
        }
        end += 2;
      } else {
        end += 1;
      }
    }
    push({ text: text.slice(i, end), quoted: false, line });
    i = end;
  }
  if (parenLine !== null) {
    return { ok: false, line: parenLine, error: "'(' is never closed with ')'" };
  }
  flush();
  return { ok: true, entries };
}
