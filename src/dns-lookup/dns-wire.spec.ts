import {
  DnsMessage,
  DnsResourceRecord,
  DnsWireFormatError,
  answerRecords,
  RCODE,
  RR_TYPE,
  decodeMessage,
  encodeName,
  encodeQuery,
  formatIpv6,
  isSubdomainOf,
  normalizeName,
  parentName,
  rcodeName,
} from 'src/dns-lookup/dns-wire';

/** Hex with spaces and comments-free, e.g. `hex('c0 0c 00 2b')`. */
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const u16 = (value: number): Buffer => Buffer.from([value >> 8, value & 0xff]);
const u32 = (value: number): Buffer => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};
const header = (id: number, flags: number, qd: number, an: number, ns: number, ar: number): Buffer =>
  Buffer.concat([u16(id), u16(flags), u16(qd), u16(an), u16(ns), u16(ar)]);
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

// Question name `child.parent.test` at offset 12: 05 child (12) 06 parent (18) 04 test (25) 00 (30).
const QUESTION_NAME = Buffer.concat([
  hex('05'),
  ascii('child'),
  hex('06'),
  ascii('parent'),
  hex('04'),
  ascii('test'),
  hex('00'),
]);
const SHA256_DIGEST = Buffer.from('2bb183af5f22588179a53b0a98631fad1a292118'.padEnd(64, 'ab'), 'hex');
const SHA1_DIGEST = Buffer.from('a1b2c3d4e5f60718293a4b5c6d7e8f9001122334', 'hex');

/** A DS answer as a resolver sends it: two DS records (compressed owner), an SOA in authority, an OPT. */
function dsAnswer(): Buffer {
  return Buffer.concat([
    header(0x1234, 0x8580, 1, 2, 1, 1), // QR AA RD RA, NOERROR
    QUESTION_NAME,
    u16(RR_TYPE.DS),
    u16(1),
    // answer 1: child.parent.test (pointer to 12) DS 12345 13 2 <32 bytes>
    hex('c0 0c'),
    u16(RR_TYPE.DS),
    u16(1),
    u32(3600),
    u16(4 + SHA256_DIGEST.length),
    u16(12345),
    hex('0d 02'),
    SHA256_DIGEST,
    // answer 2: same owner, DS 2371 8 1 <20 bytes>
    hex('c0 0c'),
    u16(RR_TYPE.DS),
    u16(1),
    u32(3600),
    u16(4 + SHA1_DIGEST.length),
    u16(2371),
    hex('08 01'),
    SHA1_DIGEST,
    // authority: parent.test (pointer to 18) SOA ns1.parent.test (label + pointer) hostmaster.parent.test
    hex('c0 12'),
    u16(RR_TYPE.SOA),
    u16(1),
    u32(300),
    u16(4 + 2 + 11 + 2 + 20),
    hex('03'),
    ascii('ns1'),
    hex('c0 12'),
    hex('0a'),
    ascii('hostmaster'),
    hex('c0 12'),
    u32(2024010101),
    u32(10800),
    u32(3600),
    u32(604800),
    u32(3600),
    // additional: OPT, udp 1232, extended rcode 0
    hex('00'),
    u16(RR_TYPE.OPT),
    u16(1232),
    u32(0),
    u16(0),
  ]);
}

