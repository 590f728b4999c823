import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Compensations } from 'src/database/transaction-runner';
import { RSA_KEY_BITS } from 'src/dnssec/dnssec-policy';
import { allDsRecords, keyTag, parseDnskey } from 'src/dnssec/dnssec-digest';
import { DnssecKeysRepository } from 'src/dnssec/dnssec-keys.repository';
import { toSnapshot } from 'src/dnssec/dnssec.mapper';
import { KeyState, KeyType, deriveStatus } from 'src/dnssec/dnssec-state-machine';
import { DnssecKeyEntity } from 'src/dnssec/entities/dnssec-key.entity';
import { DomainsRepository } from 'src/domains/domains.repository';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { PowerDnsError } from 'src/powerdns/powerdns.errors';
import { PowerDnsService } from 'src/powerdns/powerdns.service';
import { DnssecAlgorithmNumber } from 'src/powerdns/powerdns.types';

export interface NewKey {
  keyType: KeyType;
  algorithm: DnssecAlgorithmNumber;
  state: Extract<KeyState, 'published' | 'active'>;
  activateAt: Date;
  expiresAt: Date;
}

/**
 * Key changes in PowerDNS mirrored in `dnssec_keys`, for use inside a TransactionRunner unit of work: every reversible
 * PowerDNS change registers its undo, irreversible ones (deletes) are meant to be called last. Also keeps the zone's
 * `dnssec_enabled` / `dnssec_status` columns in step with its keys.
 */
@Injectable()
export class DnssecKeyStore {
  private readonly logger = new Logger(DnssecKeyStore.name);

  constructor(
    private readonly pdns: PowerDnsService,
    private readonly keys: DnssecKeysRepository,
    private readonly domains: DomainsRepository,
  ) {}

  /** Creates the key in PowerDNS (undone by deleting it if the unit of work fails) and returns its unsaved row. */
  async create(domain: DomainEntity, input: NewKey, compensations: Compensations): Promise<DnssecKeyEntity> {
    const rsa = input.algorithm === 8 || input.algorithm === 10;
    const created = await this.pdns.createCryptokey(domain.fqdn, {
      keytype: input.keyType === 'KSK' ? 'ksk' : 'zsk',
      active: input.state === 'active',
      published: true,
      algorithm: input.algorithm,
      ...(rsa ? { bits: RSA_KEY_BITS } : {}),
    });
    compensations.add(`delete ${input.keyType} ${created.id} of ${domain.name}`, () =>
      this.pdns.deleteCryptokey(domain.fqdn, created.id),
    );
    const dnskey = parseDnskey(created.dnskey);
    return this.keys.create({
      tenantId: domain.tenantId,
      domainId: domain.id,
      pdnsKeyId: created.id,
      keyType: input.keyType,
      flags: dnskey.flags,
      algorithm: dnskey.algorithm,
      keyTag: keyTag(dnskey),
      publicKey: dnskey.publicKey,
      state: input.state,
      active: input.state === 'active',
      dsRecords: input.keyType === 'KSK' ? allDsRecords(domain.name, dnskey) : null,
      dsConfirmedAt: null,
      activateAt: input.activateAt,
      retireAt: null,
      removeAt: null,
      removedAt: null,
      expiresAt: input.expiresAt,
      createdAt: new Date(),
    });
  }

  /** Switches signing on or off for the key (undone if the unit of work fails). */
  async setActive(
    domain: DomainEntity,
    key: DnssecKeyEntity,
    active: boolean,
    compensations: Compensations,
  ): Promise<void> {
    await this.pdns.setCryptokeyActive(domain.fqdn, key.pdnsKeyId, active);
    compensations.add(`set ${key.keyType} ${key.pdnsKeyId} of ${domain.name} active=${!active}`, () =>
      this.pdns.setCryptokeyActive(domain.fqdn, key.pdnsKeyId, !active),
    );
    key.active = active;
  }

  /** Marks the key removed; call `deleteFromPowerDns` for it as the last step of the unit of work. */
  markRemoved(key: DnssecKeyEntity, now: Date): void {
    key.state = 'removed';
    key.active = false;
    key.removedAt = now;
  }

  /** Irreversible: deletes the keys from PowerDNS. A key PowerDNS no longer has counts as deleted. */
  async deleteFromPowerDns(domain: DomainEntity, keys: readonly DnssecKeyEntity[]): Promise<void> {
    for (const key of keys) {
      if (!(await this.pdns.deleteCryptokey(domain.fqdn, key.pdnsKeyId))) {
        this.logger.warn(
          `PowerDNS had no key ${key.pdnsKeyId} (${key.keyType} ${key.keyTag}) of ${domain.name} any more`,
        );
      }
    }
  }

  /** Saves the changed key rows, then the zone's DNSSEC columns derived from all its keys. */
  async save(
    manager: EntityManager,
    domain: DomainEntity,
    changed: DnssecKeyEntity[],
    all: readonly DnssecKeyEntity[],
  ): Promise<void> {
    if (changed.length > 0) {
      await this.keys.save(changed, manager);
    }
    const status = deriveStatus(all.map(toSnapshot));
    if (domain.dnssecStatus !== status || domain.dnssecEnabled !== (status !== 'disabled')) {
      domain.dnssecStatus = status;
      domain.dnssecEnabled = status !== 'disabled';
      await this.domains.save(domain, manager);
    }
  }

  /**
   * After key changes: drop PowerDNS's cached answers for the zone so the new DNSKEY set and signatures are served
   * at once. Best effort (the cache expires by itself within cache-ttl).
   */
  async flush(domain: DomainEntity): Promise<void> {
    try {
      await this.pdns.flushCache(domain.fqdn);
    } catch (error) {
      const reason = error instanceof PowerDnsError ? error.message : String(error);
      this.logger.warn(`Could not flush PowerDNS's cache for ${domain.name}: ${reason}`);
    }
  }
}
