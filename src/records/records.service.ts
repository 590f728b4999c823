import { toExistingRecord } from 'src/records/record.mapper';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { ZonePermissions } from 'src/access-grants/zone-access.service';
import { Permission } from 'src/auth/permissions';
import { RequestContext } from 'src/common/context/request-context';
import { ForbiddenError } from 'src/common/errors/app.exception';
import { TransactionRunner } from 'src/database/transaction-runner';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { RrsetKey, ZonePublisher } from 'src/domains/zone-publisher.service';
import { checkRrsetConsistency, ExistingRecord } from 'src/records/content/record-rules';
import { displayName } from 'src/records/content/record-name';
import { canonicaliseContent } from 'src/records/content/record-content';
import { validateTtl } from 'src/records/content/record-rules';
import {
  BulkCreateRecordsDto,
  BulkCreateResultDto,
  BulkDeleteResultDto,
  BulkErrorDto,
  CreateRecordDto,
  ListRecordsQueryDto,
  RECORDS_DEFAULT_PAGE_SIZE,
  RecordDto,
  RecordListDto,
  UpdateRecordDto,
} from 'src/records/dto/record.dto';
import { RecordEntity } from 'src/records/entities/record.entity';
import { PreparedRecord, checkStoredContent, prepareRecord } from 'src/records/record-input';
import { auditRecord, toRecordDto, toSystemRecordDto } from 'src/records/record.mapper';
import {
  BulkRejectedError,
  InvalidRecordError,
  RecordConflictError,
  RecordNotFoundError,
  RecordsNotFoundError,
} from 'src/records/records.errors';
import { RecordsRepository } from 'src/records/records.repository';
import { ZoneLookupService } from 'src/zone-store/zone-lookup.service';

/** Tracks which rrsets a unit of work touched, so exactly those are pushed to PowerDNS. */
class TouchedRrsets {
  private readonly keys = new Map<string, RrsetKey>();

  add(name: string, type: string): void {
    this.keys.set(`${name}|${type}`, { name, type });
  }

  list(): RrsetKey[] {
    return [...this.keys.values()];
  }
}

/**
 * Records of a zone. MariaDB holds every record (with its id and timestamps); PowerDNS holds the rrsets of
 * published zones. Each write runs in one transaction that locks the zone row, changes the rows, writes the audit
 * entry, and pushes the touched rrsets to PowerDNS last: if PowerDNS refuses, the transaction rolls back; if the
 * commit fails after PowerDNS accepted, the rrsets are pushed again from what the database then holds.
 */
