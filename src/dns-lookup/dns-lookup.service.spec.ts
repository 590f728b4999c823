import { AppConfig } from 'src/config/app-config';
import { DnsLookupError, DnsNameNotFoundError, InvalidDnsNameError } from 'src/dns-lookup/dns-lookup.errors';
import { DnsLookupService } from 'src/dns-lookup/dns-lookup.service';
import { DnsServerAddress, formatServerAddress } from 'src/dns-lookup/dns-server-address';
import { DnsExchangeOptions, DnsQueryError, DnsTransport } from 'src/dns-lookup/dns-transport';
import { DnsMessage, DnsResourceRecord, RCODE, RR_TYPE, RecordData, typeName } from 'src/dns-lookup/dns-wire';

const rr = (name: string, type: number, data: RecordData): DnsResourceRecord => ({
  name,
  type,
  class: 1,
  ttl: 60,
  data,
});
const ns = (owner: string, host: string): DnsResourceRecord =>
  rr(owner, RR_TYPE.NS, { kind: 'name', name: host });
const a = (owner: string, address: string): DnsResourceRecord =>
  rr(owner, RR_TYPE.A, { kind: 'address', address });
const soa = (owner: string): DnsResourceRecord =>
  rr(owner, RR_TYPE.SOA, {
    kind: 'soa',
    mname: `ns1.${owner}`,
    rname: `hostmaster.${owner}`,
    serial: 1,
    refresh: 1,
    retry: 1,
    expire: 1,
    minimum: 1,
  });

function message(fields: Partial<DnsMessage> = {}): DnsMessage {
  return {
    id: 1,
    response: true,
    opcode: 0,
    authoritative: false,
    truncated: false,
    recursionDesired: true,
    recursionAvailable: true,
    rcode: RCODE.NOERROR,
    questions: [],
    answers: [],
    authorities: [],
    additionals: [],
    ...fields,
  };
}

const timeout = (server: string): DnsQueryError =>
  new DnsQueryError('timeout', server, `${server} did not answer within 100 ms`);
const refused = (server: string): DnsQueryError =>
  new DnsQueryError('network', server, `${server}: connection refused (ECONNREFUSED)`);

type Reply = DnsMessage | DnsQueryError;

/**
 * A scripted DNS: `world['127.0.0.1:53 example.test NS']` is what that server answers. Unlisted questions get
 * NXDOMAIN from resolvers; every exchange is recorded in `asked`.
 */
class FakeTransport extends DnsTransport {
  readonly asked: string[] = [];

  constructor(private readonly world: Record<string, Reply | Reply[]>) {
    super();
  }

  override query(
    server: DnsServerAddress,
    name: string,
    type: number,
    options: DnsExchangeOptions,
  ): Promise<DnsMessage> {
    const key = `${formatServerAddress(server)} ${name} ${typeName(type)}`;
    this.asked.push(`${key}${options.recursionDesired ? '' : ' (RD=0)'}`);
    const scripted = this.world[key];
    const reply = Array.isArray(scripted) ? scripted.shift() : scripted;
    if (reply instanceof DnsQueryError) {
      return Promise.reject(reply);
    }
    return Promise.resolve(reply ?? message({ rcode: RCODE.NXDOMAIN }));
  }
}

const R1 = '127.0.0.1:5301';
const R2 = '127.0.0.1:5302';

function service(
  world: Record<string, Reply | Reply[]>,
  resolvers = [R1],
): { dns: DnsLookupService; transport: FakeTransport } {
  const transport = new FakeTransport(world);
  const config = {
    dns: { resolvers, queryTimeoutMs: 100, authoritativePort: 5399, nameservers: [], hostmaster: 'h' },
  };
  return { dns: new DnsLookupService(config as unknown as AppConfig, transport), transport };
}

