import { BadRequestError, NotFoundError } from 'src/common/errors/app.exception';

export class AccessGrantNotFoundError extends NotFoundError {
  constructor() {
    super('Access grant');
  }
}

/** The role holds permissions that do not act on a zone (e.g. tenant_admin, or a custom role with users:manage). */
export class RoleNotGrantableError extends BadRequestError {
  constructor(role: string, permissions: string[]) {
    super(
      `Role "${role}" cannot be granted on a zone: it holds permissions that do not apply to one zone (${permissions.join(', ')})`,
      'ROLE_NOT_GRANTABLE',
    );
  }
}
