import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { Permission } from 'src/auth/permissions';
import { RequestContext } from 'src/common/context/request-context';
import { ForbiddenError } from 'src/common/errors/app.exception';
import { TransactionRunner } from 'src/database/transaction-runner';
import { DnsLookupError, DnsNameNotFoundError } from 'src/dns-lookup/dns-lookup.errors';
import { DnsLookupService } from 'src/dns-lookup/dns-lookup.service';
import { DsData, formatDs, sameDs } from 'src/dnssec/dnssec-digest';
import { DnssecKeyStore } from 'src/dnssec/dnssec-key-store.service';
import { DnssecKeysRepository } from 'src/dnssec/dnssec-keys.repository';
import { DEFAULT_DNSSEC_ALGORITHM, DNSSEC_POLICY, DnssecPolicy } from 'src/dnssec/dnssec-policy';
import { deriveStatus, kskAwaitingDs, zskRolloverInProgress } from 'src/dnssec/dnssec-state-machine';
import {
  DnssecStateError,
  DnssecUnknownKeyError,
  DsNotPublishedError,
  DsStillPublishedError,
  ParentDsLookupError,
  UnsupportedAlgorithmError,
} from 'src/dnssec/dnssec.errors';
import { keyAuditView, publishableDs, toDsDto, toKeyDto, toSnapshot } from 'src/dnssec/dnssec.mapper';
import {
  ConfirmDsPublishedDto,
  DisableDnssecDto,
  DnssecActionResultDto,
  DnssecConfirmResultDto,
  DnssecEnableResultDto,
  DnssecRotateKskResultDto,
  DnssecRotateZskResultDto,
  DnssecStateDto,
  EnableDnssecDto,
  SUPPORTED_ALGORITHMS,
} from 'src/dnssec/dto/dnssec.dto';
import { DnssecKeyEntity } from 'src/dnssec/entities/dnssec-key.entity';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { PowerDnsService } from 'src/powerdns/powerdns.service';
import { DnssecAlgorithmNumber } from 'src/powerdns/powerdns.types';
import { ZoneHandle, ZoneLookupService } from 'src/zone-store/zone-lookup.service';

/** The parent's DS set as far as ScaiDNS could learn it. */
type ParentDs = { ok: true; records: DsData[]; note?: string } | { ok: false; reason: string };

/**
 * DNSSEC of one zone through the API: enable (separate KSK + ZSK, status pending_ds), read, disable, start ZSK and
 * KSK rollovers, and confirm the parent's DS. Signing itself is PowerDNS's; automatic ZSK rollover steps are in
 * DnssecRolloverService. Every change locks the zone row, mirrors the keys in `dnssec_keys`, keeps the zone's
 * dnssec columns in step and is audited, in one transaction with PowerDNS changes undone on failure.
 */
@Injectable()
export class DnssecService {
  private readonly logger = new Logger(DnssecService.name);

  constructor(
    private readonly zones: ZoneLookupService,
    private readonly keys: DnssecKeysRepository,
    private readonly store: DnssecKeyStore,
    private readonly pdns: PowerDnsService,
    private readonly dns: DnsLookupService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(DNSSEC_POLICY) private readonly policy: DnssecPolicy,
  ) {}

  async get(context: RequestContext, domainId: string): Promise<DnssecStateDto> {
    const { domain } = await this.zones.get(context, domainId, 'dnssec:read');
    const keys = await this.keys.findLive(domain.tenantId, domain.id);
    const ksks = keys.filter((key) => key.keyType === 'KSK');
    const inService = ksks.filter((key) => key.state === 'active');
    return {
      enabled: domain.dnssecEnabled,
      status: domain.dnssecStatus,
      algorithm: (inService[inService.length - 1] ?? ksks[0])?.algorithm ?? null,
      ksk: ksks.map(toKeyDto),
      zsk: keys.filter((key) => key.keyType === 'ZSK').map(toKeyDto),
      ds_records: inService.flatMap(publishableDs).map(toDsDto),
    };
  }

