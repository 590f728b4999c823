import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { MetricsService } from 'src/metrics/metrics.service';
import { PowerDnsHttpClient, PowerDnsRequest } from 'src/powerdns/powerdns-http.client';
import { PdnsCryptokey, PdnsZone, toCryptokey, toZone, toZoneSummary } from 'src/powerdns/powerdns-mappers';
import { toAbsoluteName, zonePath } from 'src/powerdns/powerdns-names';
import {
  PowerDnsConflictError,
  PowerDnsError,
  PowerDnsInvalidRequestError,
} from 'src/powerdns/powerdns.errors';
import {
  CRYPTOKEY_TYPES,
  CreateCryptokeyInput,
  CreateZoneInput,
  Cryptokey,
  DNSSEC_ALGORITHMS,
  DnssecAlgorithm,
  NotifyResult,
  PatchRrsetsResult,
  RrsetChange,
  SOA_EDIT_API_VALUES,
  UpdateZoneInput,
  ZONE_KINDS,
  Zone,
  ZoneSummary,
} from 'src/powerdns/powerdns.types';
import { PdnsRrsetChange, chunkPdnsRrsetChanges, toPdnsRrsetChanges } from 'src/powerdns/rrset-changes';
import { ZoneWriteLock } from 'src/powerdns/zone-write-lock';
import { RedisService } from 'src/redis/redis.service';

/** Tuning knobs that are not deployment configuration; tests use them to keep waits short. */
export interface PowerDnsServiceOptions {
  /** How long a write waits for its zone's lock before ZoneLockTimeoutError (default 15 s). */
  lockWaitMs?: number;
  /** First retry delay of the HTTP client (default 100 ms, doubling, with jitter). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
}

export const POWERDNS_SERVICE_OPTIONS = Symbol('POWERDNS_SERVICE_OPTIONS');

const RSA_ALGORITHMS: readonly DnssecAlgorithm[] = ['RSASHA256', 'RSASHA512'];
const EC_BITS: Partial<Record<DnssecAlgorithm, number>> = {
  ECDSAP256SHA256: 256,
  ECDSAP384SHA384: 384,
  ED25519: 256,
};
const METADATA_KIND = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/**
 * The adapter to the PowerDNS Authoritative HTTP API (4.7): the only code in ScaiDNS that knows its URLs and payloads.
 *
 * - Names in and out are absolute and lowercase; inputs are normalised (`Example.ORG` -> `example.org.`).
 * - Every write to a zone (create, delete, update, rrset patch, cryptokeys, metadata, rectify) holds that zone's
 *   write lock (ZoneWriteLock, in-process queue + Redis), because concurrent writes to one zone deadlock in PowerDNS.
 *   Reads do not lock.
 * - Errors are PowerDnsError subclasses (see powerdns.errors.ts for the HTTP mapping).
 */
@Injectable()
export class PowerDnsService {
  private readonly logger = new Logger(PowerDnsService.name);
  private readonly http: PowerDnsHttpClient;
  private readonly lock: ZoneWriteLock;

  constructor(
    config: AppConfig,
    redis: RedisService,
    metrics: MetricsService,
    @Optional() @Inject(POWERDNS_SERVICE_OPTIONS) options?: PowerDnsServiceOptions,
  ) {
    this.http = new PowerDnsHttpClient(config.pdns, metrics, {
      baseDelayMs: options?.retryBaseDelayMs,
      maxDelayMs: options?.retryMaxDelayMs,
    });
    this.lock = new ZoneWriteLock(redis, {
      ttlMs: config.pdns.lockTtlMs,
      waitTimeoutMs: options?.lockWaitMs,
    });
  }

  /** The server object; used by readiness. Throws PowerDnsError when PowerDNS is down or the key is wrong. */
  async ping(): Promise<{ version: string }> {
    const { data } = await this.http.requestJson<{ version?: string }>({
      method: 'GET',
      path: '',
      operation: 'ping',
      retry: 'idempotent',
      subject: 'server with this server id',
    });
    return { version: data?.version ?? 'unknown' };
  }

