/**
 * A small DNS wire-format (RFC 1035) codec: encodes one query, decodes any answer. It knows the record types the
 * ownership and DNSSEC checks read (A, AAAA, NS, CNAME, SOA, TXT, DS); every other type decodes to raw bytes.
 * Names are returned lowercase and without the trailing dot (`example.org`, the root is ``).
 */

export const RR_TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, TXT: 16, AAAA: 28, OPT: 41, DS: 43 } as const;
export type RrTypeName = keyof typeof RR_TYPE;

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

const CLASS_IN = 1;
const MAX_NAME_WIRE_LENGTH = 255;
const MAX_POINTER_JUMPS = 64;
/** CNAME hops followed inside one answer. */
const MAX_CNAME_HOPS = 8;

export type RecordData =
  | { kind: 'address'; address: string }
  | { kind: 'name'; name: string }
  | { kind: 'txt'; strings: string[]; value: string }
  | { kind: 'ds'; keyTag: number; algorithm: number; digestType: number; digest: string }
  | {
      kind: 'soa';
      mname: string;
      rname: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    }
  | { kind: 'raw'; bytes: Buffer };

export interface DnsResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  data: RecordData;
}

export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
}

export interface DnsMessage {
  id: number;
  /** QR bit: this is a response. */
  response: boolean;
  opcode: number;
  authoritative: boolean;
  truncated: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  /** The full rcode: the header's 4 bits extended by an OPT record's upper 8 bits (RFC 6891). */
  rcode: number;
  questions: DnsQuestion[];
  answers: DnsResourceRecord[];
  authorities: DnsResourceRecord[];
  additionals: DnsResourceRecord[];
}

export interface QueryInput {
  id: number;
  name: string;
  type: number;
  recursionDesired: boolean;
  /** Adds an EDNS(0) OPT record advertising this UDP payload size; omit for a plain RFC 1035 query. */
  ednsUdpSize?: number;
}

/** The bytes were not a valid DNS message (or a name was not encodable). */
export class DnsWireFormatError extends Error {
  override readonly name = 'DnsWireFormatError';
}

/** `Example.ORG.` -> `example.org`; the root (`.` or ``) -> ``. */
export function normalizeName(name: string): string {
  const trimmed = name.trim().toLowerCase();
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}

/** The name one label up (`a.b.c` -> `b.c`, `c` -> ``), or null for the root. */
export function parentName(name: string): string | null {
  const normal = normalizeName(name);
  if (normal === '') {
    return null;
  }
  const dot = normal.indexOf('.');
  return dot < 0 ? '' : normal.slice(dot + 1);
}

/** True when `name` equals `ancestor` or lies below it (both normalised). */
export function isSubdomainOf(name: string, ancestor: string): boolean {
  const child = normalizeName(name);
  const parent = normalizeName(ancestor);
  return parent === '' || child === parent || child.endsWith(`.${parent}`);
}

export function encodeName(name: string): Buffer {
  const normal = normalizeName(name);
  const labels = normal === '' ? [] : normal.split('.');
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'latin1');
    if (bytes.length === 0 || bytes.length > 63 || /[^\x21-\x7e]/.test(label)) {
      throw new DnsWireFormatError(`invalid DNS name ${JSON.stringify(name)}`);
    }
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  const wire = Buffer.concat(parts);
  if (wire.length > MAX_NAME_WIRE_LENGTH) {
    throw new DnsWireFormatError(`DNS name too long: ${JSON.stringify(name)}`);
  }
  return wire;
}

export function encodeQuery(input: QueryInput): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(input.id & 0xffff, 0);
  header.writeUInt16BE(input.recursionDesired ? 0x0100 : 0, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(input.ednsUdpSize === undefined ? 0 : 1, 10);
  const question = Buffer.alloc(4);
  question.writeUInt16BE(input.type, 0);
  question.writeUInt16BE(CLASS_IN, 2);
  const parts = [header, encodeName(input.name), question];
  if (input.ednsUdpSize !== undefined) {
    // Root name, type OPT, class = UDP payload size, TTL = extended rcode/version/flags (0), no options.
    const opt = Buffer.alloc(11);
    opt.writeUInt16BE(RR_TYPE.OPT, 1);
    opt.writeUInt16BE(input.ednsUdpSize, 3);
    parts.push(opt);
  }
  return Buffer.concat(parts);
}

/** Decodes a whole DNS message; throws DnsWireFormatError on anything that does not fit. */
export function decodeMessage(buffer: Buffer): DnsMessage {
  const reader = new Reader(buffer);
  const id = reader.u16();
  const flags = reader.u16();
  const counts = [reader.u16(), reader.u16(), reader.u16(), reader.u16()];
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]; i++) {
    questions.push({ name: reader.name(), type: reader.u16(), class: reader.u16() });
  }
  const sections = counts.slice(1).map((count) => {
    const records: DnsResourceRecord[] = [];
    for (let i = 0; i < count; i++) {
      records.push(readRecord(reader));
    }
    return records;
  });
  const [answers, authorities, additionals] = sections;
  const opt = additionals.find((record) => record.type === RR_TYPE.OPT);
  const extendedRcode = opt ? (opt.ttl >>> 24) & 0xff : 0;
  return {
    id,
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0x0f,
    authoritative: (flags & 0x0400) !== 0,
    truncated: (flags & 0x0200) !== 0,
    recursionDesired: (flags & 0x0100) !== 0,
    recursionAvailable: (flags & 0x0080) !== 0,
    rcode: (extendedRcode << 4) | (flags & 0x000f),
    questions,
    answers,
    authorities,
    additionals,
  };
}

/**
 * The records of `type` owned by `name` in the answer section, following a CNAME chain inside the answer (as
 * resolvers return it: `www CNAME host`, `host A 192.0.2.1`).
 */
