import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import { TransactionRunner } from 'src/database/transaction-runner';
import { DnssecKeyStore } from 'src/dnssec/dnssec-key-store.service';
import { DnssecKeysRepository, SignedZoneRef } from 'src/dnssec/dnssec-keys.repository';
import { DNSSEC_POLICY, DnssecPolicy } from 'src/dnssec/dnssec-policy';
import { RolloverAction, planRollover } from 'src/dnssec/dnssec-state-machine';
import { keyAuditView, toSnapshot } from 'src/dnssec/dnssec.mapper';
import { DnssecKeyEntity } from 'src/dnssec/entities/dnssec-key.entity';
import { DomainsRepository } from 'src/domains/domains.repository';
import { DnssecAlgorithmNumber } from 'src/powerdns/powerdns.types';

/** One step taken for one zone. */
export interface RolloverStep {
  domainId: string;
  zone: string;
  action: RolloverAction['kind'];
  keyTag: number;
}

export interface RolloverReport {
  /** Signed zones looked at. */
  zones: number;
  steps: RolloverStep[];
  failures: { domainId: string; zone: string | null; error: string }[];
}

/** The audit action of each automatic step (actor `system`). */
const AUDIT_ACTIONS: Record<RolloverAction['kind'], string> = {
  prepublish_zsk: 'dnssec.rotate_zsk',
  activate_zsk: 'dnssec.activate_zsk',
  remove_zsk: 'dnssec.remove_zsk',
  remove_ksk: 'dnssec.remove_ksk',
};

/**
 * The automatic part of the key lifecycle, run by the worker on a schedule (DnssecRolloverProcessor): for every signed
 * zone, the steps `planRollover` finds due at `now` — start a ZSK rollover near the active ZSK's expiry, activate a
 * pre-published ZSK, remove a retired ZSK, remove a KSK replaced by a confirmed KSK rollover. One transaction per zone
 * (zone row locked, PowerDNS changes undone on failure); a failing zone is reported and the others still roll.
 */
@Injectable()
export class DnssecRolloverService {
  private readonly logger = new Logger(DnssecRolloverService.name);

  constructor(
    private readonly keys: DnssecKeysRepository,
    private readonly domains: DomainsRepository,
    private readonly store: DnssecKeyStore,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(DNSSEC_POLICY) private readonly policy: DnssecPolicy,
  ) {}

  async rolloverDue(now: Date = new Date()): Promise<RolloverReport> {
    const zones = await this.keys.findSignedZones();
    const report: RolloverReport = { zones: zones.length, steps: [], failures: [] };
    for (const zone of zones) {
      try {
        // Cheap look first, without locks; most zones have nothing due.
        const keys = await this.keys.findLive(zone.tenantId, zone.domainId);
        if (planRollover(keys.map(toSnapshot), now, this.policy).length === 0) {
          continue;
        }
        report.steps.push(...(await this.rollZone(zone, now)));
      } catch (error) {
        const domain = await this.domains.findInTenant(zone.tenantId, zone.domainId).catch(() => null);
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`DNSSEC rollover of ${domain?.name ?? zone.domainId} failed: ${message}`);
        report.failures.push({ domainId: zone.domainId, zone: domain?.name ?? null, error: message });
      }
    }
    if (report.steps.length > 0 || report.failures.length > 0) {
      this.logger.log(
        `DNSSEC rollover: ${report.steps.length} step(s) in ${report.zones} signed zone(s), ${report.failures.length} failure(s)`,
      );
    }
    return report;
  }

  private async rollZone(ref: SignedZoneRef, now: Date): Promise<RolloverStep[]> {
    const outcome = await this.transactions.run(async (manager, compensations) => {
      const domain = await this.domains.lockInTenant(manager, ref.tenantId, ref.domainId);
      if (!domain || !domain.dnssecEnabled || !domain.published) {
        return null;
      }
      const keys = await this.keys.findLive(ref.tenantId, ref.domainId, manager);
      const actions = planRollover(keys.map(toSnapshot), now, this.policy);
      const byId = new Map(keys.map((key) => [key.id, key]));
      const all = [...keys];
      const changed = new Set<DnssecKeyEntity>();
      const toDelete: DnssecKeyEntity[] = [];
      const steps: RolloverStep[] = [];
      const context = RequestContext.system(domain.tenantId, 'dnssec-rollover');

      for (const action of actions) {
        const details: Record<string, unknown> = { step: action.kind, automatic: true };
        let subject: DnssecKeyEntity;
        switch (action.kind) {
          case 'prepublish_zsk': {
            const replaced = action.replaces.map((id) => byId.get(id)!);
            subject = await this.store.create(
              domain,
              {
                keyType: 'ZSK',
                algorithm: replaced[0].algorithm as DnssecAlgorithmNumber,
                state: 'published',
                activateAt: action.activateAt,
                expiresAt: new Date(action.activateAt.getTime() + this.policy.zskLifetimeMs),
              },
              compensations,
            );
            all.push(subject);
            details.new_key = keyAuditView(subject);
            details.retiring_keys = replaced.map(keyAuditView);
            break;
          }
          case 'activate_zsk': {
            subject = byId.get(action.keyId)!;
            // The new key signs before the old ones stop, so every answer is signed throughout.
            await this.store.setActive(domain, subject, true, compensations);
            subject.state = 'active';
            subject.activateAt = now;
            subject.expiresAt = new Date(now.getTime() + this.policy.zskLifetimeMs);
            const retired = action.retires.map((id) => byId.get(id)!);
            for (const old of retired) {
              await this.store.setActive(domain, old, false, compensations);
              old.state = 'retiring';
              old.retireAt = now;
              old.removeAt = action.removeAt;
              changed.add(old);
            }
            details.key = keyAuditView(subject);
            details.retired_keys = retired.map(keyAuditView);
            break;
          }
          case 'remove_zsk':
          case 'remove_ksk': {
            subject = byId.get(action.keyId)!;
            this.store.markRemoved(subject, now);
            toDelete.push(subject);
            details.key = keyAuditView(subject);
            break;
          }
        }
        changed.add(subject);
        steps.push({ domainId: domain.id, zone: domain.name, action: action.kind, keyTag: subject.keyTag });
        await this.audit.record(
          context,
          {
            action: AUDIT_ACTIONS[action.kind],
            resourceType: 'dnssec',
            resourceId: domain.id,
            resourceName: domain.name,
            extra: { domain_id: domain.id, ...details },
          },
          manager,
        );
      }
      await this.store.save(manager, domain, [...changed], all);
      // Last: deleting keys from PowerDNS cannot be undone.
      await this.store.deleteFromPowerDns(domain, toDelete);
      return { domain, steps };
    });
    if (!outcome) {
      return [];
    }
    if (outcome.steps.length > 0) {
      await this.store.flush(outcome.domain);
    }
    return outcome.steps;
  }

  /** Exposed for the processor's schedule. */
  get checkEveryMs(): number {
    return this.policy.rolloverCheckEveryMs;
  }
}
