import { Injectable } from '@nestjs/common';
import { ZonePermissions } from 'src/access-grants/zone-access.service';
import { AuditService } from 'src/audit/audit.service';
import { Permission } from 'src/auth/permissions';
import { RequestContext } from 'src/common/context/request-context';
import { ForbiddenError } from 'src/common/errors/app.exception';
import { RequestValidationException } from 'src/common/errors/request-validation.exception';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { displayName } from 'src/records/content/record-name';
import { RecordEntity } from 'src/records/entities/record.entity';
import { RecordsRepository } from 'src/records/records.repository';
import { RecordsService } from 'src/records/records.service';
import { ZoneLookupService } from 'src/zone-store/zone-lookup.service';
import {
  IMPORT_FORMATS,
  ImportFileFieldsDto,
  ImportFormat,
  ImportPreviewDto,
  ImportResultDto,
  ImportTextDto,
  PreviewRecordDto,
} from 'src/zone-transfer/dto/zone-transfer.dto';
import { parseBindZone } from 'src/zone-transfer/formats/bind-zone-parser';
import { parseCsvImport } from 'src/zone-transfer/formats/csv-import-parser';
import { ImportProblem, ImportSource, ParsedImport } from 'src/zone-transfer/formats/import-candidate';
import { parseJsonImport } from 'src/zone-transfer/formats/json-import-parser';
import {
  ImportMode,
  ImportPlan,
  ImportedRecord,
  PreparedImport,
  planImport,
  prepareImport,
} from 'src/zone-transfer/import-plan';
import {
  EMPTY_REPLACE_MESSAGE,
  EmptyReplaceError,
  ImportConflictError,
  ImportFileError,
  ImportInvalidError,
  ImportTooLargeError,
  MAX_LISTED_PROBLEMS,
} from 'src/zone-transfer/zone-transfer.errors';
import { MAX_IMPORT_BYTES, MAX_IMPORT_RECORDS } from 'src/zone-transfer/zone-transfer.limits';

/** The part of multer's file object an import reads (memory storage). */
export interface UploadedZoneFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

interface ImportRequest {
  format: ImportFormat;
  mode: ImportMode;
  content: string;
  filename?: string;
}

const EXTENSION_FORMATS: Record<string, ImportFormat> = {
  zone: 'bind',
  txt: 'bind',
  db: 'bind',
  bind: 'bind',
  json: 'json',
  csv: 'csv',
};
/** Records deleted per statement (placeholders stay far below MariaDB's 65,535). */
const DELETE_CHUNK = 5_000;

/**
 * Zone import: parse (BIND, JSON or CSV), validate every record as the records API does, plan the change against the
 * zone's records, and write it as ONE RecordsService.write — one transaction under the zone lock, the touched rrsets
 * pushed to PowerDNS, all or nothing. Preview runs the same steps without the write.
 */
@Injectable()
export class ZoneImportService {
  constructor(
    private readonly zones: ZoneLookupService,
    private readonly records: RecordsService,
    private readonly repository: RecordsRepository,
    private readonly audit: AuditService,
  ) {}

  importText(context: RequestContext, domainId: string, dto: ImportTextDto): Promise<ImportResultDto> {
    return this.run(context, domainId, {
      format: dto.format,
      mode: dto.mode ?? 'merge',
      content: dto.content,
    });
  }

  importFile(
    context: RequestContext,
    domainId: string,
    file: UploadedZoneFile | undefined,
    fields: ImportFileFieldsDto,
  ): Promise<ImportResultDto> {
    if (!file) {
      throw new RequestValidationException([
        { loc: ['body', 'file'], msg: 'field required (a multipart file)', type: 'value_error.missing' },
      ]);
    }
    const format = fields.format ?? formatFromName(file.originalname);
    return this.run(context, domainId, {
      format,
      mode: fields.mode ?? 'merge',
      content: decodeUtf8(file.buffer),
      filename: file.originalname,
    });
  }

