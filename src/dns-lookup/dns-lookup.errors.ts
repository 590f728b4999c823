import { AppException } from 'src/common/errors/app.exception';

/**
 * How DNS lookups fail, as seen by callers of DnsLookupService (the ownership checks turn these into a
 * `{ valid: false }` result instead of throwing):
 *
 * | outcome                                                        | error                 | HTTP |
 * |----------------------------------------------------------------|-----------------------|------|
 * | the name is NXDOMAIN                                           | DnsNameNotFoundError  | 400  |
 * | no server gave a usable answer (timeout, refused, SERVFAIL...) | DnsLookupError        | 503 (+ Retry-After) |
 * | the name cannot be put in a DNS query                          | InvalidDnsNameError   | 400  |
 */
export class DnsNameNotFoundError extends AppException {
  constructor(readonly domain: string) {
    super(400, `Domain ${domain} does not exist in DNS`, 'DNS_NAME_NOT_FOUND');
  }
}

export class DnsLookupError extends AppException {
  constructor(
    /** What was asked, e.g. `example.org NS`. */
    readonly question: string,
    /** One line per server (or step) that failed, e.g. `127.0.0.1:53 answered SERVFAIL`. */
    readonly failures: string[],
  ) {
    super(503, `DNS lookup of ${question} failed: ${failures.join('; ')}`, 'DNS_LOOKUP_FAILED', {
      headers: { 'Retry-After': '30' },
    });
  }
}

export class InvalidDnsNameError extends AppException {
  constructor(name: string) {
    super(400, `${JSON.stringify(name)} is not a valid DNS name`, 'INVALID_DNS_NAME');
  }
}
