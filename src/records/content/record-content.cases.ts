import { RecordType } from 'src/records/content/record-types';

/**
 * The content tables shared by the unit specs (record-content.spec.ts) and the PowerDNS e2e suite
 * (test/e2e/record-content.e2e-spec.ts), which writes every valid row into a real PowerDNS and checks that PowerDNS
 * stores exactly `canonical`. Canonical values assume CASES_ZONE wherever the input says `@`.
 * Test data only: nothing in the application imports this file.
 */
export const CASES_ZONE = 'example.com.';

export interface ValidContentCase {
  input: string;
  canonical: string;
}

export interface InvalidContentCase {
  input: string;
  /** A fragment the error message must contain, so that it says what is wrong. */
  error: string;
}

export interface ContentCases {
  valid: ValidContentCase[];
  invalid: InvalidContentCase[];
}

const SHA1 = '0b6e1b4c3b5e2e1a9d0e8a8c4f2a1d9b7c6e5f4a';
const SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const SHA384 =
  '768412320f7b0aa5812fce428dc4706b3cae50e02a64caa16a782249bfe8efc4b7ef1ccb126255d196047dfedf17a0a9';
const SHA512 = `${SHA256}${SHA256}`;
const X255 = 'x'.repeat(255);
const E_ACUTE_200 = 'é'.repeat(200);

