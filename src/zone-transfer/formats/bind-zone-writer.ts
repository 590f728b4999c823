import { displayName } from 'src/records/content/record-name';
import { RECORD_TYPES } from 'src/records/content/record-types';
import { toZoneFqdn } from 'src/records/content/zone-fqdn';

export interface ExportRecord {
  name: string;
  type: string;
  content: string;
  ttl: number;
  disabled: boolean;
}

export interface ZoneFileInput {
  zone: string;
  defaultTtl: number;
  /** SOA and apex NS, as ScaiDNS serves them. */
  system: { type: string; content: string; ttl: number }[];
  records: ExportRecord[];
  /** First lines of the file, written as comments. */
  header?: string[];
}

/** Owner names longer than this do not widen the column for everyone. */
const MAX_OWNER_COLUMN = 32;
/** TXT content longer than this is written one string per line, in parentheses. */
const WRAP_TXT_ABOVE = 120;

/**
 * A BIND zone file (`named-checkzone` loads it) from ScaiDNS's own data:
 * `$ORIGIN`, `$TTL` (the zone default), SOA and apex NS, then the records sorted by name (parents before children,
 * `@` first) and type. Owner names are relative to the zone, every line states its owner, TTL and class (so any
 * line can be moved or deleted alone), and content is the canonical content, whose host names are absolute.
 * Lines BIND would refuse are commented with markers the importer reads back:
 * - disabled records (`; disabled: www 300 IN A 192.0.2.1`): they exist in ScaiDNS but are not served;
 * - ALIAS records (`; alias: @ 300 IN ALIAS lb.example.net.`): a PowerDNS extension, not a DNS type.
 */
export function writeBindZone(input: ZoneFileInput): string {
  const zone = toZoneFqdn(input.zone);
  const records = [...input.records].sort(compareRecords(zone));
  const owners = records.map((record) => displayName(record.name, zone));
  const ownerWidth = Math.min(MAX_OWNER_COLUMN, Math.max(1, ...owners.map((owner) => owner.length)));
  const ttlWidth = Math.max(...[...input.system, ...records].map((record) => String(record.ttl).length), 1);
  const typeWidth = Math.max(5, ...records.map((record) => record.type.length));
  const line = (owner: string, record: { type: string; content: string; ttl: number }): string =>
    `${owner.padEnd(ownerWidth)} ${String(record.ttl).padStart(ttlWidth)} IN ${record.type.padEnd(typeWidth)} ${record.content}`;

  const out: string[] = [...(input.header ?? []).map((text) => `; ${text}`.trimEnd())];
  out.push(
    `$ORIGIN ${zone}`,
    `$TTL ${input.defaultTtl}`,
    '',
    '; SOA and NS are managed by ScaiDNS (skipped on import)',
  );
  for (const record of [...input.system].sort((a, b) =>
    a.type === b.type ? 0 : a.type === 'SOA' ? -1 : 1,
  )) {
    out.push(line('@', record));
  }
  out.push('');
  records.forEach((record, index) => {
    const owner = owners[index];
    if (record.disabled) {
      out.push(`; disabled: ${line(owner, record)}`);
    } else if (record.type === 'ALIAS') {
      out.push(`; alias: ${line(owner, record)}`);
    } else if (
      record.type === 'TXT' &&
      record.content.length > WRAP_TXT_ABOVE &&
      record.content.includes('" "')
    ) {
      out.push(...wrapTxt(line(owner, { ...record, content: '(' }), record.content));
    } else {
      out.push(line(owner, record));
    }
  });
  return `${out.join('\n')}\n`;
}

/** A long multi-string TXT (DKIM keys) as `( "..."\n "..." )`, one string per line. */
function wrapTxt(head: string, content: string): string[] {
  const strings = content.match(/"(?:[^"\\]|\\.)*"/g) ?? [content];
  const indent = ' '.repeat(head.length - 1);
  return [`${head} ${strings[0]}`, ...strings.slice(1).map((text) => `${indent}  ${text}`), `${indent})`];
}

/** Apex first, then by name from the zone down (`dev` before `a.dev`, and `a.dev` before `b`), then by type. */
function compareRecords(zone: string): (a: ExportRecord, b: ExportRecord) => number {
  const key = (name: string): string[] => {
    const relative = displayName(name, zone);
    return relative === '@' ? [] : relative.split('.').reverse();
  };
  const typeRank = (type: string): number => {
    const rank = (RECORD_TYPES as readonly string[]).indexOf(type);
    return rank < 0 ? RECORD_TYPES.length : rank;
  };
  return (a, b) => {
    const left = key(a.name);
    const right = key(b.name);
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      if (left[i] !== right[i]) {
        return left[i] < right[i] ? -1 : 1;
      }
    }
    return (
      left.length - right.length ||
      typeRank(a.type) - typeRank(b.type) ||
      (a.content < b.content ? -1 : a.content > b.content ? 1 : 0)
    );
  };
}
