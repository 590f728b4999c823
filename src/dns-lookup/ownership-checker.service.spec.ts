import { Logger } from '@nestjs/common';
import { DnsLookupError, DnsNameNotFoundError } from 'src/dns-lookup/dns-lookup.errors';
import { DnsLookupService } from 'src/dns-lookup/dns-lookup.service';
import { AuthoritativeServers } from 'src/dns-lookup/dns-lookup.types';
import { DnsMessage, DnsResourceRecord, RCODE, RR_TYPE } from 'src/dns-lookup/dns-wire';
import { OwnershipChecker } from 'src/dns-lookup/ownership-checker.service';
import { MetricsService } from 'src/metrics/metrics.service';

const ZONE = 'owner.test';
const RECORD = '_scaidns-verify.owner.test';
const EXPECTED = 'scaidns-verify=0123abcd';

const txt = (value: string, owner = RECORD): DnsResourceRecord => ({
  name: owner,
  type: RR_TYPE.TXT,
  class: 1,
  ttl: 60,
  data: { kind: 'txt', strings: [value], value },
});

function message(fields: Partial<DnsMessage> = {}): DnsMessage {
  return {
    id: 1,
    response: true,
    opcode: 0,
    authoritative: true,
    truncated: false,
    recursionDesired: false,
    recursionAvailable: false,
    rcode: RCODE.NOERROR,
    questions: [],
    answers: [],
    authorities: [],
    additionals: [],
    ...fields,
  };
}

const TWO_SERVERS: AuthoritativeServers = {
  zone: ZONE,
  nameservers: [
    { host: 'ns1.owner.test', addresses: ['127.0.0.1'], problems: [] },
    { host: 'ns2.owner.test', addresses: ['127.0.0.2'], problems: [] },
  ],
};

type Answer = DnsMessage | DnsLookupError;

/** A DnsLookupService double: nameservers to return, and what each address (or the resolvers) answers. */
function checker(setup: {
  servers?: AuthoritativeServers | Error;
  answers?: Record<string, Answer>;
  resolver?: Answer;
  delegation?: string[] | Error;
}): { check: OwnershipChecker; dns: jest.Mocked<DnsLookupService>; metrics: MetricsService } {
  const settle = <T>(value: T | Error | undefined, fallback: () => Error): Promise<T> =>
    value instanceof Error
      ? Promise.reject(value)
      : value === undefined
        ? Promise.reject(fallback())
        : Promise.resolve(value);
  const dns = {
    findAuthoritativeServers: jest.fn(() => settle(setup.servers, () => new Error('no servers scripted'))),
    queryAuthoritative: jest.fn((address: string) =>
      settle(
        setup.answers?.[address],
        () => new DnsLookupError('x', [`${address}:53 did not answer within 100 ms`]),
      ),
    ),
    resolve: jest.fn(() => settle(setup.resolver, () => new Error('no resolver answer scripted'))),
    authoritativeEndpoint: jest.fn((address: string) => `${address}:53`),
    lookupDelegation: jest.fn(() => settle(setup.delegation, () => new Error('no delegation scripted'))),
  } as unknown as jest.Mocked<DnsLookupService>;
  const metrics = new MetricsService();
  return { check: new OwnershipChecker(dns, metrics), dns, metrics };
}

async function counted(metrics: MetricsService): Promise<Record<string, number>> {
  const { values } = await metrics.validationChecks.get();
  return Object.fromEntries(values.map((value) => [String(value.labels.result), value.value]));
}

