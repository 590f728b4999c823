import { ContentCanonicaliser, ContentResult } from 'src/records/content/content-canonicaliser';
import { bareWords, tokenizeContent } from 'src/records/content/content-tokens';
import { parseHost } from 'src/records/content/content-host';
import { invalid } from 'src/records/content/validation-result';

/** CNAME, NS, PTR, DNAME and ALIAS: the content is one host name (see parseHost for `@` and the trailing dot). */
export function hostContent(type: 'CNAME' | 'NS' | 'PTR' | 'DNAME' | 'ALIAS'): ContentCanonicaliser {
  return (content: string, zoneFqdn: string): ContentResult => {
    const tokens = tokenizeContent(content);
    const words = tokens.ok ? bareWords(tokens.tokens) : null;
    if (words === null || words.length !== 1) {
      return invalid(
        `${type} content must be a single host name such as host.example.com., not '${content}'`,
      );
    }
    const host = parseHost(words[0], zoneFqdn, `${type} target`, { hostnameSyntax: type === 'NS' });
    return host.ok ? { ok: true, content: host.host } : host;
  };
}