  async preview(context: RequestContext, domainId: string, dto: ImportTextDto): Promise<ImportPreviewDto> {
    const { domain, access } = await this.zones.get(context, domainId, 'records:read');
    const mode = dto.mode ?? 'merge';
    const prepared = this.read(domain, dto.format, dto.content);
    const existing = await this.repository.allInZone(domain.tenantId, domain.id);
    const plan = planImport(existing, prepared.records, mode);
    const visible = (record: RecordEntity): boolean =>
      access.canSee({ relativeName: displayName(record.name, domain.fqdn), type: record.type });
    const errors = sortProblems(prepared.errors);
    if (mode === 'replace' && prepared.records.length === 0 && errors.length === 0) {
      errors.push({ message: EMPTY_REPLACE_MESSAGE });
    }
    return {
      format: dto.format,
      mode,
      to_create: plan.create.map((record) => importedDto(record, domain)),
      to_update: plan.update
        .filter(({ record }) => visible(record))
        .map(({ record, ttl, disabled, source }) => ({
          ...storedDto(record, domain),
          ...sourceOf(source),
          ttl,
          disabled,
          old_ttl: record.ttl,
          old_disabled: record.disabled,
        })),
      to_delete: plan.remove.filter(visible).map((record) => storedDto(record, domain)),
      unchanged: plan.unchanged.length,
      skipped: [...prepared.skipped, ...plan.skipped],
      conflicts: plan.conflicts,
      errors: errors.slice(0, MAX_LISTED_PROBLEMS),
      valid: errors.length === 0 && (mode !== 'merge' || plan.conflicts.length === 0),
    };
  }

  private async run(
    context: RequestContext,
    domainId: string,
    request: ImportRequest,
  ): Promise<ImportResultDto> {
    const { format, mode } = request;
    const { domain, access } = await this.zones.get(context, domainId, 'records:create');
    if (mode === 'replace' && !access.allowsSomewhere('records:delete')) {
      throw new ForbiddenError('Permission denied: mode replace also requires records:delete on this zone');
    }
    const prepared = this.read(domain, format, request.content);
    if (prepared.errors.length > 0) {
      throw new ImportInvalidError(sortProblems(prepared.errors));
    }
    if (mode === 'replace' && prepared.records.length === 0) {
      throw new EmptyReplaceError();
    }
    return this.records.write(domain, async (manager, zone, touched) => {
      const existing = await this.repository.allInZone(zone.tenantId, zone.id, manager);
      const plan = planImport(existing, prepared.records, mode);
      if (mode === 'merge' && plan.conflicts.length > 0) {
        throw new ImportConflictError(plan.conflicts);
      }
      assertAllowed(access, zone, plan);
      for (let start = 0; start < plan.remove.length; start += DELETE_CHUNK) {
        const chunk = plan.remove.slice(start, start + DELETE_CHUNK);
        await this.repository.delete(
          manager,
          zone.tenantId,
          zone.id,
          chunk.map((record) => record.id),
        );
      }
      for (const { record, ttl, disabled } of plan.update) {
        record.ttl = ttl;
        record.disabled = disabled;
        await this.repository.save(manager, record);
      }
      const inserted = await this.repository.insert(
        manager,
        plan.create.map((record) => toRow(zone, record)),
      );
      for (const record of [...plan.remove, ...plan.update.map((change) => change.record), ...inserted]) {
        touched.add(record.name, record.type);
      }
      const skipped = [...prepared.skipped, ...plan.skipped];
      const result: ImportResultDto = {
        imported_count: inserted.length,
        updated_count: plan.update.length,
        unchanged_count: plan.unchanged.length,
        deleted_count: plan.remove.length,
        skipped_count: skipped.length,
        conflict_count: plan.conflicts.length,
        format,
        mode,
        errors: [],
        skipped,
        conflicts: plan.conflicts,
      };
      await this.audit.record(
        context,
        {
          action: 'domain.import',
          resourceType: 'domain',
          resourceId: zone.id,
          resourceName: zone.name,
          extra: {
            domain_id: zone.id,
            format,
            mode,
            ...(request.filename !== undefined ? { filename: request.filename } : {}),
            imported_count: result.imported_count,
            updated_count: result.updated_count,
            unchanged_count: result.unchanged_count,
            deleted_count: result.deleted_count,
            skipped_count: result.skipped_count,
            conflict_count: result.conflict_count,
          },
        },
        manager,
      );
      return result;
    });
  }

