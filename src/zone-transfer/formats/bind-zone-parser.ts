import { isRecordType } from 'src/records/content/record-types';
import { toZoneFqdn } from 'src/records/content/zone-fqdn';
import {
  ImportCandidate,
  ImportProblem,
  ImportSkip,
  ParsedImport,
} from 'src/zone-transfer/formats/import-candidate';
import { ZoneEntry, ZoneToken, lexZoneFile } from 'src/zone-transfer/formats/zone-file-lexer';
import { isTtlWord, parseTtlWord } from 'src/zone-transfer/formats/zone-ttl';

const CLASSES = new Set(['IN', 'CH', 'CHAOS', 'HS', 'HESIOD', 'CS', 'NONE', 'ANY']);
/** Signatures and keys come from ScaiDNS's own DNSSEC signing; an imported signed zone carries stale ones. */
const DNSSEC_TYPES = new Set([
  'RRSIG',
  'NSEC',
  'NSEC3',
  'NSEC3PARAM',
  'DNSKEY',
  'CDS',
  'CDNSKEY',
  'KEY',
  'SIG',
  'NXT',
]);
/** Positions of the rdata words that are domain names, relative to $ORIGIN when they have no trailing dot. */
const NAME_FIELDS: Record<string, number[]> = {
  MX: [1],
  CNAME: [0],
  NS: [0],
  PTR: [0],
  DNAME: [0],
  ALIAS: [0],
  SRV: [3],
  NAPTR: [5],
};
/** Types whose last field is hex that zone files may split into several words (RFC 4034 §5.3, RFC 6698 §2.2). */
const HEX_TAIL_FROM: Record<string, number> = { DS: 3, TLSA: 3, SSHFP: 2 };

interface ParserState {
  zone: string;
  origin: string;
  /** From `$TTL`: the TTL of records that state none. */
  defaultTtl?: number;
  /** Without `$TTL`, RFC 1035 §5.1: the last TTL a record stated. */
  lastTtl?: number;
  lastOwner?: string;
}

type Structure =
  | { ok: true; owner: string; ownerText: string; ttl?: number; type: string; rdata: ZoneToken[] }
  | { ok: false; error: string };

/**
 * Reads a BIND zone file for the zone `zone` (absolute, with trailing dot). The file's starting $ORIGIN is the zone.
 *
 * Supported: `$ORIGIN` (absolute or relative to the current origin), `$TTL` (with unit suffixes), `@`, relative and
 * absolute owner names, a blank owner (the previous record's), TTL and class in either order, parentheses, comments,
 * quoted strings with escapes, several strings per TXT. `$INCLUDE` and `$GENERATE` are refused.
 * Every name — owners and the host names inside MX, SRV, CNAME, NS, PTR, DNAME, ALIAS and NAPTR content — comes out
 * absolute with its trailing dot, because the API reads a host without a dot as fully qualified.
 *
 * Skipped (and reported): SOA and apex NS (ScaiDNS manages them), DNSSEC records (ScaiDNS signs zones itself).
 * Errors (with their line): records outside the zone, classes other than IN, types ScaiDNS does not manage.
 * `; disabled: <record>` comments come back as disabled records and `; alias: <record>` as ALIAS records: ScaiDNS
 * exports them so, to keep its zone files loadable by BIND.
 */
export function parseBindZone(text: string, zone: string): ParsedImport {
  const zoneFqdn = toZoneFqdn(zone);
  const candidates: ImportCandidate[] = [];
  const skipped: ImportSkip[] = [];
  const errors: ImportProblem[] = [];
  const lexed = lexZoneFile(text.replace(/^\uFEFF/, ''), { markers: true });
  if (!lexed.ok) {
    return { candidates, skipped, errors: [{ line: lexed.line, message: lexed.error }] };
  }
  const state: ParserState = { zone: zoneFqdn, origin: zoneFqdn };
  for (const entry of lexed.entries) {
    if (entry.marker) {
      readMarker(entry, state, { candidates, skipped, errors });
    } else if (!entry.indented && !entry.tokens[0].quoted && entry.tokens[0].text.startsWith('$')) {
      const problem = readDirective(entry, state);
      if (problem) {
        errors.push({ line: entry.line, message: problem });
      }
    } else {
      const structure = readStructure(entry, state);
      if (!structure.ok) {
        errors.push({ line: entry.line, message: structure.error });
        continue;
      }
      state.lastOwner = structure.owner;
      if (structure.ttl !== undefined && state.defaultTtl === undefined) {
        state.lastTtl = structure.ttl;
      }
      readRecord(entry, structure, state, false, { candidates, skipped, errors });
    }
  }
  return { candidates, skipped, errors };
}

