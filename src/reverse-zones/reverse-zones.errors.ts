import { AppException, BadRequestError, ConflictError, NotFoundError } from 'src/common/errors/app.exception';

export class InvalidCidrError extends BadRequestError {
  constructor(reason: string) {
    super(reason, 'INVALID_CIDR');
  }
}

export class InvalidIpError extends BadRequestError {
  constructor(text: string) {
    super(`'${text}' is not an IPv4 or IPv6 address`, 'INVALID_IP');
  }
}

export class IpOutsideZoneError extends BadRequestError {
  constructor(ip: string, cidr: string, zone: string) {
    super(`${ip} is outside ${cidr}, the range of the reverse zone ${zone}`, 'IP_OUTSIDE_ZONE');
  }
}

/** Also answers for a zone that exists but is not a reverse zone: these routes only know reverse zones. */
export class ReverseZoneNotFoundError extends NotFoundError {
  constructor() {
    super('Reverse zone');
  }
}

export class ReverseZoneRangeUnknownError extends AppException {
  constructor(zone: string) {
    super(409, `The address range of ${zone} cannot be derived from its name`, 'REVERSE_ZONE_RANGE_UNKNOWN');
  }
}

export class ReverseZoneExistsError extends ConflictError {
  constructor(zone: string) {
    super(`Reverse zone ${zone} already exists`, 'DOMAIN_EXISTS');
  }
}

export class ReverseZoneOverlapError extends ConflictError {
  constructor(zone: string, other: string, otherCidr: string) {
    super(
      `${zone} overlaps the classless zone ${other} (${otherCidr}) of this tenant`,
      'REVERSE_ZONE_OVERLAP',
    );
  }
}

export class PtrNotFoundError extends NotFoundError {
  constructor(ip: string) {
    super(`PTR record for ${ip}`);
  }
}

export interface PtrBulkError {
  index: number;
  ip: string;
  error: string;
}

export class PtrBulkRejectedError extends AppException {
  constructor(errors: PtrBulkError[]) {
    super(
      400,
      { message: `${errors.length} PTR record(s) are invalid; nothing was created`, errors },
      'BULK_REJECTED',
    );
  }
}
