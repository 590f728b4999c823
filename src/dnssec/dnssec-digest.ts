import { createHash } from 'node:crypto';

/** A DNSKEY as PowerDNS prints it: `flags protocol algorithm base64-public-key`. */
export interface DnskeyRdata {
  flags: number;
  protocol: number;
  algorithm: number;
  /** Base64, without spaces. */
  publicKey: string;
}

/** One DS record; `digest` is uppercase hex (as the documentation shows and registrars expect). */
export interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: string;
}

/** The digest types ScaiDNS offers for publication: SHA-256 (2) and SHA-384 (4). SHA-1 (1) is deprecated (RFC 8624). */
export const PUBLISHED_DIGEST_TYPES = [2, 4] as const;

const DIGESTS: Record<number, string> = { 1: 'sha1', 2: 'sha256', 4: 'sha384' };

/** Parses `257 3 13 mdsswUyr...`; throws on anything else. */
export function parseDnskey(text: string): DnskeyRdata {
  const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+([A-Za-z0-9+/=\s]+)$/.exec(text);
  if (!match) {
    throw new Error(`not a DNSKEY: ${JSON.stringify(text)}`);
  }
  return {
    flags: Number(match[1]),
    protocol: Number(match[2]),
    algorithm: Number(match[3]),
    publicKey: match[4].replace(/\s+/g, ''),
  };
}

function rdataBytes(key: DnskeyRdata): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(key.flags, 0);
  header.writeUInt8(key.protocol, 2);
  header.writeUInt8(key.algorithm, 3);
  return Buffer.concat([header, Buffer.from(key.publicKey, 'base64')]);
}

/** A name in canonical wire form (RFC 4034 §6.2): lowercase labels, each prefixed with its length, then the root. */
export function canonicalWireName(name: string): Buffer {
  const labels = name
    .toLowerCase()
    .replace(/\.$/, '')
    .split('.')
    .filter((label) => label !== '');
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'ascii');
    if (bytes.length > 63) {
      throw new Error(`label too long in ${name}`);
    }
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** The key tag of a DNSKEY (RFC 4034 appendix B; algorithm 1 is not supported by ScaiDNS and not special-cased). */
export function keyTag(key: DnskeyRdata): number {
  const bytes = rdataBytes(key);
  let sum = 0;
  for (let index = 0; index < bytes.length; index++) {
    sum += index % 2 === 0 ? bytes[index] << 8 : bytes[index];
  }
  sum += (sum >> 16) & 0xffff;
  return sum & 0xffff;
}

/** The DS record of `key` published at `zone` with the given digest type (1, 2 or 4). */
export function dsRecord(zone: string, key: DnskeyRdata, digestType: number): DsData {
  const algorithm = DIGESTS[digestType];
  if (!algorithm) {
    throw new Error(`unsupported DS digest type ${digestType}`);
  }
  const digest = createHash(algorithm).update(canonicalWireName(zone)).update(rdataBytes(key)).digest('hex');
  return { keyTag: keyTag(key), algorithm: key.algorithm, digestType, digest: digest.toUpperCase() };
}

/** The DS records of a KSK for every digest type ScaiDNS can compute (1, 2 and 4), for matching the parent's set. */
export function allDsRecords(zone: string, key: DnskeyRdata): DsData[] {
  return [1, 2, 4].map((digestType) => dsRecord(zone, key, digestType));
}

/** Whether two DS records are the same (digest compared case-insensitively). */
export function sameDs(a: DsData, b: DsData): boolean {
  return (
    a.keyTag === b.keyTag &&
    a.algorithm === b.algorithm &&
    a.digestType === b.digestType &&
    a.digest.toUpperCase() === b.digest.toUpperCase()
  );
}

/** `12345 13 2 ABCD…` */
export function formatDs(ds: DsData): string {
  return `${ds.keyTag} ${ds.algorithm} ${ds.digestType} ${ds.digest.toUpperCase()}`;
}
