import { DsData, PUBLISHED_DIGEST_TYPES } from 'src/dnssec/dnssec-digest';
import { KeySnapshot } from 'src/dnssec/dnssec-state-machine';
import { DnssecKeyDto, DsRecordDto } from 'src/dnssec/dto/dnssec.dto';
import { DnssecKeyEntity } from 'src/dnssec/entities/dnssec-key.entity';

export function toKeyDto(key: DnssecKeyEntity): DnssecKeyDto {
  return {
    key_tag: key.keyTag,
    algorithm: key.algorithm,
    public_key: key.publicKey,
    key_type: key.keyType,
    created_at: key.createdAt.toISOString(),
    expires_at: key.expiresAt.toISOString(),
    active: key.active,
    state: key.state,
    activate_at: key.activateAt?.toISOString() ?? null,
    remove_at: key.removeAt?.toISOString() ?? null,
  };
}

export function toDsDto(ds: DsData): DsRecordDto {
  return {
    key_tag: ds.keyTag,
    algorithm: ds.algorithm,
    digest_type: ds.digestType,
    digest: ds.digest.toUpperCase(),
  };
}

/** The DS records of a KSK offered for publication (digest types 2 and 4). */
export function publishableDs(key: DnssecKeyEntity): DsData[] {
  return (key.dsRecords ?? []).filter((ds) =>
    (PUBLISHED_DIGEST_TYPES as readonly number[]).includes(ds.digestType),
  );
}

export function toSnapshot(key: DnssecKeyEntity): KeySnapshot {
  return {
    id: key.id,
    keyType: key.keyType,
    state: key.state,
    createdAt: key.createdAt,
    activateAt: key.activateAt,
    removeAt: key.removeAt,
    expiresAt: key.expiresAt,
    dsConfirmedAt: key.dsConfirmedAt,
  };
}

/** What the audit log keeps of a key. */
export function keyAuditView(key: DnssecKeyEntity): Record<string, unknown> {
  return {
    key_type: key.keyType,
    key_tag: key.keyTag,
    algorithm: key.algorithm,
    state: key.state,
    active: key.active,
    activate_at: key.activateAt?.toISOString() ?? null,
    remove_at: key.removeAt?.toISOString() ?? null,
    expires_at: key.expiresAt.toISOString(),
  };
}
