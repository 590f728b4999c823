import { canonicaliseContent } from 'src/records/content/record-content';
import { normaliseRecordName } from 'src/records/content/record-name';
import { checkPlacement, validateTtl } from 'src/records/content/record-rules';
import { isRecordType } from 'src/records/content/record-types';
import { ValidationResult, invalid } from 'src/records/content/validation-result';

/**
 * The longest canonical content, in bytes, that both stores can hold: PowerDNS's gmysql schema stores content in a
 * latin1 VARCHAR(64000) (one character per byte; longer content makes PowerDNS fail with HTTP 500), and ScaiDNS's
 * own column is a 65,535-byte TEXT. Only TXT content gets near it: a TXT record within the 65,535-octet RDATA limit
 * can still be longer than this once quoted and split into 255-octet strings.
 */
export const MAX_STORED_CONTENT_BYTES = 64_000;

/** Refuses canonical content that one of the stores could not keep (see MAX_STORED_CONTENT_BYTES). */
export function checkStoredContent(type: string, content: string): ValidationResult {
  const bytes = Buffer.byteLength(content, 'utf8');
  return bytes > MAX_STORED_CONTENT_BYTES
    ? invalid(
        `${type} content is too long: ${bytes} bytes once canonicalised, at most ${MAX_STORED_CONTENT_BYTES}`,
      )
    : { ok: true };
}

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
  const stored = checkStoredContent(type, content.content);
  if (!stored.ok) {
    return stored;
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
