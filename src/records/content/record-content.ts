import { ContentCanonicaliser, ContentResult } from 'src/records/content/content-canonicaliser';
import { RECORD_TYPES, RecordType, isRecordType } from 'src/records/content/record-types';
import { invalid } from 'src/records/content/validation-result';
import { toZoneFqdn } from 'src/records/content/zone-fqdn';
import { canonicaliseA, canonicaliseAaaa } from 'src/records/content/types/address-content';
import { canonicaliseCaa } from 'src/records/content/types/caa-content';
import { canonicaliseDs } from 'src/records/content/types/ds-content';
import { hostContent } from 'src/records/content/types/host-content';
import { canonicaliseMx } from 'src/records/content/types/mx-content';
import { canonicaliseNaptr } from 'src/records/content/types/naptr-content';
import { canonicaliseSoa } from 'src/records/content/types/soa-content';
import { canonicaliseSrv } from 'src/records/content/types/srv-content';
import { canonicaliseSshfp } from 'src/records/content/types/sshfp-content';
import { canonicaliseTlsa } from 'src/records/content/types/tlsa-content';
import { canonicaliseTxt } from 'src/records/content/types/txt-content';

const CANONICALISERS: Record<RecordType, ContentCanonicaliser> = {
  A: canonicaliseA,
  AAAA: canonicaliseAaaa,
  MX: canonicaliseMx,
  CNAME: hostContent('CNAME'),
  TXT: canonicaliseTxt,
  NS: hostContent('NS'),
  SRV: canonicaliseSrv,
  PTR: hostContent('PTR'),
  SOA: canonicaliseSoa,
  CAA: canonicaliseCaa,
  SSHFP: canonicaliseSshfp,
  TLSA: canonicaliseTlsa,
  DNAME: hostContent('DNAME'),
  NAPTR: canonicaliseNaptr,
  DS: canonicaliseDs,
  ALIAS: hostContent('ALIAS'),
};

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators. Inside TXT data they can still be written as
// \DDD escapes; raw, they are nearly always a copy-and-paste accident (a trailing newline, a tab).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;

/** Far above any real record; stops pathological input before the per-type parsers walk it. */
const MAX_CONTENT_CHARS = 100_000;

/**
 * Validates record content and returns it in canonical PowerDNS presentation format: the form PowerDNS itself
 * stores, so ScaiDNS's copy, PowerDNS's copy and duplicate checks all compare equal. Never throws.
 *
 * Surrounding whitespace is trimmed and runs of spaces between fields collapse to one. Host names in content:
 * `@` is the zone apex, and a host without a trailing dot is fully qualified (see content-host.ts).
 * AAAA content with an embedded IPv4 address must be sent to PowerDNS through `toPowerDnsContent`.
 */
export function canonicaliseContent(type: string, content: string, zone: string): ContentResult {
  if (!isRecordType(type)) {
    return invalid(`Unsupported record type '${String(type)}'; supported: ${RECORD_TYPES.join(', ')}`);
  }
  if (typeof content !== 'string') {
    return invalid(`${type} content must be a string`);
  }
  if (CONTROL_CHARACTERS.test(content)) {
    return invalid(
      `${type} content contains control characters (tab, line break...)` +
        (type === 'TXT' ? '; write them as \\DDD escapes inside quotes' : ''),
    );
  }
  const text = content.trim();
  if (text === '') {
    return invalid(`${type} content is required`);
  }
  if (text.length > MAX_CONTENT_CHARS) {
    return invalid(`${type} content is longer than ${MAX_CONTENT_CHARS} characters`);
  }
  return CANONICALISERS[type](text, toZoneFqdn(zone));
}