describe('dns-wire', () => {
  describe('encodeQuery', () => {
    it('should encode a recursive query with an EDNS OPT record', () => {
      const packet = encodeQuery({
        id: 0xbeef,
        name: 'Example.ORG.',
        type: RR_TYPE.TXT,
        recursionDesired: true,
        ednsUdpSize: 1232,
      });
      expect(packet.toString('hex')).toBe(
        'beef 0100 0001 0000 0000 0001'.replace(/ /g, '') +
          '076578616d706c65036f726700' + // example.org
          '0010 0001'.replace(/ /g, '') +
          '00 0029 04d0 00000000 0000'.replace(/ /g, ''),
      );
    });

    it('should encode an iterative query without EDNS', () => {
      const packet = encodeQuery({ id: 1, name: 'a.b', type: RR_TYPE.NS, recursionDesired: false });
      expect(packet.toString('hex')).toBe('000100000001000000000000' + '0161016200' + '00020001');
    });

    it('should encode the root name as a single zero byte', () => {
      expect(encodeName('.')).toEqual(hex('00'));
      expect(encodeName('')).toEqual(hex('00'));
    });

    it.each([
      'a..b',
      'has space.org',
      `${'x'.repeat(64)}.org`,
      Array.from({ length: 130 }, () => 'ab').join('.'),
      'é.org',
    ])('should refuse the name %j', (name) => {
      expect(() => encodeName(name)).toThrow(DnsWireFormatError);
    });
  });

  describe('decodeMessage', () => {
    it('should decode a DS answer with compression pointers into parsed DS records', () => {
      const message = decodeMessage(dsAnswer());
      expect(message).toMatchObject({
        id: 0x1234,
        response: true,
        opcode: 0,
        authoritative: true,
        truncated: false,
        recursionDesired: true,
        recursionAvailable: true,
        rcode: RCODE.NOERROR,
        questions: [{ name: 'child.parent.test', type: RR_TYPE.DS, class: 1 }],
      });
      expect(message.answers.map((record) => [record.name, record.ttl, record.data])).toEqual([
        [
          'child.parent.test',
          3600,
          {
            kind: 'ds',
            keyTag: 12345,
            algorithm: 13,
            digestType: 2,
            digest: SHA256_DIGEST.toString('hex').toUpperCase(),
          },
        ],
        [
          'child.parent.test',
          3600,
          {
            kind: 'ds',
            keyTag: 2371,
            algorithm: 8,
            digestType: 1,
            digest: 'A1B2C3D4E5F60718293A4B5C6D7E8F9001122334',
          },
        ],
      ]);
      expect(message.authorities).toEqual([
        {
          name: 'parent.test',
          type: RR_TYPE.SOA,
          class: 1,
          ttl: 300,
          data: {
            kind: 'soa',
            mname: 'ns1.parent.test',
            rname: 'hostmaster.parent.test',
            serial: 2024010101,
            refresh: 10800,
            retry: 3600,
            expire: 604800,
            minimum: 3600,
          },
        },
      ]);
      expect(message.additionals[0]).toMatchObject({ name: '', type: RR_TYPE.OPT, class: 1232 });
    });

    it('should flag a truncated answer (TC) that carries no records', () => {
      const truncated = Buffer.concat([
        header(7, 0x8380, 1, 0, 0, 0),
        QUESTION_NAME,
        u16(RR_TYPE.TXT),
        u16(1),
      ]);
      expect(decodeMessage(truncated)).toMatchObject({ truncated: true, answers: [], rcode: RCODE.NOERROR });
    });

    it('should read the rcode and flags of an NXDOMAIN answer', () => {
      const nxdomain = Buffer.concat([header(9, 0x8403, 1, 0, 0, 0), QUESTION_NAME, u16(RR_TYPE.NS), u16(1)]);
      const message = decodeMessage(nxdomain);
      expect(message).toMatchObject({
        rcode: RCODE.NXDOMAIN,
        authoritative: true,
        recursionDesired: false,
        recursionAvailable: false,
      });
      expect(rcodeName(message.rcode)).toBe('NXDOMAIN');
      expect(rcodeName(RCODE.REFUSED)).toBe('REFUSED');
      expect(rcodeName(16)).toBe('RCODE16');
    });

    it('should extend the rcode with the upper bits from the OPT record (BADVERS = 16)', () => {
      const badvers = Buffer.concat([
        header(3, 0x8000, 0, 0, 0, 1),
        hex('00'),
        u16(RR_TYPE.OPT),
        u16(1232),
        hex('01 00 00 00'),
        u16(0),
      ]);
      expect(decodeMessage(badvers).rcode).toBe(16);
    });

    it('should decode multi-chunk TXT, A, AAAA, NS and unknown types', () => {
      const chunks = ['scaidns-verify=', 'x'.repeat(255), 'tail'];
      const txtData = Buffer.concat(
        chunks.map((chunk) => Buffer.concat([Buffer.from([chunk.length]), ascii(chunk)])),
      );
      const record = (type: number, data: Buffer): Buffer =>
        Buffer.concat([hex('c0 0c'), u16(type), u16(1), u32(60), u16(data.length), data]);
      const message = decodeMessage(
        Buffer.concat([
          header(1, 0x8400, 1, 5, 0, 0),
          QUESTION_NAME,
          u16(RR_TYPE.TXT),
          u16(1),
          record(RR_TYPE.TXT, txtData),
          record(RR_TYPE.A, hex('7f 00 00 01')),
          record(RR_TYPE.AAAA, hex('2001 0db8 0000 0000 0000 0000 0000 0001')),
          record(RR_TYPE.NS, Buffer.concat([hex('03'), ascii('NS1'), hex('c0 12')])),
          record(99, hex('de ad')),
        ]),
      );
      expect(message.answers.map((answer) => answer.data)).toEqual([
        { kind: 'txt', strings: chunks, value: chunks.join('') },
        { kind: 'address', address: '127.0.0.1' },
        { kind: 'address', address: '2001:db8::1' },
        { kind: 'name', name: 'ns1.parent.test' },
        { kind: 'raw', bytes: hex('de ad') },
      ]);
    });

    it.each([
      ['a message shorter than its header', hex('1234 8180 0001')],
      ['a question past the end', Buffer.concat([header(1, 0x8000, 1, 0, 0, 0), hex('05'), ascii('chi')])],
      [
        'a pointer that points forward',
        Buffer.concat([header(1, 0x8000, 1, 0, 0, 0), hex('c0 20 0000 0000')]),
      ],
      ['a pointer to itself (loop)', Buffer.concat([header(1, 0x8000, 1, 0, 0, 0), hex('c0 0c 0000 0000')])],
      ['a reserved label type', Buffer.concat([header(1, 0x8000, 1, 0, 0, 0), hex('40 00 0000 0000')])],
      [
        'an A record with 3 bytes',
        Buffer.concat([
          header(1, 0x8000, 1, 1, 0, 0),
          QUESTION_NAME,
          u16(1),
          u16(1),
          hex('c0 0c 0001 0001 00000000 0003 7f0000'),
        ]),
      ],
      [
        'a record whose RDLENGTH runs past the end',
        Buffer.concat([
          header(1, 0x8000, 1, 1, 0, 0),
          QUESTION_NAME,
          u16(1),
          u16(1),
          hex('c0 0c 0001 0001 00000000 0010 7f000001'),
        ]),
      ],
      [
        'a TXT string longer than its record',
        Buffer.concat([
          header(1, 0x8000, 1, 1, 0, 0),
          QUESTION_NAME,
          u16(16),
          u16(1),
          hex('c0 0c 0010 0001 00000000 0002 05 61'),
          hex('0000 0000 0000'),
        ]),
      ],
    ])('should refuse %s', (_, bytes) => {
      expect(() => decodeMessage(bytes)).toThrow(DnsWireFormatError);
    });

    it('should explain why a message is refused', () => {
      const loop = Buffer.concat([header(1, 0x8000, 1, 0, 0, 0), hex('c0 0c 0000 0000')]);
      expect(() => decodeMessage(loop)).toThrow('compression pointer does not point backwards');
      const longTxt = Buffer.concat([
        header(1, 0x8000, 1, 1, 0, 0),
        QUESTION_NAME,
        u16(16),
        u16(1),
        hex('c0 0c 0010 0001 00000000 0002 05 61 62 63 64 65'),
      ]);
      expect(() => decodeMessage(longTxt)).toThrow('TXT character-string runs past its record');
    });
  });

  describe('answerRecords', () => {
    const record = (name: string, type: number, target: string): DnsResourceRecord => ({
      name,
      type,
      class: 1,
      ttl: 60,
      data:
        type === RR_TYPE.CNAME
          ? { kind: 'name', name: target }
          : { kind: 'txt', strings: [target], value: target },
    });
    const answer = (answers: DnsResourceRecord[]): DnsMessage => ({
      ...decodeMessage(dsAnswer()),
      answers,
    });

    it('should follow a CNAME chain inside the answer', () => {
      const message = answer([
        record('_v.example.org', RR_TYPE.CNAME, 'a.validation.test'),
        record('a.validation.test', RR_TYPE.CNAME, 'b.validation.test'),
        record('b.validation.test', RR_TYPE.TXT, 'token'),
        record('other.test', RR_TYPE.TXT, 'unrelated'),
      ]);
      expect(answerRecords(message, '_V.example.org.', RR_TYPE.TXT).map((r) => r.name)).toEqual([
        'b.validation.test',
      ]);
      expect(answerRecords(message, '_v.example.org', RR_TYPE.CNAME)).toHaveLength(1);
    });

    it('should stop on a CNAME loop and on a chain that leaves the answer', () => {
      const loop = answer([
        record('a.test', RR_TYPE.CNAME, 'b.test'),
        record('b.test', RR_TYPE.CNAME, 'a.test'),
      ]);
      expect(answerRecords(loop, 'a.test', RR_TYPE.TXT)).toEqual([]);
      const dangling = answer([record('a.test', RR_TYPE.CNAME, 'elsewhere.test')]);
      expect(answerRecords(dangling, 'a.test', RR_TYPE.TXT)).toEqual([]);
    });
  });

  describe('names', () => {
    it('should normalise names to lowercase without the trailing dot', () => {
      expect(normalizeName(' Example.ORG. ')).toBe('example.org');
      expect(normalizeName('.')).toBe('');
    });

    it('should walk one label up until the root', () => {
      expect(parentName('a.b.c.')).toBe('b.c');
      expect(parentName('c')).toBe('');
      expect(parentName('')).toBeNull();
    });

    it('should tell subdomains from look-alikes', () => {
      expect(isSubdomainOf('www.example.org', 'Example.org.')).toBe(true);
      expect(isSubdomainOf('example.org', 'example.org')).toBe(true);
      expect(isSubdomainOf('badexample.org', 'example.org')).toBe(false);
      expect(isSubdomainOf('anything', '')).toBe(true);
    });
  });

  it.each([
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000000000000000', '::'],
    ['20010db8000000010000000000000000', '2001:db8:0:1::'],
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
    ['20010000000100000000000000000001', '2001:0:1::1'],
  ])('should format the IPv6 address %s as %s', (bytes, text) => {
    expect(formatIpv6(hex(bytes))).toBe(text);
  });
});