  // ---------------------------------------------------------------- zones

  async listZones(): Promise<ZoneSummary[]> {
    const { data } = await this.http.requestJson<PdnsZone[]>({
      method: 'GET',
      path: '/zones',
      operation: 'listZones',
      retry: 'idempotent',
    });
    return (data ?? []).map(toZoneSummary);
  }

  /** The zone, with its rrsets unless `{ rrsets: false }` (then `rrsets` is null); null when PowerDNS has no such zone. */
  async getZone(name: string, options: { rrsets?: boolean } = {}): Promise<Zone | null> {
    const zone = toAbsoluteName(name, 'getZone', 'zone name');
    const withRrsets = options.rrsets !== false;
    const { status, data } = await this.http.requestJson<PdnsZone>({
      method: 'GET',
      path: zonePath(zone),
      query: withRrsets ? undefined : { rrsets: 'false' },
      operation: 'getZone',
      retry: 'idempotent',
      accept: [404],
    });
    return status === 404 ? null : toZone(data, withRrsets);
  }

  async zoneExists(name: string): Promise<boolean> {
    const zone = toAbsoluteName(name, 'zoneExists', 'zone name');
    // The exact-name filter answers [] instead of 404 and never loads rrsets.
    const { data } = await this.http.requestJson<PdnsZone[]>({
      method: 'GET',
      path: '/zones',
      query: { zone },
      operation: 'zoneExists',
      retry: 'idempotent',
    });
    return (data ?? []).length > 0;
  }

  /**
   * Creates a zone, then flushes PowerDNS's packet cache for it: a query made before the zone existed got REFUSED,
   * and PowerDNS would keep serving that REFUSED for up to cache-ttl (P6).
   *
   * Retries are safe: if an attempt failed after it may have reached PowerDNS and the retry then gets 409, the zone
   * is read back (we hold its lock, so no other ScaiDNS writer can have made it) and accepted if it is the zone we
   * asked for. A 409 on the first attempt is a PowerDnsConflictError.
   *
   * A create whose rrsets exceed PATCH_CHUNK_MAX_BYTES is sent as a create plus PATCHes (not atomic).
   */
  async createZone(input: CreateZoneInput): Promise<Zone> {
    const op = 'createZone';
    const name = toAbsoluteName(input?.name, op, 'zone name');
    if (!(ZONE_KINDS as readonly string[]).includes(input.kind)) {
      throw new PowerDnsInvalidRequestError(op, `zone kind must be one of ${ZONE_KINDS.join(', ')}`);
    }
    if (
      input.soaEditApi !== undefined &&
      !(SOA_EDIT_API_VALUES as readonly string[]).includes(input.soaEditApi)
    ) {
      throw new PowerDnsInvalidRequestError(
        op,
        `soa_edit_api must be one of ${SOA_EDIT_API_VALUES.join(', ')}`,
      );
    }
    if (input.dnssec !== undefined && input.dnssec !== false) {
      throw new PowerDnsInvalidRequestError(op, 'create the zone unsigned, then add cryptokeys');
    }
    if (!Array.isArray(input.nameservers)) {
      throw new PowerDnsInvalidRequestError(op, 'nameservers must be a list');
    }
    const nameservers = input.nameservers.map((ns) => toAbsoluteName(ns, op, 'nameserver'));
    const rrsetChunks = chunkPdnsRrsetChanges(
      toPdnsRrsetChanges(
        name,
        (input.rrsets ?? []).map((r) => ({ ...r, changetype: 'REPLACE' as const })),
        op,
      ),
      undefined,
      op,
    );
    const [firstChunk = [], ...laterChunks] = rrsetChunks;
    const body: Record<string, unknown> = {
      name,
      kind: input.kind,
      nameservers,
      dnssec: false,
      rrsets: firstChunk.map(({ name: n, type, ttl, records }) => ({ name: n, type, ttl, records })),
    };
    if (input.soaEditApi !== undefined) {
      body.soa_edit_api = input.soaEditApi;
    }
    if (input.account !== undefined) {
      body.account = input.account;
    }

    return this.lock.runExclusive(name, async () => {
      let created: Zone;
      try {
        const { data } = await this.http.requestJson<PdnsZone>({
          method: 'POST',
          path: '/zones',
          body,
          operation: op,
          retry: 'idempotent', // made safe by the 409 confirmation below
          subject: `zone ${name}`,
        });
        created = toZone(data, true);
      } catch (error) {
        if (!(error instanceof PowerDnsConflictError && error.earlierAttemptMayHaveApplied)) {
          throw error;
        }
        created = await this.confirmRetriedCreate(name, input.kind, nameservers, error);
      }
      for (const [index, chunk] of laterChunks.entries()) {
        await this.sendPatch(name, chunk, op, index + 1, laterChunks.length);
      }
      await this.flushAfterCreate(name);
      this.logger.log(`created zone ${name} (${input.kind})`);
      return laterChunks.length > 0 ? ((await this.getZone(name)) ?? created) : created;
    });
  }