  /** Size checks, parsing and validation; 413 when the import is too large. */
  private read(domain: DomainEntity, format: ImportFormat, content: string): PreparedImport {
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > MAX_IMPORT_BYTES) {
      throw new ImportTooLargeError(
        `The import is ${bytes} bytes; at most ${MAX_IMPORT_BYTES} (5 MB) per import`,
        { max_bytes: MAX_IMPORT_BYTES },
      );
    }
    const parsed = parse(format, content, domain.fqdn);
    // Records skipped by the parser (SOA, apex NS, DNSSEC) do not count: a full zone's own export must fit.
    const count = parsed.candidates.length;
    if (count > MAX_IMPORT_RECORDS) {
      throw new ImportTooLargeError(
        `The import has ${count} records; at most ${MAX_IMPORT_RECORDS} per import`,
        { max_records: MAX_IMPORT_RECORDS },
      );
    }
    return prepareImport(domain.fqdn, domain.defaultTtl, parsed);
  }
}

function parse(format: ImportFormat, content: string, zone: string): ParsedImport {
  switch (format) {
    case 'bind':
      return parseBindZone(content, zone);
    case 'json':
      return parseJsonImport(content);
    case 'csv':
      return parseCsvImport(content);
  }
}

/** 403 naming the first records the caller may not create, change or delete; checked before anything is written. */
function assertAllowed(access: ZonePermissions, zone: DomainEntity, plan: ImportPlan<RecordEntity>): void {
  const denied: string[] = [];
  const check = (permission: Permission, relativeName: string, type: string): void => {
    if (!access.allows(permission, { relativeName, type })) {
      denied.push(`${permission} on ${relativeName} ${type}`);
    }
  };
  plan.create.forEach((record) => check('records:create', record.relative, record.type));
  plan.update.forEach(({ record }) =>
    check('records:update', displayName(record.name, zone.fqdn), record.type),
  );
  plan.remove.forEach((record) => check('records:delete', displayName(record.name, zone.fqdn), record.type));
  if (denied.length > 0) {
    const listed = denied.slice(0, 10).join(', ');
    throw new ForbiddenError(
      `Permission denied: ${listed}${denied.length > 10 ? ` and ${denied.length - 10} more` : ''}; nothing was imported`,
    );
  }
}

function formatFromName(filename: string): ImportFormat {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  const format = extension === undefined ? undefined : EXTENSION_FORMATS[extension];
  if (!format) {
    throw new ImportFileError(
      `Cannot tell the format of '${filename}' from its name (.zone, .txt, .db → bind; .json; .csv); send the field format (${IMPORT_FORMATS.join(', ')})`,
    );
  }
  return format;
}

function decodeUtf8(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new ImportFileError('The file is not UTF-8 text');
  }
}

function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  const position = (problem: ImportProblem): number => problem.line ?? problem.index ?? -1;
  return [...problems].sort((a, b) => position(a) - position(b));
}

function toRow(zone: DomainEntity, record: ImportedRecord): Partial<RecordEntity> {
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

function sourceOf(record: ImportSource): ImportSource {
  return record.line !== undefined
    ? { line: record.line }
    : record.index !== undefined
      ? { index: record.index }
      : {};
}

function importedDto(record: ImportedRecord, domain: DomainEntity): PreviewRecordDto {
  return {
    ...sourceOf(record),
    name: record.fqdn.replace(/\.$/, ''),
    display_name: displayName(record.fqdn, domain.fqdn),
    type: record.type,
    content: record.content,
    ttl: record.ttl,
    disabled: record.disabled,
  };
}

function storedDto(record: RecordEntity, domain: DomainEntity): PreviewRecordDto {
  return {
    id: record.id,
    name: record.name.replace(/\.$/, ''),
    display_name: displayName(record.name, domain.fqdn),
    type: record.type,
    content: record.content,
    ttl: record.ttl,
    disabled: record.disabled,
  };
}