  async enable(
    context: RequestContext,
    domainId: string,
    dto: EnableDnssecDto,
  ): Promise<DnssecEnableResultDto> {
    const { domain } = await this.zones.get(context, domainId, 'dnssec:enable');
    const algorithm = dto.algorithm ?? DEFAULT_DNSSEC_ALGORITHM;
    if (!(SUPPORTED_ALGORITHMS as readonly number[]).includes(algorithm)) {
      throw new UnsupportedAlgorithmError(algorithm, SUPPORTED_ALGORITHMS);
    }
    const result = await this.transactions.run(async (manager, compensations) => {
      const row = await this.zones.lock(manager, domain);
      if (row.dnssecEnabled) {
        throw new DnssecStateError('DNSSEC is already enabled for this zone');
      }
      if (row.status !== 'active' || !row.published) {
        throw new DnssecStateError(
          `DNSSEC can only be enabled on an active zone (this zone is ${row.status})`,
        );
      }
      await this.removeStrayKeys(row);
      const now = new Date();
      const common = {
        algorithm: algorithm as DnssecAlgorithmNumber,
        state: 'active' as const,
        activateAt: now,
      };
      const ksk = await this.store.create(
        row,
        { ...common, keyType: 'KSK', expiresAt: after(now, this.policy.kskLifetimeMs) },
        compensations,
      );
      // If anything below fails, PowerDNS must forget every key of this attempt (the zone was unsigned before).
      compensations.add(`remove the DNSSEC keys of ${row.name}`, () =>
        this.pdns.removeAllDnssecKeys(row.fqdn),
      );
      const zsk = await this.store.create(
        row,
        { ...common, keyType: 'ZSK', expiresAt: after(now, this.policy.zskLifetimeMs) },
        compensations,
      );
      // PowerDNS rectifies on every API change (default-api-rectify); once more now that the zone is signed.
      await this.pdns.rectifyZone(row.fqdn);
      await this.store.save(manager, row, [ksk, zsk], [ksk, zsk]);
      await this.record(context, manager, row, 'dnssec.enable', {
        algorithm,
        status: row.dnssecStatus,
        keys: [keyAuditView(ksk), keyAuditView(zsk)],
      });
      return { row, ksk, zsk };
    });
    await this.store.flush(result.row);
    return {
      domain_id: result.row.id,
      action: 'enable',
      message: 'DNSSEC enabled',
      status: result.row.dnssecStatus,
      ksk: toKeyDto(result.ksk),
      zsk: toKeyDto(result.zsk),
      ds_records: publishableDs(result.ksk).map(toDsDto),
    };
  }

  /**
   * Removes every key. Refused (409) while the parent still publishes a DS for the zone — the zone would turn bogus
   * for validating resolvers — and (503) when the parent cannot be asked, unless `force` is set.
   */
  async disable(
    context: RequestContext,
    domainId: string,
    dto: DisableDnssecDto,
  ): Promise<DnssecActionResultDto> {
    const { domain } = await this.zones.get(context, domainId, 'dnssec:disable');
    if (!domain.dnssecEnabled) {
      throw new DnssecStateError('DNSSEC is not enabled for this zone');
    }
    const force = dto.force === true;
    const parent = await this.parentDs(domain.name);
    if (!force) {
      if (!parent.ok) {
        throw new ParentDsLookupError(
          domain.name,
          parent.reason,
          'Retry later, or send {"force": true} to disable without checking.',
        );
      }
      if (parent.records.length > 0) {
        throw new DsStillPublishedError(domain.name, parent.records);
      }
    }
    // Unforced, the checks above leave nothing; forced, whatever the parent still publishes is reported.
    const parentDs: DsData[] = parent.ok ? parent.records : [];
    const row = await this.transactions.run(async (manager) => {
      const locked = await this.zones.lock(manager, domain);
      if (!locked.dnssecEnabled) {
        throw new DnssecStateError('DNSSEC is not enabled for this zone');
      }
      const keys = await this.keys.findLive(locked.tenantId, locked.id, manager);
      const now = new Date();
      keys.forEach((key) => this.store.markRemoved(key, now));
      await this.store.save(manager, locked, keys, []);
      await this.record(context, manager, locked, 'dnssec.disable', {
        forced: force,
        parent_ds: parentDs.map(formatDs),
        removed_keys: keys.map((key) => ({ key_type: key.keyType, key_tag: key.keyTag })),
      });
      // Last: PowerDNS deletes every key of the zone, which cannot be undone.
      await this.pdns.removeAllDnssecKeys(locked.fqdn);
      return locked;
    });
    await this.store.flush(row);
    const warning =
      parentDs.length > 0
        ? `The parent zone still publishes DS records for ${row.name} (${parentDs.map(formatDs).join(', ')}): remove them ` +
          'at the registrar now; until they are gone validating resolvers answer SERVFAIL for the zone.'
        : 'Make sure no DS record for the zone remains at the registrar, or validating resolvers will answer SERVFAIL.';
    return {
      domain_id: row.id,
      action: 'disable',
      message: `DNSSEC disabled and all signing keys removed. ${warning}`,
      status: row.dnssecStatus,
    };
  }