  /** Deletes the zone with its records, keys and metadata. Returns false when PowerDNS had no such zone. */
  async deleteZone(name: string): Promise<boolean> {
    const zone = toAbsoluteName(name, 'deleteZone', 'zone name');
    return this.lock.runExclusive(zone, async () => {
      const { status } = await this.http.request({
        method: 'DELETE',
        path: zonePath(zone),
        operation: 'deleteZone',
        retry: 'idempotent',
        accept: [404],
      });
      if (status === 404) {
        this.logger.warn(`deleteZone: PowerDNS had no zone ${zone}; treating it as already deleted`);
        return false;
      }
      this.logger.log(`deleted zone ${zone}`);
      return true;
    });
  }

  /**
   * Changes zone settings (PUT). Never touches DNSSEC: `{"dnssec": false}` would delete every key (P5); that is
   * `removeAllDnssecKeys`.
   */
  async updateZone(name: string, update: UpdateZoneInput): Promise<void> {
    const op = 'updateZone';
    const zone = toAbsoluteName(name, op, 'zone name');
    const input: UpdateZoneInput = update ?? {};
    if ('dnssec' in input) {
      throw new PowerDnsInvalidRequestError(
        op,
        'DNSSEC cannot be changed by a zone update; use the cryptokey methods',
      );
    }
    const body: Record<string, unknown> = {};
    if (input.kind !== undefined) {
      if (!(ZONE_KINDS as readonly string[]).includes(input.kind)) {
        throw new PowerDnsInvalidRequestError(op, `zone kind must be one of ${ZONE_KINDS.join(', ')}`);
      }
      body.kind = input.kind;
    }
    if (input.soaEditApi !== undefined) {
      if (!(SOA_EDIT_API_VALUES as readonly string[]).includes(input.soaEditApi)) {
        throw new PowerDnsInvalidRequestError(
          op,
          `soa_edit_api must be one of ${SOA_EDIT_API_VALUES.join(', ')}`,
        );
      }
      body.soa_edit_api = input.soaEditApi;
    }
    if (input.nsec3param !== undefined) {
      if (typeof input.nsec3param !== 'string') {
        throw new PowerDnsInvalidRequestError(op, 'nsec3param must be a string');
      }
      body.nsec3param = input.nsec3param;
    }
    if (input.nsec3narrow !== undefined) {
      body.nsec3narrow = input.nsec3narrow === true;
    }
    if (input.account !== undefined) {
      body.account = String(input.account);
    }
    if (Object.keys(body).length === 0) {
      return;
    }
    await this.lock.runExclusive(zone, () =>
      this.http.request({
        method: 'PUT',
        path: zonePath(zone),
        body,
        operation: op,
        retry: 'idempotent',
        subject: `zone ${zone}`,
      }),
    );
  }

