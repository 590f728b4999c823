import { createHash } from 'node:crypto';
import { ExistingRecord } from 'src/records/content/record-rules';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { displayName } from 'src/records/content/record-name';
import { RecordDto } from 'src/records/dto/record.dto';
import { RecordEntity } from 'src/records/entities/record.entity';

export function toRecordDto(record: RecordEntity, domain: DomainEntity): RecordDto {
  return {
    id: record.id,
    name: record.name.replace(/\.$/, ''),
    display_name: displayName(record.name, domain.fqdn),
    type: record.type,
    content: record.content,
    ttl: record.ttl,
    disabled: record.disabled,
    domain_id: domain.id,
    system: false,
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
  };
}

/** SOA and apex NS are not rows of ours; they get ids derived from their content so listings stay stable. */
export function toSystemRecordDto(
  domain: DomainEntity,
  record: { type: string; content: string; ttl: number },
): RecordDto {
  const digest = createHash('sha256')
    .update(`${domain.id}|${record.type}|${record.type === 'SOA' ? '' : record.content}`)
    .digest('hex');
  const id = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-5${digest.slice(13, 16)}-a${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  return {
    id,
    name: domain.name,
    display_name: '@',
    type: record.type,
    content: record.content,
    ttl: record.ttl,
    disabled: false,
    domain_id: domain.id,
    system: true,
    created_at: domain.createdAt.toISOString(),
    updated_at: domain.updatedAt.toISOString(),
  };
}

export function auditRecord(
  record: Pick<RecordEntity, 'name' | 'type' | 'content' | 'ttl' | 'disabled'>,
): Record<string, unknown> {
  return {
    name: record.name,
    type: record.type,
    content: record.content,
    ttl: record.ttl,
    disabled: record.disabled,
  };
}

/** A stored record as the conflict rules see it. */
export function toExistingRecord(row: RecordEntity): ExistingRecord {
  return { id: row.id, type: row.type, fqdn: row.name, content: row.content };
}
