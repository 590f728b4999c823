/** The record types ScaiDNS manages (API.md §7), in the documented order. */
export const RECORD_TYPES = [
  'A',
  'AAAA',
  'MX',
  'CNAME',
  'TXT',
  'NS',
  'SRV',
  'PTR',
  'SOA',
  'CAA',
  'SSHFP',
  'TLSA',
  'DNAME',
  'NAPTR',
  'DS',
  'ALIAS',
] as const;

export type RecordType = (typeof RECORD_TYPES)[number];

/** Exact match: the API documents types as uppercase, so `a` is not a type. */
export function isRecordType(value: unknown): value is RecordType {
  return typeof value === 'string' && (RECORD_TYPES as readonly string[]).includes(value);
}

/** One entry of `GET /api/v1/domains/types`. */
export interface RecordTypeInfo {
  type: RecordType;
  description: string;
  /** Content as a client would send it; already in ScaiDNS's canonical form. */
  example_content: string;
  /** A typical name for the record, relative to the zone (`@` is the apex). */
  example_name: string;
}

/** Descriptions and examples for the types endpoint. The examples use documentation names and addresses only. */
export const RECORD_TYPE_INFO: readonly RecordTypeInfo[] = [
  {
    type: 'A',
    description: 'IPv4 address of a host.',
    example_content: '192.0.2.10',
    example_name: 'www',
  },
  {
    type: 'AAAA',
    description: 'IPv6 address of a host.',
    example_content: '2001:db8::10',
    example_name: 'www',
  },
  {
    type: 'MX',
    description: 'Mail server for the name: a preference (lower is tried first) and a host.',
    example_content: '10 mail.example.com.',
    example_name: '@',
  },
  {
    type: 'CNAME',
    description:
      'Makes the name an alias of another name. No other record may share the name; not at the apex.',
    example_content: 'www.example.com.',
    example_name: 'shop',
  },
  {
    type: 'TXT',
    description:
      'Free text, e.g. SPF, DKIM or verification tokens. Quoted strings of at most 255 bytes each.',
    example_content: '"v=spf1 include:_spf.example.com -all"',
    example_name: '@',
  },
  {
    type: 'NS',
    description: 'Delegates a subdomain to other name servers. The apex NS records are managed by ScaiDNS.',
    example_content: 'ns1.example.net.',
    example_name: 'dev',
  },
  {
    type: 'SRV',
    description: 'Location of a service: priority, weight, port and target host.',
    example_content: '10 60 5060 sip.example.com.',
    example_name: '_sip._tcp',
  },
  {
    type: 'PTR',
    description: 'Reverse mapping from an address (in a reverse zone) to a host name.',
    example_content: 'host.example.com.',
    example_name: '10',
  },
  {
    type: 'SOA',
    description: 'Start of authority of the zone. Managed by ScaiDNS; shown with include_system.',
    example_content: 'ns1.example.com. hostmaster.example.com. 2026010101 10800 3600 604800 3600',
    example_name: '@',
  },
  {
    type: 'CAA',
    description: 'Which certificate authorities may issue certificates for the name: flags, tag and value.',
    example_content: '0 issue "letsencrypt.org"',
    example_name: '@',
  },
  {
    type: 'SSHFP',
    description: 'Fingerprint of an SSH host key: algorithm, fingerprint type and hex fingerprint.',
    example_content: '4 2 0b6e1b4c3b5e2e1a9d0e8a8c4f2a1d9b7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
    example_name: 'server',
  },
  {
    type: 'TLSA',
    description: 'DANE binding of a TLS certificate: usage, selector, matching type and hex data.',
    example_content: '3 1 1 0b6e1b4c3b5e2e1a9d0e8a8c4f2a1d9b7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
    example_name: '_443._tcp.www',
  },
  {
    type: 'DNAME',
    description: 'Redirects everything below the name to another domain.',
    example_content: 'example.net.',
    example_name: 'legacy',
  },
  {
    type: 'NAPTR',
    description:
      'Rewrite rule used by ENUM and SIP: order, preference, flags, service, regexp and replacement.',
    example_content: '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.',
    example_name: '@',
  },
  {
    type: 'DS',
    description:
      'DNSSEC delegation signer of a signed child zone: key tag, algorithm, digest type and digest.',
    example_content: '12345 13 2 0b6e1b4c3b5e2e1a9d0e8a8c4f2a1d9b7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
    example_name: 'dev',
  },
  {
    type: 'ALIAS',
    description: 'Answers A/AAAA queries with the addresses of another name; a CNAME that works at the apex.',
    example_content: 'lb.example.net.',
    example_name: '@',
  },
];
