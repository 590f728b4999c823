import { absoluteName, parseBindZone } from 'src/zone-transfer/formats/bind-zone-parser';
import { ImportCandidate, ParsedImport } from 'src/zone-transfer/formats/import-candidate';

const ZONE = 'example.com.';

/** Joins lines, so that line numbers in expectations are easy to count. */
function zoneFile(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function parse(...lines: string[]): ParsedImport {
  return parseBindZone(zoneFile(...lines), ZONE);
}

function only(result: ParsedImport): ImportCandidate {
  expect(result.errors).toEqual([]);
  expect(result.candidates).toHaveLength(1);
  return result.candidates[0];
}

describe('parseBindZone', () => {
  describe('owner names', () => {
    it('should make relative names absolute under the zone', () => {
      expect(only(parse('www IN A 192.0.2.1'))).toMatchObject({ name: 'www.example.com.', line: 1 });
    });

    it('should keep absolute names and read @ as the origin', () => {
      const result = parse('www.example.com. IN A 192.0.2.1', '@ IN A 192.0.2.2');
      expect(result.candidates.map((record) => record.name)).toEqual(['www.example.com.', 'example.com.']);
    });

    it('should give a line that starts with a space the previous owner', () => {
      const result = parse('mail IN A 192.0.2.1', '     IN AAAA 2001:db8::1', '\t300 TXT "x"');
      expect(result.errors).toEqual([]);
      expect(result.candidates.map((record) => [record.name, record.type])).toEqual([
        ['mail.example.com.', 'A'],
        ['mail.example.com.', 'AAAA'],
        ['mail.example.com.', 'TXT'],
      ]);
    });

    it('should refuse a blank owner on the first record, with its line', () => {
      expect(parse('$TTL 300', '  IN A 192.0.2.1').errors).toEqual([
        { line: 2, message: expect.stringContaining('no owner name') },
      ]);
    });

    it('should refuse records outside the zone, naming the line', () => {
      const result = parse('www IN A 192.0.2.1', 'www.example.org. IN A 192.0.2.2');
      expect(result.errors).toEqual([
        expect.objectContaining({ line: 2, message: 'www.example.org. is outside the zone example.com.' }),
      ]);
      expect(result.candidates).toHaveLength(1);
    });

    it('should compare the zone case-insensitively', () => {
      expect(only(parse('WWW.Example.COM. IN A 192.0.2.1')).name).toBe('WWW.Example.COM.');
    });
  });

  describe('directives', () => {
    it('should apply $ORIGIN, absolute or relative to the current origin', () => {
      const result = parse(
        '$ORIGIN dev.example.com.',
        'api IN A 192.0.2.1',
        '$ORIGIN eu',
        'api IN A 192.0.2.2',
        '@ IN MX 10 mx',
        '$ORIGIN example.com.',
        'api IN A 192.0.2.3',
      );
      expect(result.errors).toEqual([]);
      expect(result.candidates.map((record) => `${record.name} ${record.content}`)).toEqual([
        'api.dev.example.com. 192.0.2.1',
        'api.eu.dev.example.com. 192.0.2.2',
        'eu.dev.example.com. 10 mx.eu.dev.example.com.',
        'api.example.com. 192.0.2.3',
      ]);
    });

    it('should use $TTL for records without a TTL, with BIND units', () => {
      const result = parse(
        '$TTL 1h30m',
        'a IN A 192.0.2.1',
        'b 60 IN A 192.0.2.2',
        '$TTL 2D',
        'c IN A 192.0.2.3',
      );
      expect(result.candidates.map((record) => record.ttl)).toEqual([5400, 60, 172800]);
    });

    it('should without $TTL reuse the last stated TTL (RFC 1035) and leave the first ones to the zone default', () => {
      const result = parse('a IN A 192.0.2.1', 'b 600 IN A 192.0.2.2', 'c IN A 192.0.2.3');
      expect(result.candidates.map((record) => record.ttl)).toEqual([undefined, 600, 600]);
    });

    it('should without $TTL take the SOA minimum as BIND does', () => {
      const result = parse('@ IN SOA ns1 hostmaster ( 1 7200 900 1209600 900 )', 'www IN A 192.0.2.1');
      expect(only(result).ttl).toBe(900);
    });

    it('should refuse $INCLUDE with a clear message and its line', () => {
      const result = parse('www IN A 192.0.2.1', '$INCLUDE /etc/bind/other.zone');
      expect(result.errors).toEqual([
        { line: 2, message: expect.stringMatching(/^\$INCLUDE is not supported/) },
      ]);
    });

    it('should refuse $GENERATE, unknown directives and bad $TTL / $ORIGIN', () => {
      const result = parse('$GENERATE 1-10 host$ A 192.0.2.$', '$FOO bar', '$TTL soon', '$ORIGIN');
      expect(result.errors.map((error) => [error.line, error.message.split(' ')[0]])).toEqual([
        [1, '$GENERATE'],
        [2, 'unknown'],
        [3, '$TTL'],
        [4, '$ORIGIN'],
      ]);
    });
  });

  describe('TTL and class', () => {
    it.each([
      ['www 300 IN A 192.0.2.1'],
      ['www IN 300 A 192.0.2.1'],
      ['www 300 A 192.0.2.1'],
      ['www in 5m a 192.0.2.1'],
    ])('should read %s', (line) => {
      expect(only(parse(line))).toMatchObject({
        name: 'www.example.com.',
        type: 'A',
        content: '192.0.2.1',
        ttl: 300,
      });
    });

    it('should read the record type in any case', () => {
      expect(only(parse('www IN aaaa 2001:db8::1')).type).toBe('AAAA');
    });

    it('should refuse classes other than IN', () => {
      expect(parse('version.bind. CH TXT "x"').errors[0].message).toContain('class CH is not supported');
    });

    it('should refuse a TTL over 2^31-1', () => {
      expect(parse('www 9999999999 IN A 192.0.2.1').errors[0]).toMatchObject({
        line: 1,
        message: expect.stringContaining('TTL'),
      });
    });

    it('should refuse a line without a type', () => {
      expect(parse('www 300 IN').errors[0]).toMatchObject({
        line: 1,
        message: expect.stringContaining('has no type'),
      });
    });
  });

  describe('parentheses, comments and quotes', () => {
    it('should join lines in parentheses and ignore comments inside them', () => {
      const result = parse(
        'sip IN NAPTR ( 100 ; order',
        '   10 ; preference',
        '   "S" "SIP+D2U" "" _sip._udp ) ; trailing comment',
        'next IN A 192.0.2.1',
      );
      expect(result.errors).toEqual([]);
      expect(result.candidates[0]).toMatchObject({
        line: 1,
        type: 'NAPTR',
        content: '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.',
      });
      expect(result.candidates[1]).toMatchObject({ line: 4, name: 'next.example.com.' });
    });

    it('should keep a ; inside quotes and drop a comment after them', () => {
      expect(
        only(parse('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com" ; policy')).content,
      ).toBe('"v=DMARC1; p=reject; rua=mailto:d@example.com"');
    });

    it('should keep several strings, escapes and \\DDD as written for the canonicaliser', () => {
      const record = only(parse('t IN TXT "a \\"quoted\\" word" "caf\\195\\169" bare\\059word'));
      expect(record.content).toBe('"a \\"quoted\\" word" "caf\\195\\169" "bare\\059word"');
    });

    it('should read a long DKIM key split over lines in parentheses', () => {
      const record = only(
        parse(
          'mail._domainkey IN TXT ( "v=DKIM1; k=rsa; "',
          '  "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"',
          '  "IDAQAB" )',
        ),
      );
      expect(record.content).toBe(
        '"v=DKIM1; k=rsa; " "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" "IDAQAB"',
      );
    });

    it('should name the line of a quote left open', () => {
      expect(parse('a IN A 192.0.2.1', 'b IN TXT "unterminated', 'c IN A 192.0.2.2').errors).toEqual([
        { line: 2, message: expect.stringContaining('unterminated quoted string') },
      ]);
    });

    it('should name the line of a parenthesis never closed, or closed twice', () => {
      expect(parse('a IN A 192.0.2.1', '@ IN SOA ns1 host ( 1 2 3 4 5', 'b IN A 192.0.2.2').errors).toEqual([
        { line: 2, message: expect.stringContaining('never closed') },
      ]);
      expect(parse('a IN A 192.0.2.1 )').errors).toEqual([
        { line: 1, message: expect.stringContaining("')'") },
      ]);
      expect(parse('a IN TXT ( "x" (', '"y" ) )').errors).toEqual([
        { line: 1, message: expect.stringContaining('nested') },
      ]);
    });

    it('should accept CRLF line ends and a byte-order mark', () => {
      const result = parseBindZone('\uFEFF$TTL 300\r\nwww IN A 192.0.2.1\r\n  IN AAAA 2001:db8::1\r\n', ZONE);
      expect(result.errors).toEqual([]);
      expect(result.candidates.map((record) => [record.line, record.type, record.ttl])).toEqual([
        [2, 'A', 300],
        [3, 'AAAA', 300],
      ]);
    });
  });

  describe('record data', () => {
    it('should make host names in content absolute and keep absolute ones and the root', () => {
      const result = parse(
        '@ IN MX 10 mail',
        '@ IN MX 20 mx.example.net.',
        '@ IN MX 0 .',
        'www IN CNAME @',
        '_sip._tcp IN SRV 10 60 5060 sip',
        'dev IN NS ns1.dev',
        '5 IN PTR host',
        'old IN DNAME new',
        'lb IN ALIAS lb.example.net.',
      );
      expect(result.errors).toEqual([]);
      expect(result.candidates.map((record) => record.content)).toEqual([
        '10 mail.example.com.',
        '20 mx.example.net.',
        '0 .',
        'example.com.',
        '10 60 5060 sip.example.com.',
        'ns1.dev.example.com.',
        'host.example.com.',
        'new.example.com.',
        'lb.example.net.',
      ]);
    });

    it('should join hex data split into several words', () => {
      const result = parse(
        'dev IN DS 12345 13 2 ( 0B6E1B4C3B5E2E1A9D0E8A8C4F2A1D9B',
        '    7C6E5F4A3B2C1D0E9F8A7B6C5D4E3F2A )',
        '_443._tcp IN TLSA 3 1 1 0b6e1b4c3b5e2e1a9d0e8a8c4f2a1d9b 7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
        'host IN SSHFP 4 2 0b6e1b4c3b5e2e1a9d0e8a8c 4f2a1d9b7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
      );
      expect(result.candidates.map((record) => record.content)).toEqual([
        '12345 13 2 0B6E1B4C3B5E2E1A9D0E8A8C4F2A1D9B7C6E5F4A3B2C1D0E9F8A7B6C5D4E3F2A',
        '3 1 1 0b6e1b4c3b5e2e1a9d0e8a8c4f2a1d9b7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
        '4 2 0b6e1b4c3b5e2e1a9d0e8a8c4f2a1d9b7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
      ]);
    });

    it('should pass CAA content through with its quotes', () => {
      expect(only(parse('@ IN CAA 0 issue "letsencrypt.org"')).content).toBe('0 issue "letsencrypt.org"');
    });

    it('should refuse a record without data', () => {
      expect(parse('www IN A').errors[0]).toMatchObject({
        line: 1,
        message: expect.stringContaining('has no data'),
      });
    });
  });

  describe('what is skipped or refused', () => {
    it('should skip the SOA and apex NS, reporting them with their lines', () => {
      const result = parse(
        '@ IN SOA ns1.example.com. hostmaster.example.com. ( 2024010101 3600 600 1209600 300 )',
        '  IN NS ns1',
        '  IN NS ns2.example.net.',
        'dev IN NS ns1.example.net.',
      );
      expect(result.errors).toEqual([]);
      expect(result.skipped).toEqual([
        expect.objectContaining({ line: 1, type: 'SOA', reason: 'SOA is managed by ScaiDNS' }),
        expect.objectContaining({ line: 2, type: 'NS', content: 'ns1.example.com.' }),
        expect.objectContaining({ line: 3, type: 'NS', content: 'ns2.example.net.' }),
      ]);
      expect(only(result)).toMatchObject({ name: 'dev.example.com.', type: 'NS' });
    });

    it('should refuse an SOA below the apex', () => {
      expect(parse('dev IN SOA ns1 host 1 2 3 4 5').errors[0].message).toContain('only be at the zone apex');
    });

    it('should skip DNSSEC records of a signed zone', () => {
      const result = parse(
        '@ 3600 IN DNSKEY 257 3 13 AwEAAa==',
        '@ 3600 IN RRSIG A 13 2 3600 20250101000000 20240101000000 12345 example.com. abc=',
      );
      expect(result.errors).toEqual([]);
      expect(result.skipped.map((skip) => skip.type)).toEqual(['DNSKEY', 'RRSIG']);
    });

    it('should refuse types ScaiDNS does not manage, naming the line', () => {
      expect(parse('a IN A 192.0.2.1', 'host IN HINFO "PC" "Linux"').errors).toEqual([
        expect.objectContaining({ line: 2, message: 'record type HINFO is not supported by ScaiDNS' }),
      ]);
    });

    it('should refuse a word where the type belongs', () => {
      expect(parse('www 300 IN "A" 192.0.2.1').errors[0].message).toContain('expected a record type');
    });
  });

  describe('ScaiDNS export markers', () => {
    it('should read "; disabled:" lines back as disabled records', () => {
      const record = only(parse('; disabled: old 300 IN A 192.0.2.9'));
      expect(record).toMatchObject({
        line: 1,
        name: 'old.example.com.',
        type: 'A',
        content: '192.0.2.9',
        ttl: 300,
        disabled: true,
      });
    });

    it('should read "; alias:" lines back as ALIAS records', () => {
      expect(only(parse('; alias: @ 300 IN ALIAS lb.example.net.'))).toMatchObject({
        name: 'example.com.',
        type: 'ALIAS',
        ttl: 300,
      });
    });

    it('should treat a marker that is not a record as an ordinary comment', () => {
      const result = parse(
        '; disabled: the old mail server, see ticket 42',
        '; alias: www 300 IN A 192.0.2.1',
        'www IN A 192.0.2.1',
      );
      expect(result.errors).toEqual([]);
      expect(result.skipped.map((skip) => skip.line)).toEqual([1, 2]);
      expect(only(result).line).toBe(3);
    });

    it('should not let a marker line become the owner of the next blank-owner line', () => {
      const result = parse('www IN A 192.0.2.1', '; disabled: old IN A 192.0.2.9', '  IN AAAA 2001:db8::1');
      expect(result.candidates.map((record) => record.name)).toEqual([
        'www.example.com.',
        'old.example.com.',
        'www.example.com.',
      ]);
    });

    it('should ignore markers that are not at the start of the line', () => {
      expect(only(parse('www IN A 192.0.2.1 ; disabled: old IN A 192.0.2.9')).name).toBe('www.example.com.');
    });
  });

  it('should collect every error, each with its line', () => {
    const result = parse('a IN A 192.0.2.1', 'b.example.org. IN A 192.0.2.2', '$INCLUDE x', 'c IN HINFO a b');
    expect(result.errors.map((error) => error.line)).toEqual([2, 3, 4]);
  });
});

describe('absoluteName', () => {
  it.each([
    ['@', 'example.com.', 'example.com.'],
    ['www', 'example.com.', 'www.example.com.'],
    ['www.example.net.', 'example.com.', 'www.example.net.'],
    ['.', 'example.com.', '.'],
    ['a\\.b', 'example.com.', 'a\\.b.example.com.'],
    ['www', '.', 'www.'],
  ])('should read %s under %s as %s', (name, origin, expected) => {
    expect(absoluteName(name, origin)).toBe(expected);
  });
});