function readDirective(entry: ZoneEntry, state: ParserState): string | null {
  const [directive, ...args] = entry.tokens;
  const name = directive.text.toUpperCase();
  switch (name) {
    case '$ORIGIN': {
      if (args.length !== 1 || args[0].quoted) {
        return '$ORIGIN needs exactly one domain name';
      }
      state.origin = absoluteName(args[0].text, state.origin);
      return null;
    }
    case '$TTL': {
      const ttl = args.length === 1 && !args[0].quoted ? parseTtlWord(args[0].text) : null;
      if (ttl === null) {
        return `$TTL needs one TTL in seconds (or with units, e.g. 1h), not '${args.map((arg) => arg.text).join(' ')}'`;
      }
      state.defaultTtl = ttl;
      return null;
    }
    case '$INCLUDE':
      return '$INCLUDE is not supported: paste the content of the included file in its place';
    case '$GENERATE':
      return '$GENERATE is not supported: write the generated records out';
    default:
      return `unknown directive ${directive.text}`;
  }
}

/** Owner, TTL, class and type of a record line; the rest is its data. */
function readStructure(entry: ZoneEntry, state: ParserState): Structure {
  const tokens = entry.tokens;
  let index = 0;
  let owner: string;
  let ownerText: string;
  if (entry.indented) {
    if (state.lastOwner === undefined) {
      return {
        ok: false,
        error:
          'the line starts with a space, so it has no owner name, and there is no previous record to take it from',
      };
    }
    owner = state.lastOwner;
    ownerText = owner;
  } else {
    if (tokens[0].quoted) {
      return { ok: false, error: `the owner name cannot be a quoted string: ${tokens[0].text}` };
    }
    ownerText = tokens[0].text;
    owner = absoluteName(ownerText, state.origin);
    index = 1;
  }
  let ttl: number | undefined;
  let recordClass: string | undefined;
  for (let step = 0; step < 2 && index < tokens.length && !tokens[index].quoted; step++) {
    const word = tokens[index].text;
    if (ttl === undefined && isTtlWord(word)) {
      const seconds = parseTtlWord(word);
      if (seconds === null) {
        return { ok: false, error: `TTL '${word}' is larger than 2147483647 seconds` };
      }
      ttl = seconds;
    } else if (
      recordClass === undefined &&
      (CLASSES.has(word.toUpperCase()) || /^CLASS[0-9]+$/i.test(word))
    ) {
      recordClass = word.toUpperCase();
    } else {
      break;
    }
    index += 1;
  }
  if (recordClass !== undefined && recordClass !== 'IN') {
    return { ok: false, error: `class ${recordClass} is not supported; only IN records can be imported` };
  }
  const typeToken = tokens[index];
  if (typeToken === undefined) {
    return { ok: false, error: `the record for ${ownerText} has no type` };
  }
  if (typeToken.quoted || !/^[A-Za-z][A-Za-z0-9-]*$/.test(typeToken.text)) {
    return {
      ok: false,
      error: `expected a record type after '${tokens
        .slice(0, index)
        .map((token) => token.text)
        .join(' ')}', found '${typeToken.text}'`,
    };
  }
  return {
    ok: true,
    owner,
    ownerText,
    ttl,
    type: typeToken.text.toUpperCase(),
    rdata: tokens.slice(index + 1),
  };
}

