import { toPowerDnsContent } from 'src/records/content/powerdns-write-content';

describe('toPowerDnsContent', () => {
  it.each([
    ['AAAA', '::ffff:192.0.2.1', '::ffff:c000:201'],
    ['AAAA', '::192.0.2.1', '::c000:201'],
    ['AAAA', '2001:db8::1', '2001:db8::1'],
    ['A', '192.0.2.1', '192.0.2.1'],
    ['TXT', '"::ffff:192.0.2.1"', '"::ffff:192.0.2.1"'],
    ['MX', '10 mail.example.com.', '10 mail.example.com.'],
  ])('should send %s %j as %j', (type, canonical, sent) => {
    expect(toPowerDnsContent(type, canonical)).toBe(sent);
  });
});
