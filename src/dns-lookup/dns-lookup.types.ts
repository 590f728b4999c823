/** Public shapes of the dns-lookup module. Names are lowercase, without the trailing dot. */

/** One DS record of a delegation, as published in the parent zone. `digest` is uppercase hex. */
export interface DsRecord {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: string;
}

export interface AuthoritativeNameserver {
  /** The NS host name, e.g. `ns1.example.net`. */
  host: string;
  /** Its A and AAAA addresses (may be empty). */
  addresses: string[];
  /** Why an address lookup failed, e.g. `ns1.example.net AAAA: ... timed out` (lookups that found nothing are not problems). */
  problems: string[];
}

export interface AuthoritativeServers {
  /** The zone whose NS records were used: the name itself, or its closest enclosing zone (for a subdomain). */
  zone: string;
  nameservers: AuthoritativeNameserver[];
}

/** `valid`: the check passed; `invalid`: DNS answered and the answer is wrong; `error`: DNS could not be asked. */
export type CheckOutcome = 'valid' | 'invalid' | 'error';

/** What one server said about the challenge record. */
export type ServerVerdict = 'match' | 'mismatch' | 'missing' | 'unreachable';

export interface CheckedServer {
  /** The NS host name for authoritative servers, `resolver` for the recursive resolvers (fallback). */
  server: string;
  /** `ip:port` that was asked; null when the NS host has no address. */
  address: string | null;
  source: 'authoritative' | 'resolver';
  result: ServerVerdict;
  /** The TXT values found at the record name (chunks joined). */
  values: string[];
  /** Why the server counts as unreachable. */
  detail?: string;
}

export interface OwnershipCheckResult {
  valid: boolean;
  outcome: CheckOutcome;
  /** For the user, e.g. `No DNS record found for _scaidns-verify.example.com`. */
  message: string;
  checked: CheckedServer[];
}

export interface DelegationCheckResult {
  valid: boolean;
  outcome: CheckOutcome;
  message: string;
  /** The NS set found (sorted), empty when none or on error. */
  found: string[];
  /** The NS set required (sorted). */
  expected: string[];
}
