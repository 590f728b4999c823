import { Injectable, Logger } from '@nestjs/common';
import { DnsLookupError, DnsNameNotFoundError } from 'src/dns-lookup/dns-lookup.errors';
import { DnsLookupService } from 'src/dns-lookup/dns-lookup.service';
import {
  AuthoritativeServers,
  CheckOutcome,
  CheckedServer,
  DelegationCheckResult,
  OwnershipCheckResult,
} from 'src/dns-lookup/dns-lookup.types';
import { DnsMessage, RCODE, RR_TYPE, answerRecords, normalizeName } from 'src/dns-lookup/dns-wire';
import { compareNameservers, summarizeTxtCheck, txtVerdict } from 'src/dns-lookup/ownership-compare';
import { MetricsService } from 'src/metrics/metrics.service';

/**
 * The live DNS checks behind domain validation (API.md §9). Both return a result instead of throwing on DNS trouble
 * (`outcome: 'error'`), and count `scaidns_validation_checks_total{result="valid|invalid|error"}`.
 *
 * TXT challenge (`checkTxtChallenge`):
 * 1. find the zone's nameservers through the resolvers (closest enclosing zone for a subdomain) and their addresses;
 *    NXDOMAIN -> `Domain <zone> does not exist in DNS`;
 * 2. ask every address directly (RD=0) for the TXT; only authoritative (AA) NOERROR/NXDOMAIN answers count;
 * 3. valid when at least one server answered and every answering server returns the expected value
 *    (see ownership-compare.ts); servers that time out / refuse / are lame are listed but ignored;
 * 4. when no nameserver has an address or none answered, ask the resolvers instead (a cached answer there can only
 *    hold an older value, never the new token, so the fallback cannot validate wrongly). When the resolvers fail on
 *    the NS lookup itself the check ends with `outcome: 'error'` at once: they would fail on the TXT too.
 *
 * Time: every DNS exchange is bounded by `dns.queryTimeoutMs` (see DnsLookupService); nameservers are asked in
 * parallel, so a check costs a few sequential round trips (about 1-3 ms against a local PowerDNS).
 */
@Injectable()
export class OwnershipChecker {
  private readonly logger = new Logger(OwnershipChecker.name);

  constructor(
    private readonly dns: DnsLookupService,
    private readonly metrics: MetricsService,
  ) {}

  async checkTxtChallenge(
    zone: string,
    recordName: string,
    expectedValue: string,
  ): Promise<OwnershipCheckResult> {
    const record = normalizeName(recordName);
    const result = await this.runTxtChallenge(normalizeName(zone), record, expectedValue);
    this.count(result.outcome);
    this.logger.debug(`TXT check ${record}: ${result.outcome} (${result.message})`);
    return result;
  }

  /** Valid when the zone's delegated NS set equals `expectedNameservers` (case and trailing dots ignored). */
  async checkNameserverDelegation(
    zone: string,
    expectedNameservers: string[],
  ): Promise<DelegationCheckResult> {
    let result: DelegationCheckResult;
    try {
      result = compareNameservers(zone, await this.dns.lookupDelegation(zone), expectedNameservers);
    } catch (error) {
      const expected = compareNameservers(zone, [], expectedNameservers).expected;
      if (error instanceof DnsNameNotFoundError) {
        result = { valid: false, outcome: 'invalid', message: error.message, found: [], expected };
      } else if (error instanceof DnsLookupError) {
        const message = `Could not look up the nameservers of ${normalizeName(zone)}: ${error.failures.join('; ')}`;
        result = { valid: false, outcome: 'error', message, found: [], expected };
      } else {
        throw error;
      }
    }
    this.count(result.outcome);
    this.logger.debug(`NS check ${normalizeName(zone)}: ${result.outcome} (${result.message})`);
    return result;
  }

