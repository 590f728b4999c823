import {
  CRYPTOKEY_TYPES,
  Cryptokey,
  CryptokeyType,
  DsRecord,
  Rrset,
  Zone,
  ZoneSummary,
} from 'src/powerdns/powerdns.types';

/* PowerDNS's JSON, as far as ScaiDNS reads it. Nothing outside the powerdns module sees these. */

export interface PdnsRrset {
  name: string;
  type: string;
  ttl: number;
  records?: { content: string; disabled?: boolean }[];
  comments?: { content: string; account?: string; modified_at?: number }[];
}

export interface PdnsZone {
  id: string;
  name: string;
  kind: string;
  serial?: number;
  edited_serial?: number;
  notified_serial?: number;
  dnssec?: boolean;
  account?: string;
  masters?: string[];
  soa_edit_api?: string;
  soa_edit?: string;
  nsec3param?: string;
  nsec3narrow?: boolean;
  api_rectify?: boolean;
  rrsets?: PdnsRrset[];
}

export interface PdnsCryptokey {
  id: number;
  keytype: string;
  flags?: number;
  active: boolean;
  published?: boolean;
  algorithm?: string;
  bits?: number;
  dnskey?: string;
  ds?: string[];
  privatekey?: string;
}

export function toZoneSummary(zone: PdnsZone): ZoneSummary {
  return {
    id: zone.id,
    name: zone.name.toLowerCase(),
    kind: zone.kind,
    serial: zone.serial ?? 0,
    editedSerial: zone.edited_serial ?? 0,
    notifiedSerial: zone.notified_serial ?? 0,
    dnssec: zone.dnssec === true,
    account: zone.account ?? '',
    masters: zone.masters ?? [],
  };
}

export function toZone(zone: PdnsZone, withRrsets: boolean): Zone {
  return {
    ...toZoneSummary(zone),
    soaEditApi: zone.soa_edit_api ?? '',
    soaEdit: zone.soa_edit ?? '',
    nsec3param: zone.nsec3param ?? '',
    nsec3narrow: zone.nsec3narrow === true,
    apiRectify: zone.api_rectify === true,
    rrsets: withRrsets ? (zone.rrsets ?? []).map(toRrset) : null,
  };
}

export function toRrset(rrset: PdnsRrset): Rrset {
  return {
    name: rrset.name.toLowerCase(),
    type: rrset.type,
    ttl: rrset.ttl,
    records: (rrset.records ?? []).map((r) => ({ content: r.content, disabled: r.disabled === true })),
    comments: (rrset.comments ?? []).map((c) => ({
      content: c.content,
      account: c.account ?? '',
      modifiedAt: c.modified_at ?? 0,
    })),
  };
}

/** Parses a DS rdata string, `keytag algorithm digesttype digest`; null when it does not look like one. */
export function parseDs(text: string): DsRecord | null {
  const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+([0-9a-fA-F]+)\s*$/.exec(text);
  if (!match) {
    return null;
  }
  return {
    keyTag: Number(match[1]),
    algorithm: Number(match[2]),
    digestType: Number(match[3]),
    digest: match[4].toLowerCase(),
  };
}

/** Maps a PowerDNS cryptokey; the private key is dropped on purpose. */
export function toCryptokey(key: PdnsCryptokey): Cryptokey {
  const dnskey = key.dnskey ?? '';
  const algorithmNumber = Number(dnskey.split(/\s+/)[2] ?? 0) || 0;
  const keytype = (CRYPTOKEY_TYPES as readonly string[]).includes(key.keytype?.toLowerCase())
    ? (key.keytype.toLowerCase() as CryptokeyType)
    : key.flags === 257
      ? 'ksk'
      : 'zsk';
  return {
    id: key.id,
    keytype,
    flags: key.flags ?? 0,
    active: key.active === true,
    published: key.published !== false,
    algorithm: key.algorithm ?? '',
    algorithmNumber,
    bits: key.bits ?? 0,
    dnskey,
    ds: (key.ds ?? []).map(parseDs).filter((ds): ds is DsRecord => ds !== null),
  };
}
