import { ContentResult } from 'src/records/content/content-canonicaliser';
import { parseHost } from 'src/records/content/content-host';
import { UINT32_MAX, parseUnsigned } from 'src/records/content/content-number';
import { bareWords, tokenizeContent } from 'src/records/content/content-tokens';
import { invalid } from 'src/records/content/validation-result';

const NUMBER_FIELDS = ['SOA serial', 'SOA refresh', 'SOA retry', 'SOA expire', 'SOA minimum'];

/**
 * `<mname> <rname> <serial> <refresh> <retry> <expire> <minimum>`. Users never write SOA records (record-rules.ts);
 * this is for the system's own SOA and for reading imported zone files. The rname is the mailbox in name form
 * (`hostmaster.example.com.`); local parts with escaped dots are not supported.
 */
export function canonicaliseSoa(content: string, zoneFqdn: string): ContentResult {
  const tokens = tokenizeContent(content);
  const words = tokens.ok ? bareWords(tokens.tokens) : null;
  if (words === null || words.length !== 7) {
    return invalid(
      `SOA content must be '<mname> <rname> <serial> <refresh> <retry> <expire> <minimum>', not '${content}'`,
    );
  }
  const mname = parseHost(words[0], zoneFqdn, 'SOA primary name server');
  if (!mname.ok) {
    return mname;
  }
  const rname = parseHost(words[1], zoneFqdn, 'SOA responsible mailbox');
  if (!rname.ok) {
    return rname;
  }
  const numbers: number[] = [];
  for (const [index, field] of NUMBER_FIELDS.entries()) {
    const parsed = parseUnsigned(words[index + 2], field, { max: UINT32_MAX });
    if (!parsed.ok) {
      return parsed;
    }
    numbers.push(parsed.value);
  }
  return { ok: true, content: `${mname.host} ${rname.host} ${numbers.join(' ')}` };
}
