import { ContentResult } from 'src/records/content/content-canonicaliser';
import { parseHost } from 'src/records/content/content-host';
import { UINT16_MAX, parseUnsigned } from 'src/records/content/content-number';
import { bareWords, tokenizeContent } from 'src/records/content/content-tokens';
import { invalid } from 'src/records/content/validation-result';

/** `<preference> <host>`; the host may be `.` only as RFC 7505's null MX, `0 .` ("this name accepts no mail"). */
export function canonicaliseMx(content: string, zoneFqdn: string): ContentResult {
  const tokens = tokenizeContent(content);
  const words = tokens.ok ? bareWords(tokens.tokens) : null;
  if (words === null || words.length !== 2) {
    return invalid(`MX content must be '<preference> <host>', e.g. '10 mail.example.com.', not '${content}'`);
  }
  const preference = parseUnsigned(words[0], 'MX preference', { max: UINT16_MAX });
  if (!preference.ok) {
    return preference;
  }
  const host = parseHost(words[1], zoneFqdn, 'MX host', { allowRoot: true, hostnameSyntax: true });
  if (!host.ok) {
    return host;
  }
  if (host.host === '.' && preference.value !== 0) {
    return invalid(`A null MX ('.') must have preference 0 (RFC 7505): '0 .'`);
  }
  return { ok: true, content: `${preference.value} ${host.host}` };
}
