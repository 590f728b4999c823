import { ExistingRecord, checkRrsetConsistency } from 'src/records/content/record-rules';
import { toZoneFqdn } from 'src/records/content/zone-fqdn';
import { PreparedRecord, prepareRecord } from 'src/records/record-input';
import {
  ImportProblem,
  ImportSkip,
  ImportSource,
  ParsedImport,
} from 'src/zone-transfer/formats/import-candidate';

export const IMPORT_MODES = ['merge', 'replace', 'skip_existing'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** An imported record after ScaiDNS's validation: canonical content, absolute name, TTL decided. */
export type ImportedRecord = PreparedRecord & ImportSource;

export interface PreparedImport {
  records: ImportedRecord[];
  skipped: ImportSkip[];
  errors: ImportProblem[];
}

/** A stored record, as the plan needs it. */
export interface StoredRecord {
  id: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  disabled: boolean;
}

/** An imported record that cannot coexist with records already in the zone. */
export interface ImportConflict extends ImportSource {
  name: string;
  type: string;
  content: string;
  message: string;
  /** Ids of the stored records in the way. */
  conflicts: string[];
}

export interface ImportPlan<R extends StoredRecord = StoredRecord> {
  create: ImportedRecord[];
  /** Stored records equal to an imported one whose TTL or disabled flag the import changes. */
  update: { record: R; ttl: number; disabled: boolean; source: ImportedRecord }[];
  remove: R[];
  unchanged: R[];
  skipped: ImportSkip[];
  conflicts: ImportConflict[];
}

/**
 * Validates what a parser read, record by record, exactly as the records API does (prepareRecord), and checks the
 * import against itself:
 * - SOA and apex NS are skipped (ScaiDNS manages them), whatever the format;
 * - the same record (name, type, canonical content) twice: the repeat is skipped;
 * - records of the import that cannot coexist (CNAME beside A, two CNAMEs) are errors naming both places.
 */
export function prepareImport(zone: string, defaultTtl: number, parsed: ParsedImport): PreparedImport {
  const zoneFqdn = toZoneFqdn(zone);
  const records: ImportedRecord[] = [];
  const skipped: ImportSkip[] = [...parsed.skipped];
  const errors: ImportProblem[] = [...parsed.errors];
  const seen = new Map<string, ImportedRecord>();
  const atName = new Map<string, ExistingRecord[]>();
  for (const candidate of parsed.candidates) {
    const source: ImportSource =
      candidate.line !== undefined ? { line: candidate.line } : { index: candidate.index };
    const prepared = prepareRecord(zoneFqdn, candidate, defaultTtl);
    if (!prepared.ok) {
      const type = candidate.type.trim().toUpperCase();
      const name = candidate.name.trim();
      const system = type === 'SOA' || (type === 'NS' && isApex(name, zoneFqdn));
      if (system) {
        skipped.push({
          ...source,
          name,
          type,
          content: candidate.content,
          reason:
            type === 'SOA' ? 'SOA is managed by ScaiDNS' : "the zone's NS records are managed by ScaiDNS",
        });
      } else {
        errors.push({ ...source, name: candidate.name, type: candidate.type, message: prepared.error });
      }
      continue;
    }
    const { ok: _ok, ...fields } = prepared;
    const record: ImportedRecord = { ...fields, ...source };
    const identity = identityOf(record);
    const earlier = seen.get(identity);
    if (earlier) {
      skipped.push({
        ...source,
        name: record.relative,
        type: record.type,
        content: record.content,
        reason: `duplicate of ${where(earlier)}`,
      });
      continue;
    }
    const sameName = atName.get(record.fqdn) ?? [];
    const conflict = checkRrsetConsistency(sameName, {
      fqdn: record.fqdn,
      type: record.type,
      content: record.content,
    });
    if (conflict) {
      const others = conflict.conflicts.map((id) => where(records[Number(id)])).join(', ');
      errors.push({
        ...source,
        name: record.relative,
        type: record.type,
        message: `${conflict.message} (${others} of the import)`,
      });
      continue;
    }
    seen.set(identity, record);
    sameName.push({
      id: String(records.length),
      fqdn: record.fqdn,
      type: record.type,
      content: record.content,
    });
    atName.set(record.fqdn, sameName);
    records.push(record);
  }
  return { records, skipped, errors };
}

/**
 * What an import changes, given the zone's records (pure; the caller writes it). A record is "the same" when name,
 * type and canonical content match.
 * - merge: adds what is new; the same records stay (their TTL / disabled flag take the import's values); an added
 *   record that cannot coexist with a stored one (CNAME beside A, a second CNAME) is a conflict.
 * - replace: the zone ends up with exactly the imported records; the same records keep their ids.
 * - skip_existing: adds records only at (name, type) pairs that have none yet; the rest are skipped. Conflicts with
 *   stored records are skipped too (and counted as conflicts); stored records are never changed.
 */
export function planImport<R extends StoredRecord>(
  existing: R[],
  imported: ImportedRecord[],
  mode: ImportMode,
): ImportPlan<R> {
  const plan: ImportPlan<R> = {
    create: [],
    update: [],
    remove: [],
    unchanged: [],
    skipped: [],
    conflicts: [],
  };
  const byIdentity = new Map(
    existing.map((record) => [
      identityOf({ fqdn: record.name, type: record.type, content: record.content }),
      record,
    ]),
  );
  const rrsets = new Set(existing.map((record) => `${record.name}|${record.type}`));
  const matched = new Set<string>();
  const candidates: ImportedRecord[] = [];
  for (const record of imported) {
    const stored = byIdentity.get(identityOf(record));
    if (stored) {
      matched.add(stored.id);
      if (mode !== 'skip_existing' && (stored.ttl !== record.ttl || stored.disabled !== record.disabled)) {
        plan.update.push({ record: stored, ttl: record.ttl, disabled: record.disabled, source: record });
      } else {
        plan.unchanged.push(stored);
      }
    } else if (mode === 'skip_existing' && rrsets.has(`${record.fqdn}|${record.type}`)) {
      plan.skipped.push({
        ...sourceOf(record),
        name: record.relative,
        type: record.type,
        content: record.content,
        reason: `${record.relative} already has ${record.type} records`,
      });
    } else {
      candidates.push(record);
    }
  }
  if (mode === 'replace') {
    // The import is consistent with itself (prepareImport), and it is the whole new content of the zone.
    plan.remove = existing.filter((record) => !matched.has(record.id));
    plan.create = candidates;
    return plan;
  }
  const atName = new Map<string, ExistingRecord[]>();
  for (const record of existing) {
    const list = atName.get(record.name) ?? [];
    list.push({ id: record.id, fqdn: record.name, type: record.type, content: record.content });
    atName.set(record.name, list);
  }
  for (const record of candidates) {
    const sameName = atName.get(record.fqdn) ?? [];
    const conflict = checkRrsetConsistency(sameName, {
      fqdn: record.fqdn,
      type: record.type,
      content: record.content,
    });
    if (conflict) {
      plan.conflicts.push({
        ...sourceOf(record),
        name: record.relative,
        type: record.type,
        content: record.content,
        message: conflict.message,
        conflicts: conflict.conflicts.filter((id) => !id.startsWith('import:')),
      });
      continue;
    }
    sameName.push({
      id: `import:${plan.create.length}`,
      fqdn: record.fqdn,
      type: record.type,
      content: record.content,
    });
    atName.set(record.fqdn, sameName);
    plan.create.push(record);
  }
  return plan;
}

function identityOf(record: { fqdn: string; type: string; content: string }): string {
  return `${record.fqdn}|${record.type}|${record.content}`;
}

function sourceOf(record: ImportedRecord): ImportSource {
  return record.line !== undefined
    ? { line: record.line }
    : record.index !== undefined
      ? { index: record.index }
      : {};
}

/** `line 12` or `record 3`: where a record is in the import. */
function where(record: ImportSource): string {
  return record.line !== undefined
    ? `line ${record.line}`
    : record.index !== undefined
      ? `record ${record.index}`
      : 'another record';
}

function isApex(name: string, zoneFqdn: string): boolean {
  return name === '@' || toZoneFqdn(name) === zoneFqdn;
}