describe('DnsLookupService', () => {
  it('should refuse a configuration without usable resolvers', () => {
    expect(() => service({}, [])).toThrow('dns.resolvers is empty');
    expect(() => service({}, ['dns.google'])).toThrow('invalid DNS server address');
  });

  describe('resolve', () => {
    it('should move on to the next resolver after SERVFAIL or REFUSED', async () => {
      const { dns } = service(
        {
          [`${R1} x.test A`]: message({ rcode: RCODE.SERVFAIL }),
          [`${R2} x.test A`]: message({ answers: [a('x.test', '192.0.2.1')] }),
        },
        [R1, R2],
      );
      await expect(dns.resolve('X.test.', RR_TYPE.A)).resolves.toMatchObject({
        answers: [a('x.test', '192.0.2.1')],
      });
    });

    it('should take NXDOMAIN as a final answer', async () => {
      const { dns, transport } = service({}, [R1, R2]);
      await expect(dns.resolve('x.test', RR_TYPE.A)).resolves.toMatchObject({ rcode: RCODE.NXDOMAIN });
      expect(transport.asked).toEqual([`${R1} x.test A`]);
    });

    it('should ask a timed-out resolver once more but not a refusing one, then list every failure', async () => {
      const { dns, transport } = service(
        { [`${R1} x.test A`]: [timeout(R1), timeout(R1)], [`${R2} x.test A`]: refused(R2) },
        [R1, R2],
      );
      const error = await dns.resolve('x.test', RR_TYPE.A).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DnsLookupError);
      expect((error as DnsLookupError).message).toBe(
        `DNS lookup of x.test A failed: ${R1} did not answer within 100 ms; ${R2}: connection refused (ECONNREFUSED)`,
      );
      expect(transport.asked).toEqual([`${R1} x.test A`, `${R2} x.test A`, `${R1} x.test A`]);
    });

    it('should succeed when the retry of a timed-out resolver answers', async () => {
      const { dns } = service({ [`${R1} x.test A`]: [timeout(R1), message()] });
      await expect(dns.resolve('x.test', RR_TYPE.A)).resolves.toMatchObject({ rcode: RCODE.NOERROR });
    });

    it('should refuse names that cannot be queried', async () => {
      const { dns } = service({});
      await expect(dns.resolve('a..b', RR_TYPE.A)).rejects.toBeInstanceOf(InvalidDnsNameError);
    });
  });

  describe('findAuthoritativeServers', () => {
    const zoneWorld = {
      [`${R1} owner.test NS`]: message({
        answers: [ns('owner.test', 'ns1.owner.test'), ns('owner.test', 'ns2.dns.test')],
      }),
      [`${R1} ns1.owner.test A`]: message({ answers: [a('ns1.owner.test', '127.0.0.1')] }),
      [`${R1} ns1.owner.test AAAA`]: message({ authorities: [soa('owner.test')] }),
      [`${R1} ns2.dns.test A`]: message({
        answers: [a('ns2.dns.test', '127.0.0.2'), a('ns2.dns.test', '127.0.0.2')],
      }),
      [`${R1} ns2.dns.test AAAA`]: [timeout(R1), timeout(R1)],
    };

    it('should return the NS hosts with their addresses and the failed address lookups', async () => {
      const { dns } = service(zoneWorld);
      await expect(dns.findAuthoritativeServers('Owner.Test.')).resolves.toEqual({
        zone: 'owner.test',
        nameservers: [
          { host: 'ns1.owner.test', addresses: ['127.0.0.1'], problems: [] },
          {
            host: 'ns2.dns.test',
            addresses: ['127.0.0.2'],
            problems: [`DNS lookup of ns2.dns.test AAAA failed: ${R1} did not answer within 100 ms`],
          },
        ],
      });
    });

    it('should jump to the zone named by the SOA of a NODATA answer for a subdomain', async () => {
      const { dns, transport } = service({
        ...zoneWorld,
        [`${R1} a.b.owner.test NS`]: message({ authorities: [soa('owner.test')] }),
      });
      await expect(dns.findAuthoritativeServers('a.b.owner.test')).resolves.toMatchObject({
        zone: 'owner.test',
      });
      expect(transport.asked.filter((q) => q.endsWith(' NS'))).toEqual([
        `${R1} a.b.owner.test NS`,
        `${R1} owner.test NS`,
      ]);
    });

    it('should walk up one label at a time when the NODATA answer has no SOA', async () => {
      const { dns, transport } = service({
        ...zoneWorld,
        [`${R1} a.b.owner.test NS`]: message(),
        [`${R1} b.owner.test NS`]: message(),
      });
      await expect(dns.findAuthoritativeServers('a.b.owner.test')).resolves.toMatchObject({
        zone: 'owner.test',
      });
      expect(transport.asked.filter((q) => q.endsWith(' NS'))).toEqual([
        `${R1} a.b.owner.test NS`,
        `${R1} b.owner.test NS`,
        `${R1} owner.test NS`,
      ]);
    });

    it('should take the NS set of a referral (authority section) as the nameservers', async () => {
      const { dns } = service({
        ...zoneWorld,
        [`${R1} child.owner.test NS`]: message({ authorities: [ns('child.owner.test', 'ns1.owner.test')] }),
      });
      await expect(dns.findAuthoritativeServers('child.owner.test')).resolves.toMatchObject({
        zone: 'child.owner.test',
        nameservers: [{ host: 'ns1.owner.test', addresses: ['127.0.0.1'] }],
      });
    });

    it('should report an NXDOMAIN name as not existing', async () => {
      const { dns } = service({});
      const error = await dns.findAuthoritativeServers('nowhere.test').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DnsNameNotFoundError);
      expect((error as Error).message).toBe('Domain nowhere.test does not exist in DNS');
    });

    it('should fail clearly when only the root remains', async () => {
      const { dns } = service({ [`${R1} x.test NS`]: message(), [`${R1} test NS`]: message() });
      await expect(dns.findAuthoritativeServers('x.test')).rejects.toThrow(
        'DNS lookup of x.test NS failed: no enclosing zone with NS records found below the root',
      );
    });

    it('should pass resolver failures on', async () => {
      const { dns } = service({ [`${R1} x.test NS`]: message({ rcode: RCODE.SERVFAIL }) });
      await expect(dns.findAuthoritativeServers('x.test')).rejects.toThrow(`${R1} answered SERVFAIL`);
    });
  });

  describe('queryAuthoritative', () => {
    it('should ask the address on the authoritative port without recursion', async () => {
      const { dns, transport } = service({ ['127.0.0.1:5399 x.test TXT']: message({ authoritative: true }) });
      await expect(dns.queryAuthoritative('127.0.0.1', 'x.test', RR_TYPE.TXT)).resolves.toMatchObject({
        authoritative: true,
      });
      expect(transport.asked).toEqual(['127.0.0.1:5399 x.test TXT (RD=0)']);
      expect(dns.authoritativeEndpoint('::1')).toBe('[::1]:5399');
    });
  });

  describe('lookupDelegation', () => {
    it('should return the NS set the resolvers report', async () => {
      const { dns } = service({
        [`${R1} x.test NS`]: message({ answers: [ns('x.test', 'ns1.p.test'), ns('x.test', 'ns2.p.test')] }),
      });
      await expect(dns.lookupDelegation('x.test')).resolves.toEqual(['ns1.p.test', 'ns2.p.test']);
    });

    it('should return an empty set for a name without NS records and throw for NXDOMAIN', async () => {
      const { dns } = service({ [`${R1} x.test NS`]: message({ authorities: [soa('test')] }) });
      await expect(dns.lookupDelegation('x.test')).resolves.toEqual([]);
      await expect(dns.lookupDelegation('y.test')).rejects.toBeInstanceOf(DnsNameNotFoundError);
    });

    it("should ask the parent's nameservers for the referral when the resolvers fail (lame delegation)", async () => {
      const { dns, transport } = service({
        [`${R1} child.parent.test NS`]: message({ rcode: RCODE.SERVFAIL }),
        [`${R1} parent.test NS`]: message({ answers: [ns('parent.test', 'ns.parent.test')] }),
        [`${R1} ns.parent.test A`]: message({ answers: [a('ns.parent.test', '127.0.0.9')] }),
        [`${R1} ns.parent.test AAAA`]: message(),
        ['127.0.0.9:5399 child.parent.test NS']: message({
          authoritative: false,
          authorities: [
            ns('child.parent.test', 'ns1.platform.test'),
            ns('child.parent.test', 'ns2.platform.test'),
          ],
        }),
      });
      await expect(dns.lookupDelegation('child.parent.test')).resolves.toEqual([
        'ns1.platform.test',
        'ns2.platform.test',
      ]);
      expect(transport.asked).toContain('127.0.0.9:5399 child.parent.test NS (RD=0)');
    });

    it('should report the resolver failure when the parent cannot be asked either', async () => {
      const { dns } = service({
        [`${R1} child.parent.test NS`]: message({ rcode: RCODE.SERVFAIL }),
        [`${R1} parent.test NS`]: message({ rcode: RCODE.SERVFAIL }),
      });
      await expect(dns.lookupDelegation('child.parent.test')).rejects.toThrow(
        `DNS lookup of child.parent.test NS failed: ${R1} answered SERVFAIL`,
      );
    });

    it('should report NXDOMAIN from the parent as a missing domain', async () => {
      const { dns } = service({
        [`${R1} child.parent.test NS`]: message({ rcode: RCODE.SERVFAIL }),
        [`${R1} parent.test NS`]: message({ answers: [ns('parent.test', 'ns.parent.test')] }),
        [`${R1} ns.parent.test A`]: message({ answers: [a('ns.parent.test', '127.0.0.9')] }),
        [`${R1} ns.parent.test AAAA`]: message(),
        ['127.0.0.9:5399 child.parent.test NS']: message({ authoritative: true, rcode: RCODE.NXDOMAIN }),
      });
      await expect(dns.lookupDelegation('child.parent.test')).rejects.toBeInstanceOf(DnsNameNotFoundError);
    });
  });

  describe('lookupDs', () => {
    const ds = rr('child.parent.test', RR_TYPE.DS, {
      kind: 'ds',
      keyTag: 1,
      algorithm: 13,
      digestType: 2,
      digest: 'AB',
    });

    it('should return the parsed DS records of the name only', async () => {
      const { dns } = service({
        [`${R1} child.parent.test DS`]: message({
          answers: [ds, rr('child.parent.test', 46, { kind: 'raw', bytes: Buffer.alloc(1) })],
        }),
      });
      await expect(dns.lookupDs('Child.Parent.Test.')).resolves.toEqual([
        { keyTag: 1, algorithm: 13, digestType: 2, digest: 'AB' },
      ]);
    });

    it('should return an empty list when there is no DS rrset', async () => {
      const { dns } = service({
        [`${R1} child.parent.test DS`]: message({ authorities: [soa('parent.test')] }),
      });
      await expect(dns.lookupDs('child.parent.test')).resolves.toEqual([]);
    });

    it('should throw for NXDOMAIN and for unreachable resolvers', async () => {
      const { dns } = service({ [`${R1} dead.test DS`]: refused(R1) });
      await expect(dns.lookupDs('nowhere.test')).rejects.toBeInstanceOf(DnsNameNotFoundError);
      await expect(dns.lookupDs('dead.test')).rejects.toThrow(
        `DNS lookup of dead.test DS failed: ${R1}: connection refused`,
      );
    });
  });
});