  /**
   * Unsigns the zone: PowerDNS deletes ALL its DNSSEC keys. If the parent still has a DS for the zone, resolution
   * breaks for validating resolvers; callers must make sure the DS is gone first.
   */
  async removeAllDnssecKeys(name: string): Promise<void> {
    const zone = toAbsoluteName(name, 'removeAllDnssecKeys', 'zone name');
    await this.lock.runExclusive(zone, () =>
      this.http.request({
        method: 'PUT',
        path: zonePath(zone),
        body: { dnssec: false },
        operation: 'removeAllDnssecKeys',
        retry: 'idempotent',
        subject: `zone ${zone}`,
      }),
    );
    this.logger.warn(`removed all DNSSEC keys of zone ${zone}`);
  }

  // ---------------------------------------------------------------- rrsets

  /**
   * Applies many rrset changes. One PATCH is atomic in PowerDNS (a 422 applies nothing); a list larger than
   * PATCH_CHUNK_MAX_BYTES is split into several PATCHes, and if a later one fails the earlier ones stay applied.
   * Callers that need atomicity must stay under that size (see `splitRrsetChanges`). All chunks are sent under one
   * hold of the zone lock, so no other ScaiDNS writer interleaves.
   *
   * Refused before PowerDNS sees them (PowerDnsInvalidRequestError): deleting the apex SOA (P2), the same
   * (name, type) twice, names outside the zone. An empty list sends nothing (PowerDNS would still bump the serial).
   */
  async patchRrsets(zoneName: string, changes: RrsetChange[]): Promise<PatchRrsetsResult> {
    const op = 'patchRrsets';
    const zone = toAbsoluteName(zoneName, op, 'zone name');
    const chunks = chunkPdnsRrsetChanges(toPdnsRrsetChanges(zone, changes, op), undefined, op);
    if (chunks.length === 0) {
      return { changes: 0, requests: 0 };
    }
    await this.lock.runExclusive(zone, async () => {
      for (const [index, chunk] of chunks.entries()) {
        await this.sendPatch(zone, chunk, op, index, chunks.length);
      }
    });
    return { changes: changes.length, requests: chunks.length };
  }

  // ---------------------------------------------------------------- DNSSEC

  async listCryptokeys(zoneName: string): Promise<Cryptokey[]> {
    const zone = toAbsoluteName(zoneName, 'listCryptokeys', 'zone name');
    const { data } = await this.http.requestJson<PdnsCryptokey[]>({
      method: 'GET',
      path: `${zonePath(zone)}/cryptokeys`,
      operation: 'listCryptokeys',
      retry: 'idempotent',
      subject: `zone ${zone}`,
    });
    return (data ?? []).map(toCryptokey);
  }

  /** One key (without its private part), or null when the zone has no key with this id. */
  async getCryptokey(zoneName: string, id: number): Promise<Cryptokey | null> {
    const zone = toAbsoluteName(zoneName, 'getCryptokey', 'zone name');
    const { status, data } = await this.http.requestJson<PdnsCryptokey>({
      method: 'GET',
      path: this.cryptokeyPath(zone, id, 'getCryptokey'),
      operation: 'getCryptokey',
      retry: 'idempotent',
      accept: [404],
    });
    return status === 404 ? null : toCryptokey(data);
  }

