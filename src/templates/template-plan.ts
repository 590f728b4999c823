import { ExistingRecord, checkRrsetConsistency } from 'src/records/content/record-rules';
import { PreparedRecord, prepareRecord } from 'src/records/record-input';
import { InvalidRenderedRecordError } from 'src/templates/templates.errors';
import { RenderedRecord } from 'src/templates/template-variables';

export const SKIP_REASONS = [
  'already_exists',
  'conflict',
  'duplicate_in_template',
  'variable_not_set',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface SkippedRecord {
  index: number;
  /** Relative name (`@`, `www`) once rendered; the template's own text when a variable was left unset. */
  name: string;
  type: string;
  content: string;
  ttl: number | null;
  reason: SkipReason;
  message: string;
  /** Ids of the records in the way (for `already_exists` and `conflict`). */
  conflicts: string[];
}

export interface PlannedRecord {
  index: number;
  record: PreparedRecord;
}

export interface PreparedTemplate {
  ready: PlannedRecord[];
  skipped: SkippedRecord[];
}

/** Validates and canonicalises every rendered record; the first invalid one refuses the whole application. */
export function prepareRendered(
  zoneFqdn: string,
  defaultTtl: number,
  rendered: readonly RenderedRecord[],
): PreparedTemplate {
  const ready: PlannedRecord[] = [];
  const skipped: SkippedRecord[] = [];
  for (const item of rendered) {
    if (item.kind === 'unset') {
      skipped.push({
        index: item.index,
        name: item.source.name,
        type: item.source.type,
        content: item.source.content,
        ttl: item.source.ttl,
        reason: 'variable_not_set',
        message: `Optional variable ${item.unset.map((name) => `\${${name}}`).join(', ')} has no value`,
        conflicts: [],
      });
      continue;
    }
    const prepared = prepareRecord(
      zoneFqdn,
      { name: item.name, type: item.type, content: item.content, ttl: item.ttl ?? undefined },
      defaultTtl,
    );
    if (!prepared.ok) {
      throw new InvalidRenderedRecordError(item, prepared.error);
    }
    ready.push({ index: item.index, record: prepared });
  }
  return { ready, skipped };
}

/**
 * Splits the prepared records into those to create and those to skip, against the zone's current records: an
 * identical record already there is `already_exists`; a CNAME clash or a second CNAME/DNAME is `conflict`; a record
 * the template itself repeats is `duplicate_in_template`. Nothing is refused: applying a template twice is a no-op.
 */
export function resolveAgainst(
  existing: readonly ExistingRecord[],
  prepared: PreparedTemplate,
): { create: PlannedRecord[]; skipped: SkippedRecord[] } {
  const seen: ExistingRecord[] = [...existing];
  const create: PlannedRecord[] = [];
  const skipped = [...prepared.skipped];
  for (const planned of prepared.ready) {
    const { record } = planned;
    const conflict = checkRrsetConsistency(seen, {
      type: record.type,
      fqdn: record.fqdn,
      content: record.content,
    });
    if (conflict) {
      const fromZone = conflict.conflicts.filter((id) => !id.startsWith('template:'));
      const reason: SkipReason =
        fromZone.length === 0
          ? 'duplicate_in_template'
          : conflict.kind === 'duplicate'
            ? 'already_exists'
            : 'conflict';
      skipped.push({
        index: planned.index,
        name: record.relative,
        type: record.type,
        content: record.content,
        ttl: record.ttl,
        reason,
        message: conflict.message,
        conflicts: fromZone,
      });
      continue;
    }
    seen.push({
      id: `template:${planned.index}`,
      type: record.type,
      fqdn: record.fqdn,
      content: record.content,
    });
    create.push(planned);
  }
  skipped.sort((a, b) => a.index - b.index);
  return { create, skipped };
}