describe('OwnershipChecker', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterAll(() => {
    jest.restoreAllMocks();
  });

  describe('checkTxtChallenge', () => {
    it('should pass when every authoritative server returns the expected value, and count it', async () => {
      const { check, dns, metrics } = checker({
        servers: TWO_SERVERS,
        answers: {
          '127.0.0.1': message({ answers: [txt('v=spf1 -all'), txt(EXPECTED)] }),
          '127.0.0.2': message({ answers: [txt(EXPECTED)] }),
        },
      });
      const result = await check.checkTxtChallenge('Owner.Test.', `${RECORD}.`, EXPECTED);
      expect(result).toEqual({
        valid: true,
        outcome: 'valid',
        message: `TXT record ${RECORD} has the expected value`,
        checked: [
          {
            server: 'ns1.owner.test',
            address: '127.0.0.1:53',
            source: 'authoritative',
            result: 'match',
            values: ['v=spf1 -all', EXPECTED],
          },
          {
            server: 'ns2.owner.test',
            address: '127.0.0.2:53',
            source: 'authoritative',
            result: 'match',
            values: [EXPECTED],
          },
        ],
      });
      expect(dns.findAuthoritativeServers).toHaveBeenCalledWith(ZONE);
      expect(dns.queryAuthoritative).toHaveBeenCalledWith('127.0.0.1', RECORD, RR_TYPE.TXT);
      expect(dns.resolve).not.toHaveBeenCalled();
      expect(await counted(metrics)).toEqual({ valid: 1 });
    });

    it('should say the domain does not exist when its name is NXDOMAIN', async () => {
      const { check, metrics } = checker({ servers: new DnsNameNotFoundError('nowhere.test') });
      await expect(
        check.checkTxtChallenge('nowhere.test', '_scaidns-verify.nowhere.test', EXPECTED),
      ).resolves.toEqual({
        valid: false,
        outcome: 'invalid',
        message: 'Domain nowhere.test does not exist in DNS',
        checked: [],
      });
      expect(await counted(metrics)).toEqual({ invalid: 1 });
    });

    it('should report a missing record (NODATA and NXDOMAIN alike)', async () => {
      const { check } = checker({
        servers: TWO_SERVERS,
        answers: { '127.0.0.1': message(), '127.0.0.2': message({ rcode: RCODE.NXDOMAIN }) },
      });
      await expect(check.checkTxtChallenge(ZONE, RECORD, EXPECTED)).resolves.toMatchObject({
        valid: false,
        message: `No DNS record found for ${RECORD}`,
      });
    });

    it('should report a mismatch with the expected value', async () => {
      const { check } = checker({
        servers: TWO_SERVERS,
        answers: { '127.0.0.1': message({ answers: [txt('scaidns-verify=old')] }), '127.0.0.2': message() },
      });
      const result = await check.checkTxtChallenge(ZONE, RECORD, EXPECTED);
      expect(result.message).toBe(`TXT record found but value doesn't match. Expected: ${EXPECTED}`);
      expect(result.checked.map((entry) => entry.result)).toEqual(['mismatch', 'missing']);
    });

    it('should ignore a server that times out when the others agree', async () => {
      const { check } = checker({
        servers: TWO_SERVERS,
        answers: { '127.0.0.2': message({ answers: [txt(EXPECTED)] }) },
      });
      const result = await check.checkTxtChallenge(ZONE, RECORD, EXPECTED);
      expect(result.valid).toBe(true);
      expect(result.checked[0]).toMatchObject({
        result: 'unreachable',
        detail: '127.0.0.1:53 did not answer within 100 ms',
      });
    });

    it('should not pass while one answering server still lacks the record', async () => {
      const { check } = checker({
        servers: TWO_SERVERS,
        answers: { '127.0.0.1': message({ answers: [txt(EXPECTED)] }), '127.0.0.2': message() },
      });
      const result = await check.checkTxtChallenge(ZONE, RECORD, EXPECTED);
      expect(result).toMatchObject({ valid: false, outcome: 'invalid' });
      expect(result.message).toContain('on 1 of 2 nameservers, not yet on ns2.owner.test (127.0.0.2:53)');
    });

    it('should not trust a server that answers without the AA flag (lame delegation)', async () => {
      const { check } = checker({
        servers: TWO_SERVERS,
        answers: {
          '127.0.0.1': message({ authoritative: false, answers: [txt('scaidns-verify=forged')] }),
          '127.0.0.2': message({ answers: [txt(EXPECTED)] }),
        },
      });
      const result = await check.checkTxtChallenge(ZONE, RECORD, EXPECTED);
      expect(result.valid).toBe(true);
      expect(result.checked[0]).toMatchObject({
        result: 'unreachable',
        detail: expect.stringContaining('no AA flag') as unknown,
      });
    });

    it('should ask an address shared by several NS hosts only once', async () => {
      const { check, dns } = checker({
        servers: {
          zone: ZONE,
          nameservers: [
            { host: 'ns1.owner.test', addresses: ['127.0.0.1'], problems: [] },
            { host: 'ns2.owner.test', addresses: ['127.0.0.1'], problems: [] },
          ],
        },
        answers: { '127.0.0.1': message({ answers: [txt(EXPECTED)] }) },
      });
      const result = await check.checkTxtChallenge(ZONE, RECORD, EXPECTED);
      expect(result.checked.map((entry) => entry.server)).toEqual(['ns1.owner.test', 'ns2.owner.test']);
      expect(dns.queryAuthoritative).toHaveBeenCalledTimes(1);
    });

    it('should fall back to the resolvers when no nameserver answers', async () => {
      const { check } = checker({
        servers: {
          zone: ZONE,
          nameservers: [
            { host: 'ns1.owner.test', addresses: [], problems: [] },
            { host: 'ns2.owner.test', addresses: ['127.0.0.2'], problems: [] },
          ],
        },
        resolver: message({ authoritative: false, answers: [txt(EXPECTED)] }),
      });
      const result = await check.checkTxtChallenge(ZONE, RECORD, EXPECTED);
      expect(result).toMatchObject({ valid: true, outcome: 'valid' });
      expect(result.checked).toEqual([
        expect.objectContaining({
          server: 'ns1.owner.test',
          result: 'unreachable',
          detail: 'ns1.owner.test has no A/AAAA address',
        }),
        expect.objectContaining({ server: 'ns2.owner.test', result: 'unreachable' }),
        { server: 'resolver', address: null, source: 'resolver', result: 'match', values: [EXPECTED] },
      ]);
    });

    it('should report a missing record found through the resolver fallback', async () => {
      const { check, dns } = checker({
        servers: {
          zone: ZONE,
          nameservers: [{ host: 'ns1.owner.test', addresses: ['127.0.0.1'], problems: [] }],
        },
        resolver: message({ rcode: RCODE.NXDOMAIN }),
      });
      const result = await check.checkTxtChallenge(ZONE, RECORD, EXPECTED);
      expect(result).toMatchObject({
        valid: false,
        outcome: 'invalid',
        message: `No DNS record found for ${RECORD}`,
      });
      expect(dns.resolve).toHaveBeenCalledWith(RECORD, RR_TYPE.TXT);
    });

    it('should report an error, and count it, when neither the nameservers nor the resolvers answer', async () => {
      const { check, metrics } = checker({
        servers: TWO_SERVERS,
        resolver: new DnsLookupError(`${RECORD} TXT`, ['127.0.0.1:5300 answered SERVFAIL']),
      });
      await expect(check.checkTxtChallenge(ZONE, RECORD, EXPECTED)).resolves.toMatchObject({
        valid: false,
        outcome: 'error',
        message:
          `Could not look up ${RECORD}: 127.0.0.1:53 did not answer within 100 ms; ` +
          '127.0.0.2:53 did not answer within 100 ms; 127.0.0.1:5300 answered SERVFAIL',
      });
      expect(await counted(metrics)).toEqual({ error: 1 });
    });

    it('should end with an error, without a fallback, when the resolvers fail on the NS lookup', async () => {
      const { check, dns } = checker({
        servers: new DnsLookupError('owner.test NS', ['127.0.0.1:1: connection refused (ECONNREFUSED)']),
      });
      await expect(check.checkTxtChallenge(ZONE, RECORD, EXPECTED)).resolves.toEqual({
        valid: false,
        outcome: 'error',
        message:
          'Could not look up the nameservers of owner.test: 127.0.0.1:1: connection refused (ECONNREFUSED)',
        checked: [],
      });
      expect(dns.resolve).not.toHaveBeenCalled();
    });

    it('should let unexpected errors through', async () => {
      const { check } = checker({ servers: new TypeError('bug') });
      await expect(check.checkTxtChallenge(ZONE, RECORD, EXPECTED)).rejects.toThrow('bug');
    });
  });

  describe('checkNameserverDelegation', () => {
    const PLATFORM = ['ns1.scaidns.test.', 'ns2.scaidns.test.'];

    it('should pass when the delegation equals the platform nameservers', async () => {
      const { check, metrics } = checker({ delegation: ['NS2.scaidns.test', 'ns1.scaidns.test'] });
      await expect(check.checkNameserverDelegation(ZONE, PLATFORM)).resolves.toMatchObject({
        valid: true,
        outcome: 'valid',
        message: 'Nameservers match: ns1.scaidns.test, ns2.scaidns.test',
      });
      expect(await counted(metrics)).toEqual({ valid: 1 });
    });

    it('should list found and expected nameservers on a mismatch', async () => {
      const { check } = checker({ delegation: ['ns1.other.test'] });
      await expect(check.checkNameserverDelegation(ZONE, PLATFORM)).resolves.toEqual({
        valid: false,
        outcome: 'invalid',
        message:
          "Nameservers don't match. Expected: ns1.scaidns.test, ns2.scaidns.test; found: ns1.other.test",
        found: ['ns1.other.test'],
        expected: ['ns1.scaidns.test', 'ns2.scaidns.test'],
      });
    });

    it('should say the domain does not exist, or that DNS could not be asked', async () => {
      const missing = checker({ delegation: new DnsNameNotFoundError('nowhere.test') });
      await expect(missing.check.checkNameserverDelegation('nowhere.test', PLATFORM)).resolves.toMatchObject({
        outcome: 'invalid',
        message: 'Domain nowhere.test does not exist in DNS',
      });
      const dead = checker({
        delegation: new DnsLookupError('owner.test NS', ['127.0.0.1:1: connection refused']),
      });
      await expect(dead.check.checkNameserverDelegation(ZONE, PLATFORM)).resolves.toMatchObject({
        outcome: 'error',
        message: 'Could not look up the nameservers of owner.test: 127.0.0.1:1: connection refused',
      });
      expect(await counted(dead.metrics)).toEqual({ error: 1 });
    });
  });
});
