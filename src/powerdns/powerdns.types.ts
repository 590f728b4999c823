/**
 * ScaiDNS's view of PowerDNS objects. These are the only shapes that leave the powerdns module: callers never see
 * PowerDNS's JSON (snake_case, `changetype`, string-encoded DS records, ...). All names are absolute (trailing dot)
 * and lowercase.
 */

/** Zone kinds ScaiDNS creates. Slave/Secondary zones cannot be created through the API without masters (P15). */
export const ZONE_KINDS = ['Native', 'Master'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

/** How PowerDNS edits the SOA serial on every API change. PowerDNS does not validate this itself (P3). */
export const SOA_EDIT_API_VALUES = ['DEFAULT', 'INCREASE', 'EPOCH'] as const;
export type SoaEditApi = (typeof SOA_EDIT_API_VALUES)[number];

export interface RecordInput {
  content: string;
  /** Defaults to false. */
  disabled?: boolean;
}

export interface DnsRecord {
  content: string;
  disabled: boolean;
}

export interface RrsetComment {
  content: string;
  account: string;
  modifiedAt: number;
}

export interface Rrset {
  name: string;
  type: string;
  ttl: number;
  records: DnsRecord[];
  comments: RrsetComment[];
}

/** An rrset given at zone creation. */
export interface RrsetInput {
  name: string;
  type: string;
  ttl: number;
  records: RecordInput[];
}

export interface RrsetReplace {
  name: string;
  type: string;
  changetype: 'REPLACE';
  ttl: number;
  /** An empty list deletes the rrset (PowerDNS semantics). */
  records: RecordInput[];
}

export interface RrsetDelete {
  name: string;
  type: string;
  changetype: 'DELETE';
}

export type RrsetChange = RrsetReplace | RrsetDelete;

export interface PatchRrsetsResult {
  /** How many rrset changes were sent. */
  changes: number;
  /** How many PATCH requests that took; more than 1 means the change was NOT atomic (see PATCH_CHUNK_MAX_BYTES). */
  requests: number;
}

/** A zone as listed by `GET /zones` (no rrsets). */
export interface ZoneSummary {
  /** PowerDNS's zone id (the name with `/` and other specials escaped as `=XX`). */
  id: string;
  name: string;
  kind: string;
  serial: number;
  editedSerial: number;
  notifiedSerial: number;
  dnssec: boolean;
  account: string;
  masters: string[];
}

export interface Zone extends ZoneSummary {
  soaEditApi: string;
  soaEdit: string;
  nsec3param: string;
  nsec3narrow: boolean;
  apiRectify: boolean;
  /** null when the zone was read with `{ rrsets: false }`. */
  rrsets: Rrset[] | null;
}

export interface CreateZoneInput {
  name: string;
  kind: ZoneKind;
  /** Absolute host names; PowerDNS creates the apex NS rrset from them. */
  nameservers: string[];
  soaEditApi?: SoaEditApi;
  rrsets?: RrsetInput[];
  /**
   * Only `false` is accepted: signing at create time is not atomic with the create (P4). Sign a zone afterwards with
   * `createCryptokey`.
   */
  dnssec?: false;
  account?: string;
}

/**
 * Fields a generic zone update may change. `dnssec` is deliberately absent: `PUT {"dnssec": false}` deletes every key
 * (P5); use `PowerDnsService.removeAllDnssecKeys` for that.
 */
export interface UpdateZoneInput {
  kind?: ZoneKind;
  soaEditApi?: SoaEditApi;
  /** e.g. `"1 0 0 -"` to switch a signed zone to NSEC3, `""` to go back to NSEC. The zone must be signed. */
  nsec3param?: string;
  nsec3narrow?: boolean;
  account?: string;
}

/** Signing algorithms ScaiDNS supports, by their DNSSEC algorithm number. */
export const DNSSEC_ALGORITHMS = {
  8: 'RSASHA256',
  10: 'RSASHA512',
  13: 'ECDSAP256SHA256',
  14: 'ECDSAP384SHA384',
  15: 'ED25519',
} as const;
export type DnssecAlgorithmNumber = keyof typeof DNSSEC_ALGORITHMS;
export type DnssecAlgorithm = (typeof DNSSEC_ALGORITHMS)[DnssecAlgorithmNumber];

export const CRYPTOKEY_TYPES = ['ksk', 'zsk', 'csk'] as const;
export type CryptokeyType = (typeof CRYPTOKEY_TYPES)[number];

export interface DsRecord {
  keyTag: number;
  algorithm: number;
  /** 1 = SHA-1, 2 = SHA-256, 4 = SHA-384. */
  digestType: number;
  digest: string;
}

/** A DNSSEC key. The private key that PowerDNS returns for a single key is never passed on. */
export interface Cryptokey {
  id: number;
  keytype: CryptokeyType;
  flags: number;
  active: boolean;
  published: boolean;
  /** The PowerDNS algorithm name, e.g. `ECDSAP256SHA256` (a string outside DnssecAlgorithm for keys made elsewhere). */
  algorithm: string;
  /** The DNSSEC algorithm number, parsed from the DNSKEY (0 when PowerDNS sent none). */
  algorithmNumber: number;
  bits: number;
  /** The DNSKEY rdata, `flags protocol algorithm base64`. */
  dnskey: string;
  ds: DsRecord[];
}

export interface CreateCryptokeyInput {
  keytype: CryptokeyType;
  active: boolean;
  /** Defaults to true (PowerDNS's default). */
  published?: boolean;
  algorithm: DnssecAlgorithm | DnssecAlgorithmNumber;
  /** Required for RSA (1024 to 4096); for the elliptic-curve algorithms it is implied and may be omitted. */
  bits?: number;
}

export type NotifyResult = { queued: true } | { queued: false; reason: string };