function readMarker(entry: ZoneEntry, state: ParserState, out: ParsedImport): void {
  const label = entry.marker === 'disabled' ? '; disabled:' : '; alias:';
  const structure = entry.tokens.length > 0 ? readStructure({ ...entry, indented: false }, state) : null;
  // A marker is a record only when it reads as one; otherwise it is an ordinary comment that happens to match.
  const isRecord =
    structure?.ok === true &&
    (entry.marker === 'alias' ? structure.type === 'ALIAS' : isRecordType(structure.type));
  if (!structure?.ok || !isRecord) {
    out.skipped.push({
      line: entry.line,
      reason: `comment starting with '${label}' is not a${entry.marker === 'alias' ? 'n ALIAS' : ''} record; ignored`,
    });
    return;
  }
  readRecord(entry, structure, state, entry.marker === 'disabled', out);
}

function readRecord(
  entry: ZoneEntry,
  structure: Extract<Structure, { ok: true }>,
  state: ParserState,
  disabled: boolean,
  out: ParsedImport,
): void {
  const { owner, type, rdata } = structure;
  const line = entry.line;
  const folded = toZoneFqdn(owner);
  if (folded !== state.zone && !folded.endsWith(`.${state.zone}`)) {
    out.errors.push({ line, name: owner, type, message: `${owner} is outside the zone ${state.zone}` });
    return;
  }
  const apex = folded === state.zone;
  if (type === 'SOA') {
    if (
      apex &&
      !disabled &&
      structure.ttl === undefined &&
      state.defaultTtl === undefined &&
      state.lastTtl === undefined
    ) {
      // As BIND does without $TTL: the SOA minimum is the TTL of the records that state none.
      state.lastTtl = parseTtlWord(rdata[6]?.text ?? '') ?? undefined;
    }
    if (apex) {
      out.skipped.push({ line, name: owner, type, reason: 'SOA is managed by ScaiDNS' });
    } else {
      out.errors.push({
        line,
        name: owner,
        type,
        message: `an SOA record can only be at the zone apex, not at ${owner}`,
      });
    }
    return;
  }
  if (type === 'NS' && apex) {
    out.skipped.push({
      line,
      name: owner,
      type,
      content: contentOf(type, rdata, state.origin),
      reason: "the zone's NS records are managed by ScaiDNS",
    });
    return;
  }
  if (DNSSEC_TYPES.has(type)) {
    out.skipped.push({
      line,
      name: owner,
      type,
      reason: 'DNSSEC records are generated by ScaiDNS when DNSSEC is enabled',
    });
    return;
  }
  if (!isRecordType(type)) {
    out.errors.push({ line, name: owner, type, message: `record type ${type} is not supported by ScaiDNS` });
    return;
  }
  if (rdata.length === 0) {
    out.errors.push({ line, name: owner, type, message: `the ${type} record at ${owner} has no data` });
    return;
  }
  const ttl = structure.ttl ?? state.defaultTtl ?? state.lastTtl;
  out.candidates.push({
    line,
    name: owner,
    type,
    content: contentOf(type, rdata, state.origin),
    ...(ttl !== undefined ? { ttl } : {}),
    ...(disabled ? { disabled } : {}),
  });
}

/** The record data as the API takes it: names made absolute, TXT words quoted, split hex joined. */
function contentOf(type: string, rdata: ZoneToken[], origin: string): string {
  if (type === 'TXT') {
    // Each word is one <character-string>; a bare word (escapes included) reads the same inside quotes.
    return rdata.map((token) => (token.quoted ? token.text : `"${token.text}"`)).join(' ');
  }
  const words = rdata.map((token) => token.text);
  for (const position of NAME_FIELDS[type] ?? []) {
    const token = rdata[position];
    if (token && !token.quoted) {
      words[position] = absoluteName(token.text, origin);
    }
  }
  const hexFrom = HEX_TAIL_FROM[type];
  if (
    hexFrom !== undefined &&
    words.length > hexFrom + 1 &&
    rdata.slice(hexFrom).every((token) => !token.quoted)
  ) {
    return [...words.slice(0, hexFrom), words.slice(hexFrom).join('')].join(' ');
  }
  return words.join(' ');
}

/** `@` is the origin, a name ending in an unescaped dot is absolute, anything else is relative to the origin. */
export function absoluteName(name: string, origin: string): string {
  if (name === '@') {
    return origin;
  }
  if (name === '.' || /(^|[^\\])(\\\\)*\.$/.test(name)) {
    return name;
  }
  return origin === '.' ? `${name}.` : `${name}.${origin}`;
}
