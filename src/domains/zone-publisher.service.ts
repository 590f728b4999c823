import { Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { PlatformConfigService } from 'src/platform-config/platform-config.service';
import { PowerDnsService } from 'src/powerdns/powerdns.service';
import { RrsetChange, RrsetReplace } from 'src/powerdns/powerdns.types';
import { splitRrsetChanges } from 'src/powerdns/rrset-changes';
import { toPowerDnsContent } from 'src/records/content/powerdns-write-content';
import { RecordEntity } from 'src/records/entities/record.entity';

export interface RrsetKey {
  name: string;
  type: string;
}

/** SOA timers (refresh, retry, expire, negative TTL): conventional values for a hidden-primary setup. */
const SOA_TIMERS = '10800 3600 604800 3600';
const SOA_TTL = 3600;

/**
 * Turns ScaiDNS's zone and record rows into what PowerDNS serves. A zone that exists in PowerDNS but must not be
 * answered (inactive, soft-deleted) keeps its data and DNSSEC keys there with its SOA disabled: PowerDNS then
 * answers REFUSED for it, and switching it back on is one PATCH.
 */
@Injectable()
export class ZonePublisher {
  constructor(
    private readonly pdns: PowerDnsService,
    private readonly platform: PlatformConfigService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Creates the zone in PowerDNS with the platform's NS and SOA and every stored record. One request when it fits
   * PowerDNS's body limit (atomic); otherwise create, then patch in chunks, and delete the zone again if any chunk
   * fails, so a zone is published whole or not at all.
   */
  async publish(domain: DomainEntity, records: RecordEntity[]): Promise<void> {
    const nameservers = await this.platform.nameservers();
    const system = [
      this.soaRrset(domain, nameservers, domain.status !== 'active'),
      nsRrset(domain, nameservers),
    ];
    const rrsets = groupIntoRrsets(records);
    const fitsOneRequest = splitRrsetChanges(domain.fqdn, [...system, ...rrsets]).length === 1;
    await this.pdns.createZone({
      name: domain.fqdn,
      kind: 'Native',
      nameservers: [],
      soaEditApi: 'DEFAULT',
      rrsets: (fitsOneRequest ? [...system, ...rrsets] : system).map(
        ({ name, type, ttl, records: list }) => ({
          name,
          type,
          ttl,
          records: list,
        }),
      ),
    });
    if (fitsOneRequest) {
      return;
    }
    try {
      await this.pdns.patchRrsets(domain.fqdn, rrsets);
    } catch (error) {
      await this.pdns.deleteZone(domain.fqdn).catch(() => false);
      throw error;
    }
  }

  async unpublish(domain: DomainEntity): Promise<void> {
    await this.pdns.deleteZone(domain.fqdn);
  }

  /** Switches answering on or off without losing the zone's data or keys. */
  async setServing(domain: DomainEntity, serving: boolean): Promise<void> {
    const nameservers = await this.platform.nameservers();
    await this.pdns.patchRrsets(domain.fqdn, [this.soaRrset(domain, nameservers, !serving)]);
    await this.pdns.flushCache(domain.fqdn);
  }

  /** Replaces the given rrsets with the rows that now exist for them (none: the rrset is deleted). */
  async pushRrsets(domain: DomainEntity, keys: RrsetKey[], rows: RecordEntity[]): Promise<void> {
    const changes = rrsetChanges(keys, rows);
    if (changes.length > 0) {
      await this.pdns.patchRrsets(domain.fqdn, changes);
    }
  }

  /**
   * Whether `pushRrsets` with these arguments is one PATCH, which PowerDNS applies entirely or not at all. A change
   * list over PowerDNS's body limit is sent as several PATCHes, and a failure in a later one leaves the earlier applied.
   */
  pushIsAtomic(domain: DomainEntity, keys: RrsetKey[], rows: RecordEntity[]): boolean {
    return splitRrsetChanges(domain.fqdn, rrsetChanges(keys, rows)).length <= 1;
  }

  /** Rewrites the apex NS and SOA from the platform nameserver list (after /admin/nameservers changes). */
  async rewriteNameservers(domain: DomainEntity, nameservers: string[]): Promise<void> {
    const serving = domain.status === 'active';
    await this.pdns.patchRrsets(domain.fqdn, [
      this.soaRrset(domain, nameservers, !serving),
      nsRrset(domain, nameservers),
    ]);
  }

  /** The SOA and apex NS ScaiDNS manages, for listings with include_system. */
  async systemRecords(domain: DomainEntity): Promise<{ type: 'SOA' | 'NS'; content: string; ttl: number }[]> {
    const nameservers = await this.platform.nameservers();
    const live = domain.published ? await this.pdns.getZone(domain.fqdn, { rrsets: true }) : null;
    const soa = live?.rrsets?.find((rrset) => rrset.type === 'SOA' && rrset.name === domain.fqdn)?.records[0]
      ?.content;
    return [
      { type: 'SOA', content: soa ?? this.soaContent(domain, nameservers, 0), ttl: SOA_TTL },
      ...nameservers.map((content) => ({ type: 'NS' as const, content, ttl: domain.defaultTtl })),
    ];
  }

  private soaRrset(domain: DomainEntity, nameservers: string[], disabled: boolean): RrsetReplace {
    // The serial is PowerDNS's to manage (soa_edit_api DEFAULT bumps it on every change).
    return {
      name: domain.fqdn,
      type: 'SOA',
      ttl: SOA_TTL,
      changetype: 'REPLACE',
      records: [{ content: this.soaContent(domain, nameservers, 1), disabled }],
    };
  }

  private soaContent(domain: DomainEntity, nameservers: string[], serial: number): string {
    const hostmaster = this.config.dns.hostmaster.includes('.')
      ? this.config.dns.hostmaster.replace(/\.?$/, '.')
      : `${this.config.dns.hostmaster}.${domain.fqdn}`;
    return `${nameservers[0]} ${hostmaster} ${serial} ${SOA_TIMERS}`;
  }
}

function nsRrset(domain: DomainEntity, nameservers: string[]): RrsetReplace {
  return {
    name: domain.fqdn,
    type: 'NS',
    ttl: domain.defaultTtl,
    changetype: 'REPLACE',
    records: nameservers.map((content) => ({ content, disabled: false })),
  };
}

/** The PowerDNS changes that make the given rrsets hold exactly `rows` (an rrset without rows is deleted). */
function rrsetChanges(keys: RrsetKey[], rows: RecordEntity[]): RrsetChange[] {
  const unique = new Map(keys.map((key) => [`${key.name}|${key.type}`, key]));
  const grouped = new Map(groupIntoRrsets(rows).map((rrset) => [`${rrset.name}|${rrset.type}`, rrset]));
  return [...unique.entries()].map(
    ([id, key]) => grouped.get(id) ?? { name: key.name, type: key.type, changetype: 'DELETE' },
  );
}

/**
 * Records → rrsets. An rrset has one TTL (RFC 2181 §5.2); when its records disagree it is served with the lowest,
 * which is what resolvers would use anyway.
 */
export function groupIntoRrsets(rows: RecordEntity[]): RrsetReplace[] {
  const sets = new Map<string, RrsetReplace>();
  for (const row of rows) {
    const id = `${row.name}|${row.type}`;
    const rrset = sets.get(id) ?? {
      name: row.name,
      type: row.type,
      ttl: row.ttl,
      changetype: 'REPLACE' as const,
      records: [],
    };
    rrset.ttl = Math.min(rrset.ttl, row.ttl);
    rrset.records.push({ content: toPowerDnsContent(row.type, row.content), disabled: row.disabled });
    sets.set(id, rrset);
  }
  return [...sets.values()];
}