  /** Pre-publishes a new ZSK now; the rollover job activates it after the pre-publication period. */
  async rotateZsk(context: RequestContext, domainId: string): Promise<DnssecRotateZskResultDto> {
    const { domain } = await this.zones.get(context, domainId, 'dnssec:rotate');
    const result = await this.transactions.run(async (manager, compensations) => {
      const row = await this.lockSigned(manager, domain);
      const keys = await this.keys.findLive(row.tenantId, row.id, manager);
      if (zskRolloverInProgress(keys.map(toSnapshot))) {
        throw new DnssecStateError(
          'A ZSK rollover is already in progress for this zone; it finishes automatically',
        );
      }
      const current = keys.filter((key) => key.keyType === 'ZSK' && key.state === 'active');
      const algorithm = (current[0] ?? keys[0]).algorithm as DnssecAlgorithmNumber;
      const activateAt = after(new Date(), this.policy.zskPrepublishMs);
      const zsk = await this.store.create(
        row,
        {
          keyType: 'ZSK',
          algorithm,
          state: 'published',
          activateAt,
          expiresAt: after(activateAt, this.policy.zskLifetimeMs),
        },
        compensations,
      );
      await this.store.save(manager, row, [zsk], [...keys, zsk]);
      await this.record(context, manager, row, 'dnssec.rotate_zsk', {
        step: 'prepublish',
        automatic: false,
        new_key: keyAuditView(zsk),
        retiring_keys: current.map(keyAuditView),
      });
      return { row, zsk, current };
    });
    await this.store.flush(result.row);
    return {
      domain_id: result.row.id,
      action: 'rotate_zsk',
      message:
        `New ZSK ${result.zsk.keyTag} published; it starts signing at ${result.zsk.activateAt?.toISOString()}, when ` +
        `the current ZSK (${result.current.map((key) => key.keyTag).join(', ') || 'none'}) retires. No registrar change is needed.`,
      status: result.row.dnssecStatus,
      zsk: toKeyDto(result.zsk),
      retiring_zsk: result.current.map(toKeyDto),
    };
  }

  /** Double-KSK rollover: a new KSK signs the DNSKEY set next to the old one until the parent has its DS. */
  async rotateKsk(context: RequestContext, domainId: string): Promise<DnssecRotateKskResultDto> {
    const { domain } = await this.zones.get(context, domainId, 'dnssec:rotate');
    const result = await this.transactions.run(async (manager, compensations) => {
      const row = await this.lockSigned(manager, domain);
      const keys = await this.keys.findLive(row.tenantId, row.id, manager);
      const status = deriveStatus(keys.map(toSnapshot));
      if (status === 'pending_ds' || status === 'rotating_ksk') {
        const awaiting = kskAwaitingDs(keys.map(toSnapshot)).map(
          (snapshot) => keys.find((key) => key.id === snapshot.id)?.keyTag,
        );
        throw new DnssecStateError(
          `The DS of KSK ${awaiting.join(', ')} has not been confirmed yet (status ${status}): publish it at the registrar ` +
            'and call confirm-ds-published before starting another KSK rollover',
        );
      }
      const current = keys.filter((key) => key.keyType === 'KSK' && key.state === 'active');
      const algorithm = (current[current.length - 1] ?? keys[0]).algorithm as DnssecAlgorithmNumber;
      const now = new Date();
      const ksk = await this.store.create(
        row,
        {
          keyType: 'KSK',
          algorithm,
          state: 'active',
          activateAt: now,
          expiresAt: after(now, this.policy.kskLifetimeMs),
        },
        compensations,
      );
      await this.store.save(manager, row, [ksk], [...keys, ksk]);
      await this.record(context, manager, row, 'dnssec.rotate_ksk', {
        new_key: keyAuditView(ksk),
        ds_records: publishableDs(ksk).map(formatDs),
        current_keys: current.map(keyAuditView),
      });
      return { row, ksk, current };
    });
    await this.store.flush(result.row);
    return {
      domain_id: result.row.id,
      action: 'rotate_ksk',
      message:
        `New KSK ${result.ksk.keyTag} created and signing next to the current KSK ` +
        `(${result.current.map((key) => key.keyTag).join(', ')}). Publish its DS record at the registrar (keep the ` +
        'current DS until then), then call confirm-ds-published; the old KSK is removed after that.',
      status: result.row.dnssecStatus,
      ksk: toKeyDto(result.ksk),
      ds_records: publishableDs(result.ksk).map(toDsDto),
    };
  }