export const CONTENT_CASES: Record<RecordType, ContentCases> = {
  A: {
    valid: [
      { input: '192.0.2.1', canonical: '192.0.2.1' },
      { input: '  198.51.100.20  ', canonical: '198.51.100.20' },
      { input: '0.0.0.0', canonical: '0.0.0.0' },
      { input: '255.255.255.255', canonical: '255.255.255.255' },
      { input: '10.0.0.10', canonical: '10.0.0.10' },
      { input: '203.0.113.0', canonical: '203.0.113.0' },
    ],
    invalid: [
      { input: '256.1.1.1', error: 'IPv4 address' },
      { input: '192.0.2.01', error: 'no leading zeros' },
      { input: '192.0.2', error: 'IPv4 address' },
      { input: '192.0.2.1.5', error: 'IPv4 address' },
      { input: '192.0.2.1 extra', error: 'IPv4 address' },
      { input: '2001:db8::1', error: 'IPv4 address' },
      { input: 'nope', error: 'IPv4 address' },
      { input: '192.0.2.1/24', error: 'IPv4 address' },
      { input: '192.0.2.1\n', error: 'control characters' },
      { input: '   ', error: 'content is required' },
    ],
  },
  AAAA: {
    valid: [
      { input: '2001:db8::1', canonical: '2001:db8::1' },
      { input: '2001:DB8::1', canonical: '2001:db8::1' },
      { input: '2001:0db8:0000:0000:0000:0000:0000:0001', canonical: '2001:db8::1' },
      { input: '2001:db8:0:1:0:0:0:1', canonical: '2001:db8:0:1::1' },
      { input: '2001:db8:0:0:1:0:0:1', canonical: '2001:db8::1:0:0:1' },
      { input: '2001:db8:0:1:1:1:1:1', canonical: '2001:db8:0:1:1:1:1:1' },
      { input: '::1', canonical: '::1' },
      { input: 'fe80::', canonical: 'fe80::' },
      { input: '::ffff:192.0.2.1', canonical: '::ffff:192.0.2.1' },
      { input: '::FFFF:c000:0201', canonical: '::ffff:192.0.2.1' },
      { input: '64:ff9b::192.0.2.1', canonical: '64:ff9b::c000:201' },
      { input: '::c000:201', canonical: '::192.0.2.1' },
    ],
    invalid: [
      { input: '2001:db8::1::2', error: 'IPv6 address' },
      { input: '2001:db8:1:2:3:4:5:6:7', error: 'IPv6 address' },
      { input: '1:2:3:4:5:6:7', error: 'IPv6 address' },
      { input: '2001:db8::g', error: 'IPv6 address' },
      { input: '2001:db8::12345', error: 'IPv6 address' },
      { input: '192.0.2.1', error: 'IPv6 address' },
      { input: 'fe80::1%eth0', error: 'IPv6 address' },
      { input: '[2001:db8::1]', error: 'IPv6 address' },
      { input: '2001:db8::/64', error: 'IPv6 address' },
      { input: '::ffff:192.0.2.256', error: 'IPv6 address' },
      { input: '2001:db8::1 2001:db8::2', error: 'IPv6 address' },
    ],
  },
  MX: {
    valid: [
      { input: '10 mail.example.com.', canonical: '10 mail.example.com.' },
      { input: '10 mail.example.com', canonical: '10 mail.example.com.' },
      { input: '10 Mail.Example.COM.', canonical: '10 mail.example.com.' },
      { input: '010 mail.example.com.', canonical: '10 mail.example.com.' },
      { input: '0 @', canonical: '0 example.com.' },
      { input: '0 .', canonical: '0 .' },
      { input: '65535 mx.example.net.', canonical: '65535 mx.example.net.' },
      { input: '  5   mx1.example.net  ', canonical: '5 mx1.example.net.' },
      { input: '20 mx.bücher.example', canonical: '20 mx.xn--bcher-kva.example.' },
    ],
    invalid: [
      { input: 'mail.example.com.', error: "'<preference> <host>'" },
      { input: '65536 mail.example.com.', error: 'from 0 to 65535' },
      { input: '-1 mail.example.com.', error: 'from 0 to 65535' },
      { input: '10 mail', error: 'single label' },
      { input: '10 mail_x.example.com.', error: 'underscores are not allowed' },
      { input: '10', error: "'<preference> <host>'" },
      { input: '10 mail.example.com. extra', error: "'<preference> <host>'" },
      { input: '10 .', error: 'null MX' },
      { input: '10 mail..example.com.', error: 'empty label' },
      { input: '10 *.example.com.', error: 'wildcard' },
      { input: '10 "mail.example.com."', error: "'<preference> <host>'" },
      { input: '10 192.0.2.25', error: 'IP address' },
      { input: '10 mail.example.com.\t', error: 'control characters' },
    ],
  },
  CNAME: {
    valid: [
      { input: 'www.example.com.', canonical: 'www.example.com.' },
      { input: 'www.example.com', canonical: 'www.example.com.' },
      { input: '@', canonical: 'example.com.' },
      { input: 'Target.Example.NET', canonical: 'target.example.net.' },
      { input: 'sel1._domainkey.provider.example.', canonical: 'sel1._domainkey.provider.example.' },
      { input: 'shop.bücher.example', canonical: 'shop.xn--bcher-kva.example.' },
    ],
    invalid: [
      { input: 'www', error: 'single label' },
      { input: 'a b.example.com.', error: 'single host name' },
      { input: '192.0.2.1', error: 'IP address' },
      { input: '.', error: 'root' },
      { input: '*.example.com.', error: 'wildcard' },
      { input: 'x..example.com.', error: 'empty label' },
      { input: '"www.example.com."', error: 'single host name' },
      { input: `${'a'.repeat(64)}.example.com.`, error: 'longer than 63' },
      { input: '-www.example.com.', error: 'hyphen' },
      { input: 'w!w.example.com.', error: 'letters, digits, hyphens and underscores' },
    ],
  },
  TXT: {
    valid: [
      { input: 'v=spf1 -all', canonical: '"v=spf1 -all"' },
      {
        input: '"v=spf1 include:_spf.example.com -all"',
        canonical: '"v=spf1 include:_spf.example.com -all"',
      },
      { input: '"a" "b"', canonical: '"a" "b"' },
      { input: '"a"   "b"', canonical: '"a" "b"' },
      { input: '"a""b"', canonical: '"a" "b"' },
      { input: '"say \\"hi\\""', canonical: '"say \\"hi\\""' },
      { input: 'say "hi"', canonical: '"say \\"hi\\""' },
      { input: 'C:\\path', canonical: '"C:\\\\path"' },
      { input: '"back\\\\slash"', canonical: '"back\\\\slash"' },
      { input: '"caf\\195\\169"', canonical: '"café"' },
      { input: '"café"', canonical: '"café"' },
      { input: '"\\065BC"', canonical: '"ABC"' },
      { input: '"a\\;b"', canonical: '"a;b"' },
      { input: '"tab\\009here"', canonical: '"tab\\009here"' },
      { input: '"\\255"', canonical: '"\\255"' },
      { input: '""', canonical: '""' },
      { input: X255, canonical: `"${X255}"` },
      { input: `${X255}yy`, canonical: `"${X255}" "yy"` },
      { input: `"${X255}${X255}z"`, canonical: `"${X255}" "${X255}" "z"` },
      {
        input: E_ACUTE_200,
        canonical: `"${'é'.repeat(127)}" "${'é'.repeat(73)}"`,
      },
    ],
    invalid: [
      { input: '"unterminated', error: 'Unterminated' },
      { input: '"a" b', error: 'outside the quotes' },
      { input: '"a"b', error: 'after a quoted string' },
      { input: '"abc\\"', error: 'Unterminated' },
      { input: '"bad \\1x escape"', error: 'three digits' },
      { input: '"\\256"', error: 'three digits' },
      { input: 'line1\nline2', error: 'control characters' },
      { input: 'tab\there', error: '\\DDD' },
      { input: '', error: 'content is required' },
      { input: 'x'.repeat(70_000), error: 'too long' },
    ],
  },
  NS: {
    valid: [
      { input: 'ns1.example.net.', canonical: 'ns1.example.net.' },
      { input: 'NS1.Example.NET', canonical: 'ns1.example.net.' },
      { input: 'ns.bücher.example.', canonical: 'ns.xn--bcher-kva.example.' },
    ],
    invalid: [
      { input: 'ns_1.example.net.', error: 'underscores are not allowed' },
      { input: 'ns1', error: 'single label' },
      { input: '192.0.2.53', error: 'IP address' },
      { input: '.', error: 'root' },
      { input: 'ns1.example.net. ns2.example.net.', error: 'single host name' },
    ],
  },
  SRV: {
    valid: [
      { input: '10 60 5060 sip.example.com.', canonical: '10 60 5060 sip.example.com.' },
      { input: '10 60 5060 sip.example.com', canonical: '10 60 5060 sip.example.com.' },
      { input: '0 0 0 .', canonical: '0 0 0 .' },
      { input: '010 060 05060 sip.example.com.', canonical: '10 60 5060 sip.example.com.' },
      { input: '65535 65535 65535 @', canonical: '65535 65535 65535 example.com.' },
      { input: '1 2 443 Target.Example.NET.', canonical: '1 2 443 target.example.net.' },
    ],
    invalid: [
      { input: '10 5 5060 sip_x.example.net.', error: 'underscores are not allowed' },
      { input: '10 60 5060', error: "'<priority> <weight> <port> <target>'" },
      { input: '10 60 65536 sip.example.com.', error: 'SRV port must be' },
      { input: '10 60 sip.example.com. 5060', error: 'SRV port must be' },
      { input: '10 60 5060 sip', error: 'single label' },
      { input: '-1 0 0 .', error: 'SRV priority must be' },
      { input: '10 60 5060 sip.example.com. extra', error: "'<priority> <weight> <port> <target>'" },
      { input: '10 60 5060 192.0.2.1', error: 'IP address' },
    ],
  },
  PTR: {
    valid: [
      { input: 'host.example.com.', canonical: 'host.example.com.' },
      { input: 'host.example.com', canonical: 'host.example.com.' },
      { input: '@', canonical: 'example.com.' },
    ],
    invalid: [
      { input: 'not a name', error: 'single host name' },
      { input: '192.0.2.1', error: 'IP address' },
      { input: 'host', error: 'single label' },
    ],
  },
  SOA: {
    valid: [
      {
        input: 'ns1.example.com. hostmaster.example.com. 2026010101 10800 3600 604800 3600',
        canonical: 'ns1.example.com. hostmaster.example.com. 2026010101 10800 3600 604800 3600',
      },
      {
        input: 'NS1.example.com hostmaster.example.com 1 7200 3600 1209600 300',
        canonical: 'ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300',
      },
      {
        input: '@ hostmaster.example.com. 4294967295 0 0 0 0',
        canonical: 'example.com. hostmaster.example.com. 4294967295 0 0 0 0',
      },
    ],
    invalid: [
      { input: 'ns1.example.com. hostmaster.example.com. 1 2 3 4', error: '<minimum>' },
      { input: 'ns1.example.com. hostmaster.example.com. 4294967296 1 2 3 4', error: 'SOA serial' },
      { input: 'ns1 hostmaster.example.com. 1 2 3 4 5', error: 'single label' },
      { input: 'ns1.example.com. hostmaster@example.com 1 2 3 4 5', error: 'letters, digits' },
    ],
  },
  CAA: {
    valid: [
      { input: '0 issue "letsencrypt.org"', canonical: '0 issue "letsencrypt.org"' },
      { input: '0 ISSUE "LetsEncrypt.org"', canonical: '0 issue "letsencrypt.org"' },
      { input: '0 issue letsencrypt.org', canonical: '0 issue "letsencrypt.org"' },
      { input: '128 issue "letsencrypt.org"', canonical: '128 issue "letsencrypt.org"' },
      { input: '0 issue ";"', canonical: '0 issue ";"' },
      { input: '0 issue ""', canonical: '0 issue ""' },
      {
        input: '0 issuewild "sectigo.com; account=1234"',
        canonical: '0 issuewild "sectigo.com; account=1234"',
      },
      {
        input: '0 issue "ca.example.net;account=230123 ; validationmethods=dns-01"',
        canonical: '0 issue "ca.example.net; account=230123; validationmethods=dns-01"',
      },
      { input: '0 iodef "mailto:security@example.com"', canonical: '0 iodef "mailto:security@example.com"' },
      {
        input: '0 iodef "https://iodef.example.com/report"',
        canonical: '0 iodef "https://iodef.example.com/report"',
      },
      { input: '0 contactemail "dns@example.com"', canonical: '0 contactemail "dns@example.com"' },
      { input: '0 contactphone "+1 555 0100"', canonical: '0 contactphone "+1 555 0100"' },
    ],
    invalid: [
      { input: '0 issue', error: '<flags> <tag>' },
      { input: '256 issue "letsencrypt.org"', error: 'CAA flags must be' },
      { input: '0 tbs "x"', error: 'CAA tag must be one of' },
      { input: '0 iodef "ftp://example.com/"', error: 'mailto: address or an http(s) URL' },
      { input: '0 iodef "security@example.com"', error: 'mailto: address or an http(s) URL' },
      { input: '0 issue "not a domain"', error: 'is not a domain name' },
      { input: '0 issue "a.example" "b.example"', error: '<flags> <tag>' },
      { input: '0 issue "café.example"', error: 'printable ASCII' },
      { input: 'issue "letsencrypt.org"', error: '<flags> <tag>' },
      { input: '0 issue "letsencrypt.org; account"', error: 'key=value' },
      { input: '0 contactemail "nope"', error: 'e-mail address' },
    ],
  },
  SSHFP: {
    valid: [
      { input: `1 1 ${SHA1}`, canonical: `1 1 ${SHA1}` },
      { input: `4 2 ${SHA256.toUpperCase()}`, canonical: `4 2 ${SHA256}` },
      { input: `6 2 ${SHA256}`, canonical: `6 2 ${SHA256}` },
      { input: `3 1 ${SHA1}`, canonical: `3 1 ${SHA1}` },
    ],
    invalid: [
      { input: `5 1 ${SHA1}`, error: 'SSHFP algorithm must be' },
      { input: `1 3 ${SHA1}`, error: 'fingerprint type must be' },
      { input: `1 1 ${SHA256}`, error: 'must be 40 hex digits' },
      { input: `1 2 ${SHA1}`, error: 'must be 64 hex digits' },
      { input: '1 1 xyz', error: 'hexadecimal' },
      { input: '1 1', error: '<algorithm> <fingerprint type>' },
    ],
  },
  TLSA: {
    valid: [
      { input: `3 1 1 ${SHA256}`, canonical: `3 1 1 ${SHA256}` },
      { input: `3 1 1 ${SHA256.toUpperCase()}`, canonical: `3 1 1 ${SHA256}` },
      { input: `2 0 2 ${SHA512}`, canonical: `2 0 2 ${SHA512}` },
      { input: '3 1 0 3059301306072a8648ce3d0201', canonical: '3 1 0 3059301306072a8648ce3d0201' },
      { input: `0 0 1 ${SHA256}`, canonical: `0 0 1 ${SHA256}` },
    ],
    invalid: [
      { input: `4 1 1 ${SHA256}`, error: 'certificate usage must be' },
      { input: `3 2 1 ${SHA256}`, error: 'selector must be' },
      { input: `3 1 3 ${SHA256}`, error: 'matching type must be' },
      { input: `3 1 1 ${SHA256.slice(1)}`, error: 'must be 64 hex digits' },
      { input: `3 1 2 ${SHA256}`, error: 'must be 128 hex digits' },
      { input: '3 1 0 abc', error: 'even number' },
    ],
  },
  DNAME: {
    valid: [
      { input: 'example.net.', canonical: 'example.net.' },
      { input: 'Example.NET', canonical: 'example.net.' },
      { input: 'bücher.example', canonical: 'xn--bcher-kva.example.' },
    ],
    invalid: [
      { input: 'example', error: 'single label' },
      { input: '.', error: 'root' },
      { input: 'a.example. b.example.', error: 'single host name' },
    ],
  },
  NAPTR: {
    valid: [
      {
        input: '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .',
        canonical: '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .',
      },
      {
        input: '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.',
        canonical: '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.',
      },
      {
        input: '100 10 "s" "SIP+D2U" "" _sip._udp.example.com',
        canonical: '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.',
      },
      {
        input: '100 10 S SIP+D2U "" _sip._udp.example.com.',
        canonical: '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.',
      },
      { input: '0100 010 "A" "" "" @', canonical: '100 10 "A" "" "" example.com.' },
      {
        input: '10 100 "U" "E2U+sip" "!^(.*)$!sip:\\\\1@example.com!" .',
        canonical: '10 100 "U" "E2U+sip" "!^(.*)$!sip:\\\\1@example.com!" .',
      },
    ],
    invalid: [
      {
        input: '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" sip.example.com.',
        error: 'mutually exclusive',
      },
      { input: '100 "U" "E2U+sip" "" .', error: '<order> <preference>' },
      { input: '100 10 "U!" "E2U+sip" "" .', error: 'NAPTR flags must be' },
      { input: '100 10 "U" "E2U sip" "" .', error: 'NAPTR service must be' },
      { input: '65536 10 "U" "" "" .', error: 'NAPTR order must be' },
      { input: '100 10 "U" "E2U+sip" "" sip', error: 'single label' },
      { input: '100 10 "U" "E2U+sip" "" . extra', error: '<order> <preference>' },
    ],
  },
  DS: {
    valid: [
      { input: `12345 13 2 ${SHA256}`, canonical: `12345 13 2 ${SHA256}` },
      { input: `12345 13 2 ${SHA256.toUpperCase()}`, canonical: `12345 13 2 ${SHA256}` },
      { input: `0 8 1 ${SHA1}`, canonical: `0 8 1 ${SHA1}` },
      { input: `65535 15 4 ${SHA384}`, canonical: `65535 15 4 ${SHA384}` },
      { input: `01234 013 02 ${SHA256}`, canonical: `1234 13 2 ${SHA256}` },
    ],
    invalid: [
      { input: `65536 13 2 ${SHA256}`, error: 'DS key tag must be' },
      { input: `12345 0 2 ${SHA256}`, error: 'DS algorithm must be' },
      { input: `12345 13 3 ${SHA256}`, error: 'DS digest type must be' },
      { input: `12345 13 2 ${SHA1}`, error: 'must be 64 hex digits' },
      { input: `12345 13 4 ${SHA256}`, error: 'must be 96 hex digits' },
      { input: '12345 13 2', error: '<key tag> <algorithm>' },
    ],
  },
  ALIAS: {
    valid: [
      { input: 'lb.example.net.', canonical: 'lb.example.net.' },
      { input: 'LB.Example.NET', canonical: 'lb.example.net.' },
      { input: 'www.example.com', canonical: 'www.example.com.' },
    ],
    invalid: [
      { input: 'lb', error: 'single label' },
      { input: '192.0.2.1', error: 'IP address' },
      { input: 'a.example. b.example.', error: 'single host name' },
    ],
  },
};
