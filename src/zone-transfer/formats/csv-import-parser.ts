import { ImportCandidate, ImportProblem, ParsedImport } from 'src/zone-transfer/formats/import-candidate';

const COLUMNS = ['name', 'type', 'content', 'ttl', 'disabled'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['name', 'type', 'content'];

interface CsvRow {
  line: number;
  fields: string[];
}

type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; error: string };

/**
 * RFC 4180 records: comma-separated fields, CRLF or LF line ends, fields in double quotes may hold commas, line
 * breaks and doubled quotes (`""`). A quote inside an unquoted field, or text after a closing quote, is an error.
 * Rows that are entirely empty are dropped. Each row remembers the line it starts on.
 */
export function splitCsv(text: string): CsvResult {
  const rows: CsvRow[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const rowLine = line;
    const fields: string[] = [];
    let atRowEnd = false;
    while (!atRowEnd) {
      let value = '';
      if (text[i] === '"') {
        const fieldLine = line;
        i += 1;
        for (;;) {
          if (i >= text.length) {
            return { ok: false, line: fieldLine, error: 'a quoted field is never closed' };
          }
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (text[i] === '\n') {
            line += 1;
          }
          value += text[i];
          i += 1;
        }
        if (
          i < text.length &&
          text[i] !== ',' &&
          text[i] !== '\n' &&
          !(text[i] === '\r' && text[i + 1] === '\n')
        ) {
          return {
            ok: false,
            line,
            error: 'unexpected text after a closing quote (write a quote inside a quoted field as "")',
          };
        }
      } else {
        while (
          i < text.length &&
          text[i] !== ',' &&
          text[i] !== '\n' &&
          !(text[i] === '\r' && text[i + 1] === '\n')
        ) {
          if (text[i] === '"') {
            return {
              ok: false,
              line,
              error: 'a quote inside an unquoted field (quote the whole field and double the quote)',
            };
          }
          value += text[i];
          i += 1;
        }
      }
      fields.push(value);
      if (text[i] === ',') {
        i += 1;
      } else {
        i += text[i] === '\r' ? 2 : 1;
        line += 1;
        atRowEnd = true;
      }
    }
    if (fields.some((field) => field !== '')) {
      rows.push({ line: rowLine, fields });
    }
  }
  return { ok: true, rows };
}

/**
 * A CSV import: a header naming the columns (`name,type,content,ttl`, in any order, `ttl` and `disabled` optional),
 * then one record per row. Names and content are read as the records API reads them (a host without a trailing dot
 * is fully qualified). Errors name the line.
 */
export function parseCsvImport(text: string): ParsedImport {
  const errors: ImportProblem[] = [];
  const candidates: ImportCandidate[] = [];
  const split = splitCsv(text.replace(/^\uFEFF/, ''));
  if (!split.ok) {
    return { candidates, skipped: [], errors: [{ line: split.line, message: split.error }] };
  }
  const [header, ...rows] = split.rows;
  if (!header) {
    return { candidates, skipped: [], errors: [] };
  }
  const columns = header.fields.map((field) => field.trim().toLowerCase());
  const unknown = columns.filter((column) => !(COLUMNS as readonly string[]).includes(column));
  const missing = REQUIRED.filter((column) => !columns.includes(column));
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`missing ${missing.join(', ')}`] : []),
      ...(unknown.length > 0 ? [`unknown ${unknown.map((column) => `'${column}'`).join(', ')}`] : []),
      ...(repeated.length > 0 ? [`repeated ${repeated.join(', ')}`] : []),
    ];
    return {
      candidates,
      skipped: [],
      errors: [
        {
          line: header.line,
          message: `the header must name the columns ${COLUMNS.join(',')} (ttl and disabled optional): ${problems.join('; ')}`,
        },
      ],
    };
  }
  for (const row of rows) {
    if (row.fields.length !== columns.length) {
      errors.push({
        line: row.line,
        message: `expected ${columns.length} fields, found ${row.fields.length}`,
      });
      continue;
    }
    const value = (column: Column): string | undefined => {
      const position = columns.indexOf(column);
      return position < 0 ? undefined : row.fields[position];
    };
    const name = value('name')!.trim();
    const type = value('type')!.trim();
    const ttlText = value('ttl')?.trim() ?? '';
    const disabledText = value('disabled')?.trim().toLowerCase() ?? '';
    if (ttlText !== '' && !/^[0-9]+$/.test(ttlText)) {
      errors.push({
        line: row.line,
        name,
        type,
        message: `TTL must be a whole number of seconds, not '${ttlText}'`,
      });
      continue;
    }
    if (disabledText !== '' && !['true', 'false', '1', '0', 'yes', 'no'].includes(disabledText)) {
      errors.push({
        line: row.line,
        name,
        type,
        message: `disabled must be true or false, not '${disabledText}'`,
      });
      continue;
    }
    candidates.push({
      line: row.line,
      name,
      type,
      content: value('content')!,
      ...(ttlText !== '' ? { ttl: Number(ttlText) } : {}),
      ...(disabledText !== '' ? { disabled: ['true', '1', 'yes'].includes(disabledText) } : {}),
    });
  }
  return { candidates, skipped: [], errors };
}
