import { canonicaliseContent } from 'src/records/content/record-content';
import { normaliseRecordName } from 'src/records/content/record-name';
import { checkPlacement, validateTtl } from 'src/records/content/record-rules';
import { isRecordType } from 'src/records/content/record-types';

/** A record as ScaiDNS stores it, after every server-side check that needs no other record. */
export interface PreparedRecord {
  fqdn: string;
  relative: string;
  type: string;
  content: string;
  ttl: number;
  disabled: boolean;
}

export type PrepareResult = ({ ok: true } & PreparedRecord) | { ok: false; error: string };

/** Name, type, content, TTL and placement rules; content comes back canonical. Never throws. */
export function prepareRecord(
  zoneFqdn: string,
  input: { name: string; type: string; content: string; ttl?: number; disabled?: boolean },
  defaultTtl: number,
): PrepareResult {
  const type = input.type.trim().toUpperCase();
  if (!isRecordType(type)) {
    return { ok: false, error: `Unsupported record type '${input.type}'` };
  }
  const name = normaliseRecordName(input.name, zoneFqdn);
  if (!name.ok) {
    return name;
  }
  const placement = checkPlacement(type, name.fqdn, zoneFqdn);
  if (!placement.ok) {
    return placement;
  }
  const content = canonicaliseContent(type, input.content, zoneFqdn);
  if (!content.ok) {
    return content;
  }
  const ttl = validateTtl(input.ttl ?? defaultTtl);
  if (!ttl.ok) {
    return ttl;
  }
  return {
    ok: true,
    fqdn: name.fqdn,
    relative: name.relative,
    type,
    content: content.content,
    ttl: ttl.ttl,
    disabled: input.disabled ?? false,
  };
}
