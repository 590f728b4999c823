import { AppException, BadRequestError, ConflictError, NotFoundError } from 'src/common/errors/app.exception';

export class DomainNotFoundError extends NotFoundError {
  constructor() {
    super('Domain');
  }
}

export class DomainExistsError extends ConflictError {
  constructor() {
    super('Domain already exists', 'DOMAIN_EXISTS');
  }
}

export class DomainHeldElsewhereError extends ConflictError {
  constructor(name: string, relation: 'same' | 'parent' | 'child') {
    const what = relation === 'same' ? name : `a ${relation} zone of ${name}`;
    super(`${what} is managed by another tenant`, 'DOMAIN_HELD_ELSEWHERE');
  }
}

export class InvalidDomainNameError extends BadRequestError {
  constructor(reason: string) {
    super(`Invalid domain name: ${reason}`, 'INVALID_DOMAIN_NAME');
  }
}

export class DomainStateError extends AppException {
  constructor(message: string) {
    super(409, message, 'DOMAIN_STATE');
  }
}