  /**
   * Checks, through the configured resolvers, that the parent publishes a DS for the KSK awaiting confirmation, then
   * moves pending_ds → active, or rotating_ksk → active with the old KSK retiring (removed once the parent's old DS
   * set can no longer be cached, `kskRetireMs`; at once when that is 0). No DS: 409; parent unreachable: 503.
   */
  async confirmDsPublished(
    context: RequestContext,
    domainId: string,
    dto: ConfirmDsPublishedDto,
  ): Promise<DnssecConfirmResultDto> {
    const { domain } = await this.getWithAny(context, domainId, ['dnssec:enable', 'dnssec:rotate']);
    const keys = await this.keys.findLive(domain.tenantId, domain.id);
    const target = this.confirmationTarget(domain, keys, dto.key_tag);
    const parent = await this.parentDs(domain.name);
    if (!parent.ok) {
      throw new ParentDsLookupError(domain.name, parent.reason, 'Try again once the DS is visible in DNS.');
    }
    const expected = target.dsRecords ?? [];
    const matched = parent.records.filter((ds) => expected.some((own) => sameDs(own, ds)));
    if (matched.length === 0) {
      throw new DsNotPublishedError(
        domain.name,
        target.keyTag,
        publishableDs(target),
        parent.records,
        parent.note,
      );
    }

    const result = await this.transactions.run(async (manager) => {
      const row = await this.lockSigned(manager, domain);
      const current = await this.keys.findLive(row.tenantId, row.id, manager);
      const key = current.find((candidate) => candidate.id === target.id);
      if (!key || key.state !== 'active' || key.dsConfirmedAt !== null) {
        throw new DnssecStateError(
          `KSK ${target.keyTag} no longer awaits DS confirmation (status ${row.dnssecStatus})`,
        );
      }
      const now = new Date();
      key.dsConfirmedAt = now;
      const replaced = current.filter(
        (other) =>
          other.keyType === 'KSK' &&
          other.state === 'active' &&
          other.id !== key.id &&
          other.dsConfirmedAt !== null,
      );
      const removeNow = this.policy.kskRetireMs <= 0;
      for (const old of replaced) {
        old.retireAt = now;
        old.removeAt = after(now, this.policy.kskRetireMs);
        old.state = 'retiring';
        if (removeNow) {
          this.store.markRemoved(old, now);
        }
      }
      const previousStatus = row.dnssecStatus;
      await this.store.save(manager, row, [key, ...replaced], current);
      await this.record(context, manager, row, 'dnssec.confirm_ds_published', {
        key_tag: key.keyTag,
        matched_ds: matched.map(formatDs),
        parent_ds: parent.records.map(formatDs),
        status_before: previousStatus,
        status_after: row.dnssecStatus,
        replaced_keys: replaced.map(keyAuditView),
      });
      if (removeNow && replaced.length > 0) {
        await this.store.deleteFromPowerDns(row, replaced);
      }
      return { row, key, replaced, previousStatus };
    });
    if (result.replaced.length > 0) {
      await this.store.flush(result.row);
    }
    const replacedTags = result.replaced.map((key) => key.keyTag).join(', ');
    return {
      domain_id: result.row.id,
      action: 'confirm_ds_published',
      message:
        result.replaced.length === 0
          ? `DS publication confirmed for KSK ${result.key.keyTag}; DNSSEC is ${result.row.dnssecStatus}`
          : result.replaced.every((key) => key.state === 'removed')
            ? `DS publication confirmed for KSK ${result.key.keyTag}; the old KSK (${replacedTags}) was removed`
            : `DS publication confirmed for KSK ${result.key.keyTag}; the old KSK (${replacedTags}) is removed at ` +
              `${result.replaced[0].removeAt?.toISOString()}, once the parent's old DS can no longer be cached. You can ` +
              'delete its DS at the registrar now.',
      status: result.row.dnssecStatus,
      key_tag: result.key.keyTag,
      matched_ds: matched.map(toDsDto),
    };
  }

