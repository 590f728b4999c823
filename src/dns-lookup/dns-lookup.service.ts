import { Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { DnsLookupError, DnsNameNotFoundError, InvalidDnsNameError } from 'src/dns-lookup/dns-lookup.errors';
import { AuthoritativeNameserver, AuthoritativeServers, DsRecord } from 'src/dns-lookup/dns-lookup.types';
import { DnsServerAddress, formatServerAddress, parseServerAddress } from 'src/dns-lookup/dns-server-address';
import { DnsQueryError, DnsTransport } from 'src/dns-lookup/dns-transport';
import {
  DnsMessage,
  DnsResourceRecord,
  RCODE,
  RR_TYPE,
  answerRecords,
  encodeName,
  isSubdomainOf,
  normalizeName,
  parentName,
  rcodeName,
  typeName,
} from 'src/dns-lookup/dns-wire';

/** Rounds over the server list; only servers that timed out are asked again (UDP loss), refusals are final. */
const ROUNDS = 2;
/** Enough to walk from any subdomain up to its zone; the SOA in NODATA answers usually jumps there in one step. */
const MAX_WALK_STEPS = 16;

/**
 * DNS queries for the validation and DNSSEC checks, over the module's own wire-format client (node:dns exposes
 * neither DS records, nor the rcode of an answer, nor its AA flag).
 *
 * - Recursive questions go to `dns.resolvers` (ip or ip:port, tried in order; the first NOERROR/NXDOMAIN wins).
 * - Authoritative servers found through NS records are asked directly on `dns.authoritativePort` (53 unless tests
 *   or a private deployment run the nameservers on another port).
 * - Every exchange waits at most `dns.queryTimeoutMs`; a server that timed out is asked once more, so one question
 *   takes at most 2 x servers x timeout, and a refused connection fails at once.
 */
@Injectable()
export class DnsLookupService {
  private readonly resolvers: DnsServerAddress[];
  private readonly timeoutMs: number;
  private readonly authoritativePort: number;

  constructor(
    config: AppConfig,
    private readonly transport: DnsTransport,
  ) {
    if (config.dns.resolvers.length === 0) {
      throw new Error('dns.resolvers is empty: at least one DNS resolver is needed');
    }
    this.resolvers = config.dns.resolvers.map((resolver) => parseServerAddress(resolver));
    this.timeoutMs = config.dns.queryTimeoutMs;
    this.authoritativePort = config.dns.authoritativePort;
  }

  /** Asks the recursive resolvers; returns the first NOERROR or NXDOMAIN answer, else throws DnsLookupError. */
  async resolve(name: string, type: number): Promise<DnsMessage> {
    return await this.ask(this.resolvers, checkedName(name), type, true);
  }

  /**
   * Asks one authoritative server (an IP address, queried on `dns.authoritativePort`, RD=0) and returns its
   * NOERROR/NXDOMAIN answer (check `authoritative` before trusting it), else throws DnsLookupError.
   */
  async queryAuthoritative(address: string, name: string, type: number): Promise<DnsMessage> {
    return await this.ask(
      [parseServerAddress(address, this.authoritativePort)],
      checkedName(name),
      type,
      false,
    );
  }

  /** `ip:port` under which `queryAuthoritative(address, ...)` reaches a server. */
  authoritativeEndpoint(address: string): string {
    return formatServerAddress(parseServerAddress(address, this.authoritativePort));
  }

  /**
   * The nameservers of `zone` with their addresses, as the resolvers see them. A name without NS records of its own
   * (a subdomain inside its parent's zone) gets its closest enclosing zone's nameservers.
   * Throws DnsNameNotFoundError when `zone` is NXDOMAIN, DnsLookupError when the resolvers fail or no zone is found.
   */
  async findAuthoritativeServers(zone: string): Promise<AuthoritativeServers> {
    const start = checkedName(zone);
    let name = start;
    for (let step = 0; step < MAX_WALK_STEPS; step++) {
      const answer = await this.resolve(name, RR_TYPE.NS);
      if (answer.rcode === RCODE.NXDOMAIN) {
        if (name === start) {
          throw new DnsNameNotFoundError(start);
        }
        throw new DnsLookupError(`${start} NS`, [
          `${name} is NXDOMAIN although ${start} exists (inconsistent answers)`,
        ]);
      }
      const hosts = nsHosts(answer, name);
      if (hosts.length > 0) {
        return { zone: name, nameservers: await Promise.all(hosts.map((host) => this.addressesOf(host))) };
      }
      const next = enclosingZone(answer, name);
      if (next === null || next === '') {
        break;
      }
      name = next;
    }
    throw new DnsLookupError(`${start} NS`, [`no enclosing zone with NS records found below the root`]);
  }

  /**
   * The NS set delegating `zone`, as the resolvers report it. When the resolvers fail (typically SERVFAIL because the
   * delegated servers do not serve the zone yet, e.g. before ScaiDNS creates it), the parent zone's authoritative
   * servers are asked for their referral instead. Empty when the name exists but is not delegated.
   */
  async lookupDelegation(zone: string): Promise<string[]> {
    const name = checkedName(zone);
    let resolverFailure: DnsLookupError;
    try {
      const answer = await this.resolve(name, RR_TYPE.NS);
      if (answer.rcode === RCODE.NXDOMAIN) {
        throw new DnsNameNotFoundError(name);
      }
      return nsHosts(answer, name);
    } catch (error) {
      if (!(error instanceof DnsLookupError)) {
        throw error;
      }
      resolverFailure = error;
    }
    const parent = parentName(name);
    if (!parent) {
      throw resolverFailure;
    }
    let servers: AuthoritativeServers;
    try {
      servers = await this.findAuthoritativeServers(parent);
    } catch (error) {
      throw error instanceof DnsNameNotFoundError ? new DnsNameNotFoundError(name) : resolverFailure;
    }
    const failures = [...resolverFailure.failures];
    for (const address of servers.nameservers.flatMap((ns) => ns.addresses)) {
      try {
        const answer = await this.queryAuthoritative(address, name, RR_TYPE.NS);
        if (answer.rcode === RCODE.NXDOMAIN && answer.authoritative) {
          throw new DnsNameNotFoundError(name);
        }
        const hosts = nsHosts(answer, name);
        if (hosts.length > 0 || answer.authoritative) {
          return hosts;
        }
        failures.push(
          `${this.authoritativeEndpoint(address)} gave neither a referral nor an authoritative answer`,
        );
      } catch (error) {
        if (!(error instanceof DnsLookupError)) {
          throw error;
        }
        failures.push(...error.failures);
      }
    }
    throw new DnsLookupError(`${name} NS`, failures);
  }

  /**
   * The DS rrset of `zone` (published in its parent) through the resolvers; empty when there is none.
   * Throws DnsNameNotFoundError when the name does not exist, DnsLookupError when the resolvers cannot be asked.
   */
  async lookupDs(zone: string): Promise<DsRecord[]> {
    const name = checkedName(zone);
    const answer = await this.resolve(name, RR_TYPE.DS);
    if (answer.rcode === RCODE.NXDOMAIN) {
      throw new DnsNameNotFoundError(name);
    }
    return answer.answers.flatMap((record) =>
      record.name === name && record.data.kind === 'ds'
        ? [
            {
              keyTag: record.data.keyTag,
              algorithm: record.data.algorithm,
              digestType: record.data.digestType,
              digest: record.data.digest,
            },
          ]
        : [],
    );
  }

  private async addressesOf(host: string): Promise<AuthoritativeNameserver> {
    const lookups = await Promise.allSettled(
      [RR_TYPE.A, RR_TYPE.AAAA].map(async (type) =>
        answerRecords(await this.resolve(host, type), host, type),
      ),
    );
    const addresses: string[] = [];
    const problems: string[] = [];
    for (const lookup of lookups) {
      if (lookup.status === 'fulfilled') {
        addresses.push(
          ...lookup.value.flatMap((record) => (record.data.kind === 'address' ? [record.data.address] : [])),
        );
      } else if (lookup.reason instanceof DnsLookupError) {
        problems.push(lookup.reason.message);
      } else {
        throw lookup.reason;
      }
    }
    return { host, addresses: [...new Set(addresses)], problems };
  }

  private async ask(
    servers: DnsServerAddress[],
    name: string,
    type: number,
    recursionDesired: boolean,
  ): Promise<DnsMessage> {
    const failures = new Map<string, string>();
    let pending = servers;
    for (let round = 0; round < ROUNDS && pending.length > 0; round++) {
      const timedOut: DnsServerAddress[] = [];
      for (const server of pending) {
        try {
          const answer = await this.transport.query(server, name, type, {
            recursionDesired,
            timeoutMs: this.timeoutMs,
          });
          if (answer.rcode === RCODE.NOERROR || answer.rcode === RCODE.NXDOMAIN) {
            return answer;
          }
          failures.set(
            formatServerAddress(server),
            `${formatServerAddress(server)} answered ${rcodeName(answer.rcode)}`,
          );
        } catch (error) {
          if (!(error instanceof DnsQueryError)) {
            throw error;
          }
          failures.set(formatServerAddress(server), error.message);
          if (error.kind === 'timeout') {
            timedOut.push(server);
          }
        }
      }
      pending = timedOut;
    }
    throw new DnsLookupError(`${name} ${typeName(type)}`, [...failures.values()]);
  }
}

/** Normalises a name and makes sure it fits in a query. */
function checkedName(name: string): string {
  const normal = normalizeName(name);
  try {
    encodeName(normal);
  } catch {
    throw new InvalidDnsNameError(name);
  }
  return normal;
}

/**
 * NS hosts of `name`, sorted so results are stable: from the answer section, or from the authority section of a
 * referral (what an authoritative server, or a non-recursive "resolver" such as the tests' PowerDNS, answers for a
 * delegated name).
 */
function nsHosts(message: DnsMessage, name: string): string[] {
  const fromSection = (records: DnsResourceRecord[]): string[] =>
    records.flatMap((record) =>
      record.type === RR_TYPE.NS && record.name === name && record.data.kind === 'name'
        ? [record.data.name]
        : [],
    );
  const hosts = fromSection(message.answers);
  return [...new Set(hosts.length > 0 ? hosts : fromSection(message.authorities))].sort();
}

/** The next name to ask for NS: the zone named by the SOA of a NODATA answer when it encloses `name`, else the parent. */
function enclosingZone(message: DnsMessage, name: string): string | null {
  const soa = message.authorities.find((record) => record.type === RR_TYPE.SOA);
  if (soa && soa.name !== name && isSubdomainOf(name, soa.name)) {
    return soa.name;
  }
  return parentName(name);
}