  /** Adds a key; the zone is signed as soon as it has one active key. Never retried once it may have reached PowerDNS. */
  async createCryptokey(zoneName: string, input: CreateCryptokeyInput): Promise<Cryptokey> {
    const op = 'createCryptokey';
    const zone = toAbsoluteName(zoneName, op, 'zone name');
    if (!(CRYPTOKEY_TYPES as readonly string[]).includes(input?.keytype)) {
      throw new PowerDnsInvalidRequestError(op, `keytype must be one of ${CRYPTOKEY_TYPES.join(', ')}`);
    }
    if (typeof input.active !== 'boolean') {
      throw new PowerDnsInvalidRequestError(op, 'active must be true or false');
    }
    const algorithm = algorithmName(input.algorithm);
    if (algorithm === undefined) {
      throw new PowerDnsInvalidRequestError(
        op,
        `algorithm must be one of ${Object.entries(DNSSEC_ALGORITHMS)
          .map(([n, a]) => `${a} (${n})`)
          .join(', ')}`,
      );
    }
    const body: Record<string, unknown> = {
      keytype: input.keytype,
      active: input.active,
      published: input.published !== false,
      algorithm,
    };
    if (RSA_ALGORITHMS.includes(algorithm)) {
      if (!Number.isInteger(input.bits) || (input.bits as number) < 1024 || (input.bits as number) > 4096) {
        throw new PowerDnsInvalidRequestError(op, `${algorithm} keys need bits between 1024 and 4096`);
      }
      body.bits = input.bits;
    } else if (input.bits !== undefined && input.bits !== EC_BITS[algorithm]) {
      throw new PowerDnsInvalidRequestError(op, `${algorithm} keys have ${EC_BITS[algorithm]} bits`);
    }
    return this.lock.runExclusive(zone, async () => {
      const { data } = await this.http.requestJson<PdnsCryptokey>({
        method: 'POST',
        path: `${zonePath(zone)}/cryptokeys`,
        body,
        operation: op,
        retry: 'unsent-only',
        subject: `zone ${zone}`,
      });
      const key = toCryptokey(data);
      this.logger.log(`created ${key.keytype} ${key.algorithm} key ${key.id} for zone ${zone}`);
      return key;
    });
  }

  async setCryptokeyActive(zoneName: string, id: number, active: boolean): Promise<void> {
    const op = 'setCryptokeyActive';
    const zone = toAbsoluteName(zoneName, op, 'zone name');
    const path = this.cryptokeyPath(zone, id, op);
    await this.lock.runExclusive(zone, () =>
      this.http.request({
        method: 'PUT',
        path,
        body: { active: active === true },
        operation: op,
        retry: 'idempotent',
        subject: `cryptokey ${id} of zone ${zone}`,
      }),
    );
  }

  /** PowerDNS's PUT needs `active` as well, so the key is read first (inside the lock). */
  async setCryptokeyPublished(zoneName: string, id: number, published: boolean): Promise<void> {
    const op = 'setCryptokeyPublished';
    const zone = toAbsoluteName(zoneName, op, 'zone name');
    const path = this.cryptokeyPath(zone, id, op);
    const subject = `cryptokey ${id} of zone ${zone}`;
    await this.lock.runExclusive(zone, async () => {
      const { data } = await this.http.requestJson<PdnsCryptokey>({
        method: 'GET',
        path,
        operation: op,
        retry: 'idempotent',
        subject,
      });
      await this.http.request({
        method: 'PUT',
        path,
        body: { active: data.active === true, published: published === true },
        operation: op,
        retry: 'idempotent',
        subject,
      });
    });
  }

  /** Returns false when there was no such key (or zone). */
  async deleteCryptokey(zoneName: string, id: number): Promise<boolean> {
    const op = 'deleteCryptokey';
    const zone = toAbsoluteName(zoneName, op, 'zone name');
    const path = this.cryptokeyPath(zone, id, op);
    return this.lock.runExclusive(zone, async () => {
      const { status } = await this.http.request({
        method: 'DELETE',
        path,
        operation: op,
        retry: 'idempotent',
        accept: [404],
      });
      return status !== 404;
    });
  }

  // ---------------------------------------------------------------- other zone operations

