import {
  ImportCandidate,
  ImportProblem,
  ImportSkip,
  ParsedImport,
} from 'src/zone-transfer/formats/import-candidate';

/** Fields of the records API's own listing that an import ignores, so that a listing can be imported as it is. */
const LISTING_FIELDS = new Set(['id', 'display_name', 'domain_id', 'system', 'created_at', 'updated_at']);
const RECORD_FIELDS = new Set(['name', 'type', 'content', 'ttl', 'disabled']);

/**
 * A JSON import: `{"records": [...]}`, a bare array, or the records listing (`{"data": [...]}`). Each record is
 * `{name, type, content, ttl?, disabled?}` as the records API takes it; the listing's own fields (id, display_name...)
 * are ignored, and records the listing marks `system` (SOA, apex NS) are skipped. Errors name the record's index.
 */
export function parseJsonImport(text: string): ParsedImport {
  const candidates: ImportCandidate[] = [];
  const skipped: ImportSkip[] = [];
  const errors: ImportProblem[] = [];
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      candidates,
      skipped,
      errors: [{ message: `the content is not valid JSON: ${(error as Error).message}` }],
    };
  }
  const list = Array.isArray(document)
    ? document
    : isObject(document)
      ? (document.records ?? document.data)
      : undefined;
  if (!Array.isArray(list)) {
    return {
      candidates,
      skipped,
      errors: [{ message: 'expected {"records": [...]} or an array of records' }],
    };
  }
  list.forEach((item: unknown, index) => {
    if (!isObject(item)) {
      errors.push({ index, message: 'a record must be an object {name, type, content, ttl?, disabled?}' });
      return;
    }
    const { name, type, content, ttl, disabled } = item;
    const extra = Object.keys(item).filter((key) => !RECORD_FIELDS.has(key) && !LISTING_FIELDS.has(key));
    const problems = [
      ...(typeof name !== 'string' ? ['name must be a string'] : []),
      ...(typeof type !== 'string' ? ['type must be a string'] : []),
      ...(typeof content !== 'string' ? ['content must be a string'] : []),
      ...(ttl !== undefined && ttl !== null && typeof ttl !== 'number' ? ['ttl must be a number'] : []),
      ...(disabled !== undefined && disabled !== null && typeof disabled !== 'boolean'
        ? ['disabled must be true or false']
        : []),
      ...(extra.length > 0 ? [`unknown field(s) ${extra.join(', ')}`] : []),
    ];
    const label = {
      name: typeof name === 'string' ? name : undefined,
      type: typeof type === 'string' ? type : undefined,
    };
    if (problems.length > 0) {
      errors.push({ index, ...label, message: problems.join('; ') });
      return;
    }
    if (item.system === true) {
      skipped.push({
        index,
        ...label,
        content: content as string,
        reason: 'system record (SOA and apex NS are managed by ScaiDNS)',
      });
      return;
    }
    candidates.push({
      index,
      name: name as string,
      type: type as string,
      content: content as string,
      ...(typeof ttl === 'number' ? { ttl } : {}),
      ...(typeof disabled === 'boolean' ? { disabled } : {}),
    });
  });
  return { candidates, skipped, errors };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