export function answerRecords(message: DnsMessage, name: string, type: number): DnsResourceRecord[] {
  let owner = normalizeName(name);
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const records = message.answers.filter((record) => record.name === owner && record.type === type);
    if (records.length > 0 || type === RR_TYPE.CNAME) {
      return records;
    }
    const alias = message.answers.find((record) => record.name === owner && record.type === RR_TYPE.CNAME);
    if (!alias || alias.data.kind !== 'name') {
      return [];
    }
    owner = alias.data.name;
  }
  return [];
}

export function rcodeName(rcode: number): string {
  const entry = Object.entries(RCODE).find(([, value]) => value === rcode);
  return entry ? entry[0] : `RCODE${rcode}`;
}

export function typeName(type: number): string {
  const entry = Object.entries(RR_TYPE).find(([, value]) => value === type);
  return entry ? entry[0] : `TYPE${type}`;
}

function readRecord(reader: Reader): DnsResourceRecord {
  const name = reader.name();
  const type = reader.u16();
  const klass = reader.u16();
  const ttl = reader.u32();
  const length = reader.u16();
  const end = reader.offset + length;
  if (end > reader.buffer.length) {
    throw new DnsWireFormatError(`record ${name}/${typeName(type)} runs past the end of the message`);
  }
  const data = readData(reader, type, end);
  if (reader.offset !== end) {
    throw new DnsWireFormatError(`record ${name}/${typeName(type)} has a wrong RDLENGTH`);
  }
  return { name, type, class: klass, ttl, data };
}

function readData(reader: Reader, type: number, end: number): RecordData {
  const length = end - reader.offset;
  switch (type) {
    case RR_TYPE.A:
      return { kind: 'address', address: [...reader.bytes(exactly(length, 4, 'A'))].join('.') };
    case RR_TYPE.AAAA:
      return { kind: 'address', address: formatIpv6(reader.bytes(exactly(length, 16, 'AAAA'))) };
    case RR_TYPE.NS:
    case RR_TYPE.CNAME:
      return { kind: 'name', name: reader.name() };
    case RR_TYPE.SOA:
      return {
        kind: 'soa',
        mname: reader.name(),
        rname: reader.name(),
        serial: reader.u32(),
        refresh: reader.u32(),
        retry: reader.u32(),
        expire: reader.u32(),
        minimum: reader.u32(),
      };
    case RR_TYPE.TXT: {
      const chunks: Buffer[] = [];
      while (reader.offset < end) {
        chunks.push(reader.bytes(reader.u8()));
      }
      if (reader.offset > end) {
        throw new DnsWireFormatError('TXT character-string runs past its record');
      }
      return {
        kind: 'txt',
        strings: chunks.map((chunk) => chunk.toString('utf8')),
        value: Buffer.concat(chunks).toString('utf8'),
      };
    }
    case RR_TYPE.DS: {
      if (length < 5) {
        throw new DnsWireFormatError('DS record too short');
      }
      return {
        kind: 'ds',
        keyTag: reader.u16(),
        algorithm: reader.u8(),
        digestType: reader.u8(),
        digest: reader
          .bytes(length - 4)
          .toString('hex')
          .toUpperCase(),
      };
    }
    default:
      return { kind: 'raw', bytes: Buffer.from(reader.bytes(length)) };
  }
}

function exactly(length: number, expected: number, type: string): number {
  if (length !== expected) {
    throw new DnsWireFormatError(`${type} record has ${length} bytes of data, expected ${expected}`);
  }
  return length;
}

/** RFC 5952 text form: lowercase, leading zeros dropped, the longest run of two or more zero groups as `::`. */
export function formatIpv6(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) {
      j++;
    }
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) {
    return hex.join(':');
  }
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

class Reader {
  offset = 0;

  constructor(readonly buffer: Buffer) {}

  u8(): number {
    this.need(1);
    return this.buffer[this.offset++];
  }

  u16(): number {
    this.need(2);
    const value = this.buffer.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  bytes(length: number): Buffer {
    this.need(length);
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  /** A possibly compressed name (RFC 1035 4.1.4). Pointers may only go backwards, so loops are impossible. */
  name(): string {
    const labels: string[] = [];
    let position = this.offset;
    let jumped = false;
    let jumps = 0;
    let wireLength = 1;
    for (;;) {
      if (position >= this.buffer.length) {
        throw new DnsWireFormatError('name runs past the end of the message');
      }
      const length = this.buffer[position];
      if ((length & 0xc0) === 0xc0) {
        if (position + 1 >= this.buffer.length) {
          throw new DnsWireFormatError('truncated compression pointer');
        }
        const target = ((length & 0x3f) << 8) | this.buffer[position + 1];
        if (target >= position || ++jumps > MAX_POINTER_JUMPS) {
          throw new DnsWireFormatError('compression pointer does not point backwards');
        }
        if (!jumped) {
          this.offset = position + 2;
          jumped = true;
        }
        position = target;
        continue;
      }
      if ((length & 0xc0) !== 0) {
        throw new DnsWireFormatError(`unsupported label type 0x${length.toString(16)}`);
      }
      if (length === 0) {
        if (!jumped) {
          this.offset = position + 1;
        }
        return labels.join('.').toLowerCase();
      }
      wireLength += length + 1;
      if (wireLength > MAX_NAME_WIRE_LENGTH || position + 1 + length > this.buffer.length) {
        throw new DnsWireFormatError('name too long or past the end of the message');
      }
      labels.push(this.buffer.toString('latin1', position + 1, position + 1 + length));
      position += length + 1;
    }
  }

  private need(length: number): void {
    if (this.offset + length > this.buffer.length) {
      throw new DnsWireFormatError('message ends too early');
    }
  }
}