  // ---------------------------------------------------------------- internals

  /** The zone for a caller holding any one of the permissions on it (404/403 as ZoneLookupService decides). */
  private async getWithAny(
    context: RequestContext,
    domainId: string,
    permissions: Permission[],
  ): Promise<ZoneHandle> {
    let denied: unknown;
    for (const permission of permissions) {
      try {
        return await this.zones.get(context, domainId, permission);
      } catch (error) {
        if (!(error instanceof ForbiddenError)) {
          throw error;
        }
        denied = error;
      }
    }
    throw denied instanceof ForbiddenError
      ? new ForbiddenError(`Permission denied: requires ${permissions.join(' or ')} on this zone`)
      : denied;
  }

  private confirmationTarget(
    domain: DomainEntity,
    keys: DnssecKeyEntity[],
    keyTag: number | undefined,
  ): DnssecKeyEntity {
    if (!domain.dnssecEnabled) {
      throw new DnssecStateError('DNSSEC is not enabled for this zone');
    }
    const awaiting = kskAwaitingDs(keys.map(toSnapshot)).map((snapshot) =>
      keys.find((key) => key.id === snapshot.id)!,
    );
    if (keyTag !== undefined) {
      const match = awaiting.find((key) => key.keyTag === keyTag);
      if (match) {
        return match;
      }
      if (!keys.some((key) => key.keyType === 'KSK' && key.keyTag === keyTag)) {
        throw new DnssecUnknownKeyError(keyTag);
      }
      throw new DnssecStateError(
        `KSK ${keyTag} does not await DS confirmation` +
          (awaiting.length > 0
            ? ` (awaiting: ${awaiting.map((key) => key.keyTag).join(', ')})`
            : ` (status ${domain.dnssecStatus})`),
      );
    }
    const newest = awaiting[awaiting.length - 1];
    if (!newest) {
      throw new DnssecStateError(`No DS publication awaits confirmation (status ${domain.dnssecStatus})`);
    }
    return newest;
  }

  /** Locks the zone row and checks DNSSEC is on. */
  private async lockSigned(manager: EntityManager, domain: DomainEntity): Promise<DomainEntity> {
    const row = await this.zones.lock(manager, domain);
    if (!row.dnssecEnabled) {
      throw new DnssecStateError('DNSSEC is not enabled for this zone');
    }
    return row;
  }

  /** The parent's DS set for the zone via the configured resolvers; a name the parent does not know has none. */
  private async parentDs(zone: string): Promise<ParentDs> {
    try {
      return { ok: true, records: await this.dns.lookupDs(zone) };
    } catch (error) {
      if (error instanceof DnsNameNotFoundError) {
        return {
          ok: true,
          records: [],
          note: `${zone} does not exist in DNS (NXDOMAIN): it is not delegated from its parent.`,
        };
      }
      if (error instanceof DnsLookupError) {
        return { ok: false, reason: error.failures.join('; ') || error.message };
      }
      throw error;
    }
  }

  /**
   * A zone ScaiDNS marks unsigned must have no keys in PowerDNS. Keys found there anyway (a failed attempt whose
   * clean-up failed, or a change made outside ScaiDNS) are removed before new ones are made.
   */
  private async removeStrayKeys(domain: DomainEntity): Promise<void> {
    const stray = await this.pdns.listCryptokeys(domain.fqdn);
    if (stray.length > 0) {
      this.logger.warn(
        `${domain.name} is unsigned in ScaiDNS but PowerDNS has ${stray.length} key(s); removing them`,
      );
      await this.pdns.removeAllDnssecKeys(domain.fqdn);
    }
  }

  private async record(
    context: RequestContext,
    manager: EntityManager,
    domain: DomainEntity,
    action: string,
    extra: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(
      context,
      {
        action,
        resourceType: 'dnssec',
        resourceId: domain.id,
        resourceName: domain.name,
        extra: { domain_id: domain.id, ...extra },
      },
      manager,
    );
  }
}

function after(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}