  /** The zone as a zone file (text). */
  async exportZone(zoneName: string): Promise<string> {
    const zone = toAbsoluteName(zoneName, 'exportZone', 'zone name');
    const { body } = await this.http.request({
      method: 'GET',
      path: `${zonePath(zone)}/export`,
      operation: 'exportZone',
      retry: 'idempotent',
      subject: `zone ${zone}`,
    });
    // Asked for JSON, PowerDNS wraps the zone file as {"zone": "..."}; we do not ask, but accept both forms.
    if (body.startsWith('{')) {
      try {
        const wrapped = JSON.parse(body) as { zone?: unknown };
        if (typeof wrapped.zone === 'string') {
          return wrapped.zone;
        }
      } catch {
        // a zone file never starts with '{'; fall through and return it as is
      }
    }
    return body;
  }

  /** Rebuilds DNSSEC ordering data. PowerDNS already rectifies after every API change (default-api-rectify). */
  async rectifyZone(zoneName: string): Promise<void> {
    const zone = toAbsoluteName(zoneName, 'rectifyZone', 'zone name');
    await this.lock.runExclusive(zone, () =>
      this.http.request({
        method: 'PUT',
        path: `${zonePath(zone)}/rectify`,
        operation: 'rectifyZone',
        retry: 'idempotent',
        subject: `zone ${zone}`,
      }),
    );
  }

  /** The values of one metadata kind; [] when unset. */
  async getMetadata(zoneName: string, kind: string): Promise<string[]> {
    const zone = toAbsoluteName(zoneName, 'getMetadata', 'zone name');
    const { data } = await this.http.requestJson<{ metadata?: string[] }>({
      method: 'GET',
      path: this.metadataPath(zone, kind, 'getMetadata'),
      operation: 'getMetadata',
      retry: 'idempotent',
      subject: `zone ${zone}`,
    });
    return data?.metadata ?? [];
  }

  /** Replaces the values of one metadata kind. Kinds PowerDNS manages itself (e.g. SOA-EDIT-API) answer 422. */
  async setMetadata(zoneName: string, kind: string, values: string[]): Promise<string[]> {
    const op = 'setMetadata';
    const zone = toAbsoluteName(zoneName, op, 'zone name');
    const path = this.metadataPath(zone, kind, op);
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
      throw new PowerDnsInvalidRequestError(op, 'metadata values must be a list of strings');
    }
    return this.lock.runExclusive(zone, async () => {
      const { data } = await this.http.requestJson<{ metadata?: string[] }>({
        method: 'PUT',
        path,
        body: { metadata: values },
        operation: op,
        retry: 'idempotent',
        subject: `zone ${zone}`,
      });
      return data?.metadata ?? values;
    });
  }

  async deleteMetadata(zoneName: string, kind: string): Promise<void> {
    const op = 'deleteMetadata';
    const zone = toAbsoluteName(zoneName, op, 'zone name');
    const path = this.metadataPath(zone, kind, op);
    await this.lock.runExclusive(zone, () =>
      this.http.request({
        method: 'DELETE',
        path,
        operation: op,
        retry: 'idempotent',
        subject: `zone ${zone}`,
      }),
    );
  }

  /**
   * Asks PowerDNS to send NOTIFYs to the zone's secondaries. A refusal (422, e.g. a zone kind that cannot notify)
   * is a result, not an error; a missing zone is PowerDnsNotFoundError.
   */
  async notifyZone(zoneName: string): Promise<NotifyResult> {
    const zone = toAbsoluteName(zoneName, 'notifyZone', 'zone name');
    const response = await this.http.request({
      method: 'PUT',
      path: `${zonePath(zone)}/notify`,
      operation: 'notifyZone',
      retry: 'idempotent',
      subject: `zone ${zone}`,
      accept: [422],
    });
    if (response.status === 422) {
      return { queued: false, reason: jsonError(response.body) ?? response.body.trim() };
    }
    return { queued: true };
  }