  private async runTxtChallenge(
    zone: string,
    recordName: string,
    expected: string,
  ): Promise<OwnershipCheckResult> {
    let servers: AuthoritativeServers;
    try {
      servers = await this.dns.findAuthoritativeServers(zone);
    } catch (error) {
      if (error instanceof DnsNameNotFoundError) {
        return { valid: false, outcome: 'invalid', message: error.message, checked: [] };
      }
      if (!(error instanceof DnsLookupError)) {
        throw error;
      }
      // The resolvers failed on the zone's NS: asking them for the TXT would fail the same way (and take as long).
      const message = `Could not look up the nameservers of ${zone}: ${error.failures.join('; ')}`;
      return { valid: false, outcome: 'error', message, checked: [] };
    }

    const checked = await this.askNameservers(servers, recordName, expected);
    const verdict = summarizeTxtCheck(recordName, expected, checked);
    if (verdict) {
      return { valid: verdict.outcome === 'valid', ...verdict, checked };
    }

    // No nameserver has an address or none answered: the resolvers are the fallback.
    const problems = checked.map((entry) => entry.detail ?? `${entry.server}: no answer`);
    try {
      const answer = await this.dns.resolve(recordName, RR_TYPE.TXT);
      const values = txtValues(answer, recordName);
      checked.push({
        server: 'resolver',
        address: null,
        source: 'resolver',
        result: txtVerdict(values, expected),
        values,
      });
    } catch (error) {
      if (!(error instanceof DnsLookupError)) {
        throw error;
      }
      problems.push(...error.failures);
      const message = `Could not look up ${recordName}: ${[...new Set(problems)].join('; ')}`;
      return { valid: false, outcome: 'error', message, checked };
    }
    const fallback = summarizeTxtCheck(recordName, expected, checked)!;
    return { valid: fallback.outcome === 'valid', ...fallback, checked };
  }

  private async askNameservers(
    servers: AuthoritativeServers,
    recordName: string,
    expected: string,
  ): Promise<CheckedServer[]> {
    // Several NS hosts may share an address: ask each address once.
    const answers = new Map<string, Promise<Omit<CheckedServer, 'server'>>>();
    const ask = (address: string): Promise<Omit<CheckedServer, 'server'>> => {
      let pending = answers.get(address);
      if (!pending) {
        pending = this.askOne(address, recordName, expected);
        answers.set(address, pending);
      }
      return pending;
    };
    const entries = servers.nameservers.flatMap((ns) =>
      ns.addresses.length > 0
        ? ns.addresses.map(async (address) => ({ server: ns.host, ...(await ask(address)) }))
        : [
            Promise.resolve<CheckedServer>({
              server: ns.host,
              address: null,
              source: 'authoritative',
              result: 'unreachable',
              values: [],
              detail: [`${ns.host} has no A/AAAA address`, ...ns.problems].join('; '),
            }),
          ],
    );
    return Promise.all(entries);
  }

  private async askOne(
    address: string,
    recordName: string,
    expected: string,
  ): Promise<Omit<CheckedServer, 'server'>> {
    const endpoint = this.dns.authoritativeEndpoint(address);
    const base = { address: endpoint, source: 'authoritative' as const };
    try {
      const answer = await this.dns.queryAuthoritative(address, recordName, RR_TYPE.TXT);
      if (!answer.authoritative) {
        const detail = `${endpoint} is not authoritative for ${recordName} (no AA flag)`;
        return { ...base, result: 'unreachable', values: [], detail };
      }
      const values = txtValues(answer, recordName);
      return { ...base, result: txtVerdict(values, expected), values };
    } catch (error) {
      if (!(error instanceof DnsLookupError)) {
        throw error;
      }
      return { ...base, result: 'unreachable', values: [], detail: error.failures.join('; ') };
    }
  }

  private count(outcome: CheckOutcome): void {
    this.metrics.validationChecks.inc({ result: outcome });
  }
}

function txtValues(answer: DnsMessage, name: string): string[] {
  if (answer.rcode === RCODE.NXDOMAIN) {
    return [];
  }
  return answerRecords(answer, name, RR_TYPE.TXT).flatMap((record) =>
    record.data.kind === 'txt' ? [record.data.value] : [],
  );
}
