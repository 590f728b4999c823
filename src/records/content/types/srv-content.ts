import { ContentResult } from 'src/records/content/content-canonicaliser';
import { parseHost } from 'src/records/content/content-host';
import { UINT16_MAX, parseUnsigned } from 'src/records/content/content-number';
import { bareWords, tokenizeContent } from 'src/records/content/content-tokens';
import { invalid } from 'src/records/content/validation-result';

/** `<priority> <weight> <port> <target>`; target `.` means "the service is not available here" (RFC 2782). */
export function canonicaliseSrv(content: string, zoneFqdn: string): ContentResult {
  const tokens = tokenizeContent(content);
  const words = tokens.ok ? bareWords(tokens.tokens) : null;
  if (words === null || words.length !== 4) {
    return invalid(
      `SRV content must be '<priority> <weight> <port> <target>', e.g. '10 60 5060 sip.example.com.', not '${content}'`,
    );
  }
  const numbers: number[] = [];
  for (const [index, field] of ['SRV priority', 'SRV weight', 'SRV port'].entries()) {
    const parsed = parseUnsigned(words[index], field, { max: UINT16_MAX });
    if (!parsed.ok) {
      return parsed;
    }
    numbers.push(parsed.value);
  }
  const target = parseHost(words[3], zoneFqdn, 'SRV target', { allowRoot: true, hostnameSyntax: true });
  return target.ok ? { ok: true, content: `${numbers.join(' ')} ${target.host}` } : target;
}