  /** Drops the zone's (and its subdomains') answers from PowerDNS's packet and query caches; returns the count. */
  async flushCache(zoneName: string): Promise<number> {
    const zone = toAbsoluteName(zoneName, 'flushCache', 'zone name');
    const { data } = await this.http.requestJson<{ count?: number }>({
      method: 'PUT',
      path: '/cache/flush',
      query: { domain: zone },
      operation: 'flushCache',
      retry: 'idempotent',
    });
    return data?.count ?? 0;
  }

  // ---------------------------------------------------------------- internals

  private async sendPatch(
    zone: string,
    chunk: PdnsRrsetChange[],
    op: string,
    index: number,
    total: number,
  ): Promise<void> {
    const request: PowerDnsRequest = {
      method: 'PATCH',
      path: zonePath(zone),
      body: { rrsets: chunk },
      operation: op,
      // A PATCH that fails with 500 is rolled back by PowerDNS, and replaying REPLACE/DELETE gives the same rrsets.
      retry: 'idempotent',
      subject: `zone ${zone}`,
    };
    try {
      await this.http.request(request);
    } catch (error) {
      if (index > 0) {
        this.logger.warn(
          `${op} on ${zone}: chunk ${index + 1}/${total} failed; the first ${index} chunk(s) stay applied (not atomic)`,
        );
      }
      throw error;
    }
  }

  private async confirmRetriedCreate(
    name: string,
    kind: string,
    nameservers: string[],
    conflict: PowerDnsConflictError,
  ): Promise<Zone> {
    const existing = await this.getZone(name);
    const apexNs = new Set(
      (existing?.rrsets ?? [])
        .filter((r) => r.name === name && r.type === 'NS')
        .flatMap((r) => r.records.map((rec) => rec.content.toLowerCase())),
    );
    const hasSoa = (existing?.rrsets ?? []).some((r) => r.name === name && r.type === 'SOA');
    if (existing && existing.kind === kind && hasSoa && nameservers.every((ns) => apexNs.has(ns))) {
      this.logger.warn(
        `createZone ${name}: a retried create got 409; an earlier attempt had created the zone`,
      );
      return existing;
    }
    throw conflict;
  }

  private async flushAfterCreate(zone: string): Promise<void> {
    try {
      await this.flushCache(zone);
    } catch (error) {
      // The zone exists; a stale REFUSED only lasts cache-ttl (20 s by default).
      const reason = error instanceof PowerDnsError ? error.message : String(error);
      this.logger.warn(`created ${zone} but could not flush its cache entries: ${reason}`);
    }
  }

  private cryptokeyPath(zone: string, id: number, op: string): string {
    if (!Number.isInteger(id) || id <= 0) {
      throw new PowerDnsInvalidRequestError(op, `'${String(id)}' is not a cryptokey id`);
    }
    return `${zonePath(zone)}/cryptokeys/${id}`;
  }

  private metadataPath(zone: string, kind: string, op: string): string {
    if (typeof kind !== 'string' || !METADATA_KIND.test(kind)) {
      throw new PowerDnsInvalidRequestError(op, `'${String(kind)}' is not a metadata kind`);
    }
    return `${zonePath(zone)}/metadata/${encodeURIComponent(kind.toUpperCase())}`;
  }
}

function algorithmName(
  algorithm: CreateCryptokeyInput['algorithm'] | undefined,
): DnssecAlgorithm | undefined {
  if (typeof algorithm === 'number') {
    return (DNSSEC_ALGORITHMS as Record<number, DnssecAlgorithm>)[algorithm];
  }
  const names = Object.values(DNSSEC_ALGORITHMS) as string[];
  const upper = typeof algorithm === 'string' ? algorithm.toUpperCase() : '';
  return names.includes(upper) ? (upper as DnssecAlgorithm) : undefined;
}

function jsonError(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return typeof parsed?.error === 'string' ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}
