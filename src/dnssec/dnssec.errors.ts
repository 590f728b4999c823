import { AppException, BadRequestError, ConflictError } from 'src/common/errors/app.exception';
import { DsData, formatDs } from 'src/dnssec/dnssec-digest';

/** A DS record in API form. */
export interface DsDetail {
  key_tag: number;
  algorithm: number;
  digest_type: number;
  digest: string;
}

function dsDetail(ds: DsData): DsDetail {
  return {
    key_tag: ds.keyTag,
    algorithm: ds.algorithm,
    digest_type: ds.digestType,
    digest: ds.digest.toUpperCase(),
  };
}

function listed(records: readonly DsData[]): string {
  return records.length === 0 ? 'none' : records.map(formatDs).join(', ');
}

export class UnsupportedAlgorithmError extends BadRequestError {
  constructor(algorithm: number, supported: readonly number[]) {
    super(
      `Unsupported DNSSEC algorithm ${algorithm}: use one of ${supported.join(', ')}`,
      'DNSSEC_UNSUPPORTED_ALGORITHM',
    );
  }
}

/** The operation does not fit the zone's DNSSEC state (already enabled, not enabled, rollover under way, ...). */
export class DnssecStateError extends ConflictError {
  constructor(message: string) {
    super(message, 'DNSSEC_STATE');
  }
}

export class DnssecUnknownKeyError extends BadRequestError {
  constructor(keyTag: number) {
    super(`The zone has no KSK with key tag ${keyTag}`, 'DNSSEC_UNKNOWN_KEY');
  }
}

/** confirm-ds-published: the parent's DS set has no DS for the key awaiting confirmation. */
export class DsNotPublishedError extends ConflictError {
  constructor(
    zone: string,
    keyTag: number,
    expected: readonly DsData[],
    published: readonly DsData[],
    note?: string,
  ) {
    super(
      {
        message:
          `The parent zone does not publish a DS record for key ${keyTag} of ${zone} yet. ` +
          `Expected one of: ${listed(expected)}. The parent publishes: ${listed(published)}.` +
          (note ? ` ${note}` : ''),
        expected: expected.map(dsDetail),
        published: published.map(dsDetail),
      },
      'DNSSEC_DS_NOT_PUBLISHED',
    );
  }
}

/** disable: the parent still has a DS for the zone, so removing the keys would make the zone bogus. */
export class DsStillPublishedError extends ConflictError {
  constructor(zone: string, published: readonly DsData[]) {
    super(
      {
        message:
          `The parent zone still publishes DS records for ${zone} (${listed(published)}). Remove them at the registrar ` +
          'and wait for their TTL to pass before disabling DNSSEC, or validating resolvers will answer SERVFAIL for the ' +
          'zone. Send {"force": true} to disable anyway.',
        published: published.map(dsDetail),
      },
      'DNSSEC_DS_STILL_PUBLISHED',
    );
  }
}

/** The parent's DS set could not be looked up (resolvers unreachable, SERVFAIL, timeout); nothing was changed. */
export class ParentDsLookupError extends AppException {
  constructor(zone: string, reason: string, hint: string) {
    super(
      503,
      `Could not look up the DS records of ${zone} at its parent zone: ${reason}. Nothing was changed. ${hint}`,
      'DNSSEC_DS_LOOKUP_FAILED',
      {
        headers: { 'Retry-After': '30' },
      },
    );
  }
}