@Injectable()
export class RecordsService {
  constructor(
    private readonly records: RecordsRepository,
    private readonly zones: ZoneLookupService,
    private readonly publisher: ZonePublisher,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(context: RequestContext, domainId: string, query: ListRecordsQueryDto): Promise<RecordListDto> {
    const { domain, access } = await this.zones.get(context, domainId, 'records:read');
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? RECORDS_DEFAULT_PAGE_SIZE;
    const filter = { type: query.type, name: query.name };
    const system =
      query.include_system && access.allows('records:read') ? await this.systemRecords(domain, filter) : [];
    const { systemPart, rows, total } = access.allows('records:read')
      ? await this.pageOf(domain, filter, page, pageSize, system)
      : {
          systemPart: [],
          ...this.visiblePage(
            await this.records.allInZone(domain.tenantId, domain.id),
            domain,
            access,
            filter,
            page,
            pageSize,
          ),
        };
    return {
      data: [...systemPart, ...rows.map((row) => toRecordDto(row, domain))],
      total: total + system.length,
      domain_id: domain.id,
      domain_name: domain.name,
      page,
      page_size: pageSize,
    };
  }

  async search(context: RequestContext, domainId: string, text: string): Promise<RecordListDto> {
    const { domain, access } = await this.zones.get(context, domainId, 'records:read');
    const [rows] = await this.records.list(
      domain.tenantId,
      domain.id,
      { query: text },
      { offset: 0, limit: RECORDS_DEFAULT_PAGE_SIZE },
    );
    const visible = rows.filter((row) => access.allows('records:read', target(row, domain)));
    return {
      data: visible.map((row) => toRecordDto(row, domain)),
      total: visible.length,
      domain_id: domain.id,
      domain_name: domain.name,
      page: 1,
      page_size: RECORDS_DEFAULT_PAGE_SIZE,
    };
  }

  async get(context: RequestContext, domainId: string, recordId: string): Promise<RecordDto> {
    const { domain, access } = await this.zones.get(context, domainId, 'records:read');
    const record = await this.records.findInZone(domain.tenantId, domain.id, recordId);
    if (!record || !access.allows('records:read', target(record, domain))) {
      throw new RecordNotFoundError();
    }
    return toRecordDto(record, domain);
  }

  async create(context: RequestContext, domainId: string, dto: CreateRecordDto): Promise<RecordDto> {
    const { domain, access } = await this.zones.get(context, domainId, 'records:create');
    const prepared = this.prepareOrThrow(domain, dto);
    requireOn(access, 'records:create', prepared);
    const created = await this.write(domain, async (manager, zone, touched) => {
      await this.assertConsistent(manager, zone, [], prepared);
      const [row] = await this.records.insert(manager, [this.toRow(zone, prepared)]);
      touched.add(row.name, row.type);
      await this.audit.record(
        context,
        {
          action: 'record.create',
          resourceType: 'record',
          resourceId: row.id,
          resourceName: `${row.name} ${row.type}`,
          after: auditRecord(row),
          extra: { domain_id: zone.id },
        },
        manager,
      );
      return row;
    });
    return toRecordDto(created, domain);
  }

  async update(
    context: RequestContext,
    domainId: string,
    recordId: string,
    dto: UpdateRecordDto,
  ): Promise<RecordDto> {
    const { domain, access } = await this.zones.get(context, domainId, 'records:update');
    const updated = await this.write(domain, async (manager, zone, touched) => {
      const row = await this.records.findInZone(zone.tenantId, zone.id, recordId, manager);
      if (!row || !access.allows('records:read', target(row, zone))) {
        throw new RecordNotFoundError();
      }
      requireOn(access, 'records:update', { relative: displayName(row.name, zone.fqdn), type: row.type });
      const before = auditRecord(row);
      if (dto.content !== undefined) {
        const content = canonicaliseContent(row.type, dto.content, zone.fqdn);
        if (!content.ok) {
          throw new InvalidRecordError(content.error);
        }
        const stored = checkStoredContent(row.type, content.content);
        if (!stored.ok) {
          throw new InvalidRecordError(stored.error);
        }
        row.content = content.content;
      }
      if (dto.ttl !== undefined) {
        const ttl = validateTtl(dto.ttl);
        if (!ttl.ok) {
          throw new InvalidRecordError(ttl.error);
        }
        row.ttl = ttl.ttl;
      }
      if (dto.disabled !== undefined) {
        row.disabled = dto.disabled;
      }
      await this.assertConsistent(
        manager,
        zone,
        [],
        { fqdn: row.name, type: row.type, content: row.content },
        row.id,
      );
      const saved = await this.records.save(manager, row);
      touched.add(saved.name, saved.type);
      await this.audit.record(
        context,
        {
          action: 'record.update',
          resourceType: 'record',
          resourceId: saved.id,
          resourceName: `${saved.name} ${saved.type}`,
          before,
          after: auditRecord(saved),
          extra: { domain_id: zone.id },
        },
        manager,
      );
      return saved;
    });
    return toRecordDto(updated, domain);
  }

  async remove(context: RequestContext, domainId: string, recordId: string): Promise<void> {
    const { domain, access } = await this.zones.get(context, domainId, 'records:delete');
    await this.write(domain, async (manager, zone, touched) => {
      const row = await this.records.findInZone(zone.tenantId, zone.id, recordId, manager);
      if (!row || !access.allows('records:read', target(row, zone))) {
        throw new RecordNotFoundError();
      }
      requireOn(access, 'records:delete', { relative: displayName(row.name, zone.fqdn), type: row.type });
      await this.records.delete(manager, zone.tenantId, zone.id, [row.id]);
      touched.add(row.name, row.type);
      await this.audit.record(
        context,
        {
          action: 'record.delete',
          resourceType: 'record',
          resourceId: row.id,
          resourceName: `${row.name} ${row.type}`,
          before: auditRecord(row),
          extra: { domain_id: zone.id },
        },
        manager,
      );
    });
  }

  /** All or nothing by default; with continue_on_error the valid records are created and the rest reported. */
  async bulkCreate(
    context: RequestContext,
    domainId: string,
    dto: BulkCreateRecordsDto,
  ): Promise<BulkCreateResultDto> {
    const { domain, access } = await this.zones.get(context, domainId, 'records:create');
    const errors: BulkErrorDto[] = [];
    const accepted: { index: number; record: PreparedRecord }[] = [];
    dto.records.forEach((input, index) => {
      const prepared = prepareRecord(domain.fqdn, input, domain.defaultTtl);
      if (!prepared.ok) {
        errors.push({ index, name: input.name, type: input.type, error: prepared.error });
      } else if (!access.allows('records:create', { relativeName: prepared.relative, type: prepared.type })) {
        errors.push({
          index,
          name: input.name,
          type: input.type,
          error: `Permission denied: records:create on ${prepared.relative} ${prepared.type}`,
        });
      } else {
        accepted.push({ index, record: prepared });
      }
    });
    // An atomic batch with invalid records still gets its conflicts checked below, so that one answer lists every
    // problem; the transaction then rolls back before anything is written.
    const created = await this.write(domain, async (manager, zone, touched) => {
      const existing = await this.records.atNames(
        zone.tenantId,
        zone.id,
        accepted.map(({ record }) => record.fqdn),
        manager,
      );
      const seen: ExistingRecord[] = existing.map(toExistingRecord);
      const rows: Partial<RecordEntity>[] = [];
      for (const { index, record } of accepted) {
        const conflict = checkRrsetConsistency(seen, {
          type: record.type,
          fqdn: record.fqdn,
          content: record.content,
        });
        if (conflict) {
          errors.push({
            index,
            name: record.relative,
            type: record.type,
            error: conflict.message,
            conflicts: conflict.conflicts.filter((id) => !id.startsWith('batch:')),
          });
          continue;
        }
        seen.push({ id: `batch:${index}`, type: record.type, fqdn: record.fqdn, content: record.content });
        rows.push(this.toRow(zone, record));
      }
      if (errors.length > 0 && !dto.continue_on_error) {
        errors.sort((a, b) => a.index - b.index);
        throw new BulkRejectedError(errors);
      }
      const inserted = await this.records.insert(manager, rows);
      inserted.forEach((row) => touched.add(row.name, row.type));
      await this.audit.record(
        context,
        {
          action: 'record.bulk_create',
          resourceType: 'record',
          resourceId: zone.id,
          resourceName: zone.name,
          extra: {
            domain_id: zone.id,
            created: inserted.map((row) => ({ id: row.id, ...auditRecord(row) })),
            errors: errors.length,
          },
        },
        manager,
      );
      return inserted;
    });
    errors.sort((a, b) => a.index - b.index);
    return {
      created: created.map((row) => toRecordDto(row, domain)),
      errors,
      total_created: created.length,
      total_errors: errors.length,
    };
  }

  /** Deletes every listed record or none (an unknown id or a record outside the caller's grants refuses all). */
  async bulkDelete(
    context: RequestContext,
    domainId: string,
    recordIds: string[],
  ): Promise<BulkDeleteResultDto> {
    const { domain, access } = await this.zones.get(context, domainId, 'records:delete');
    const ids = [...new Set(recordIds)];
    return this.write(domain, async (manager, zone, touched) => {
      const rows = await this.records.findManyInZone(zone.tenantId, zone.id, ids, manager);
      const visible = rows.filter((row) => access.allows('records:read', target(row, zone)));
      if (visible.length !== ids.length) {
        const found = new Set(visible.map((row) => row.id));
        throw new RecordsNotFoundError(ids.filter((id) => !found.has(id)));
      }
      for (const row of visible) {
        requireOn(access, 'records:delete', { relative: displayName(row.name, zone.fqdn), type: row.type });
        touched.add(row.name, row.type);
      }
      await this.records.delete(manager, zone.tenantId, zone.id, ids);
      await this.audit.record(
        context,
        {
          action: 'record.bulk_delete',
          resourceType: 'record',
          resourceId: zone.id,
          resourceName: zone.name,
          extra: { domain_id: zone.id, deleted: visible.map((row) => ({ id: row.id, ...auditRecord(row) })) },
        },
        manager,
      );
      return { deleted: ids, total_deleted: ids.length };
    });
  }

  /**
   * One zone write: lock the zone row, run the work, push the touched rrsets if the zone is published. Used by
   * every capability that changes records (templates, import, reverse zones).
   */
  async write<T>(
    domain: DomainEntity,
    work: (manager: EntityManager, zone: DomainEntity, touched: TouchedRrsets) => Promise<T>,
  ): Promise<T> {
    return this.transactions.run(async (manager, compensations) => {
      const zone = await this.zones.lock(manager, domain);
      const touched = new TouchedRrsets();
      const result = await work(manager, zone, touched);
      const keys = touched.list();
      if (zone.published && keys.length > 0) {
        const rows = await this.records.rrsets(manager, zone.tenantId, zone.id, keys);
        const label = `re-push ${keys.length} rrset(s) of ${zone.name}`;
        const repush = async (): Promise<void> => {
          const committed = await this.records.rrsetsOutsideTransaction(zone.tenantId, zone.id, keys);
          await this.publisher.pushRrsets(zone, keys, committed);
        };
        // A push too large for one PATCH is several PATCHes, and if a later one fails the earlier ones stay applied
        // in PowerDNS: the undo must then be registered before pushing, not only once the push has succeeded.
        const atomic = this.publisher.pushIsAtomic(zone, keys, rows);
        if (!atomic) {
          compensations.add(label, repush);
        }
        await this.publisher.pushRrsets(zone, keys, rows);
        if (atomic) {
          compensations.add(label, repush);
        }
      }
      return result;
    });
  }

  private prepareOrThrow(domain: DomainEntity, dto: CreateRecordDto): PreparedRecord {
    const prepared = prepareRecord(domain.fqdn, dto, domain.defaultTtl);
    if (!prepared.ok) {
      throw new InvalidRecordError(prepared.error);
    }
    return prepared;
  }

  private async assertConsistent(
    manager: EntityManager,
    zone: DomainEntity,
    batch: ExistingRecord[],
    candidate: { fqdn: string; type: string; content: string },
    id?: string,
  ): Promise<void> {
    const existing = await this.records.atNames(zone.tenantId, zone.id, [candidate.fqdn], manager);
    const conflict = checkRrsetConsistency([...existing.map(toExistingRecord), ...batch], {
      ...candidate,
      id,
    });
    if (conflict) {
      throw new RecordConflictError(conflict.message, conflict.conflicts);
    }
  }

  private toRow(zone: DomainEntity, record: PreparedRecord): Partial<RecordEntity> {
    return {
      tenantId: zone.tenantId,
      domainId: zone.id,
      name: record.fqdn,
      type: record.type,
      content: record.content,
      ttl: record.ttl,
      disabled: record.disabled,
    };
  }

  /**
   * One page of the listing [system records..., stored records...]: the system records (at most a handful) come
   * first, so a page may hold some of them, some stored records, or both.
   */
  private async pageOf(
    domain: DomainEntity,
    filter: { type?: string; name?: string },
    page: number,
    pageSize: number,
    system: RecordDto[],
  ): Promise<{ systemPart: RecordDto[]; rows: RecordEntity[]; total: number }> {
    const start = (page - 1) * pageSize;
    const systemPart = system.slice(start, start + pageSize);
    const offset = Math.max(0, start - system.length);
    const limit = pageSize - systemPart.length;
    const [rows, total] = await this.records.list(domain.tenantId, domain.id, filter, {
      offset,
      limit: Math.max(limit, 1),
    });
    return { systemPart, rows: limit === 0 ? [] : rows, total };
  }

  private visiblePage(
    all: RecordEntity[],
    domain: DomainEntity,
    access: ZonePermissions,
    filter: { type?: string; name?: string },
    page: number,
    pageSize: number,
  ): { rows: RecordEntity[]; total: number } {
    const visible = all.filter(
      (row) =>
        access.allows('records:read', target(row, domain)) &&
        (!filter.type || row.type === filter.type) &&
        (!filter.name || row.name.includes(filter.name.toLowerCase())),
    );
    return { rows: visible.slice((page - 1) * pageSize, page * pageSize), total: visible.length };
  }

  /** The SOA and apex NS, filtered like the stored records (type, substring of the absolute name). */
  private async systemRecords(
    domain: DomainEntity,
    filter: { type?: string; name?: string },
  ): Promise<RecordDto[]> {
    if (filter.name && !domain.fqdn.includes(filter.name.toLowerCase())) {
      return [];
    }
    const records = await this.publisher.systemRecords(domain);
    return records
      .filter((record) => !filter.type || record.type === filter.type)
      .map((record) => toSystemRecordDto(domain, record));
  }
}

function target(row: RecordEntity, domain: DomainEntity): { relativeName: string; type: string } {
  return { relativeName: displayName(row.name, domain.fqdn), type: row.type };
}

function requireOn(
  access: ZonePermissions,
  permission: Permission,
  record: { relative: string; type: string },
): void {
  if (!access.allows(permission, { relativeName: record.relative, type: record.type })) {
    throw new ForbiddenError(`Permission denied: ${permission} on ${record.relative} ${record.type}`);
  }
}
