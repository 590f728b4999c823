import { AppException, BadRequestError, ConflictError, NotFoundError } from 'src/common/errors/app.exception';

export class ConfigKeyNotFoundError extends AppException {
  constructor(key: string) {
    super(404, `Unknown configuration key: ${key}`, 'CONFIG_KEY_NOT_FOUND');
  }
}

export class InvalidConfigValueError extends BadRequestError {
  constructor(reason: string) {
    super(reason, 'INVALID_CONFIG_VALUE');
  }
}

export class ConfigKeyEditedElsewhereError extends BadRequestError {
  constructor(key: string, route: string) {
    super(`${key} cannot be changed here: use ${route}`, 'CONFIG_KEY_EDITED_ELSEWHERE');
  }
}

export class InvalidNameserversError extends BadRequestError {
  constructor(reason: string) {
    super(`Invalid nameservers: ${reason}`, 'INVALID_NAMESERVERS');
  }
}

export class InvalidAuthoritativeDomainsError extends BadRequestError {
  constructor(reason: string) {
    super(`Invalid authoritative domains: ${reason}`, 'INVALID_AUTHORITATIVE_DOMAINS');
  }
}

export class RewriteInProgressError extends ConflictError {
  constructor(jobId: string | null) {
    super(
      `A nameserver rewrite is already in progress${jobId ? ` (job ${jobId})` : ''}; wait until it finishes, then send the list again`,
      'NAMESERVER_REWRITE_IN_PROGRESS',
    );
  }
}

export class RewriteNotQueuedError extends AppException {
  constructor(jobId: string, reason: string) {
    super(
      503,
      `The nameservers were saved, but the rewrite of the zones (job ${jobId}) could not be queued: ${reason}. ` +
        'Send the same list again to retry',
      'NAMESERVER_REWRITE_NOT_QUEUED',
      { headers: { 'Retry-After': '5' } },
    );
  }
}

export class RewriteJobNotFoundError extends NotFoundError {
  constructor() {
    super('Nameserver rewrite job');
  }
}

export class TenantNotFoundError extends NotFoundError {
  constructor() {
    super('Tenant');
  }
}

export class PartnerNotFoundError extends NotFoundError {
  constructor() {
    super('Partner');
  }
}

export class TenantExistsError extends ConflictError {
  constructor(reason: string) {
    super(reason, 'TENANT_EXISTS');
  }
}

export class InvalidTenantUpdateError extends BadRequestError {
  constructor(reason: string) {
    super(reason, 'INVALID_TENANT_UPDATE');
  }
}
