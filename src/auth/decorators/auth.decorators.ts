import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Permission } from 'src/auth/permissions';
import { ErrorResponseDto } from 'src/common/errors/error-response.dto';

export const AUTH_METADATA = 'scaidns:auth';

export type RouteAuth =
  | { kind: 'public' }
  | { kind: 'authenticated'; permission: Permission | Permission[] | null; allowApiKey: boolean };

export interface AuthenticatedOptions {
  /**
   * The permission the caller must hold (any one of a list); null means any authenticated caller (e.g. "who am I").
   */
  permission: Permission | Permission[] | null;
  /** API keys may not manage API keys (and a few other JWT-only routes). */
  allowApiKey?: boolean;
}

export const OAUTH_SCHEME = 'scaikey';
export const API_KEY_SCHEME = 'api_key';

/** The one way to open a route to callers: it declares the permission and the Swagger security together. */
export function Authenticated(options: AuthenticatedOptions): MethodDecorator & ClassDecorator {
  const allowApiKey = options.allowApiKey ?? true;
  const metadata: RouteAuth = { kind: 'authenticated', permission: options.permission, allowApiKey };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, metadata),
    ApiSecurity(OAUTH_SCHEME),
    ...(allowApiKey ? [ApiSecurity(API_KEY_SCHEME)] : []),
    ApiUnauthorizedResponse({
      description: 'Missing, invalid or expired credentials',
      type: ErrorResponseDto,
    }),
    ApiForbiddenResponse({
      description: options.permission
        ? `Requires ${[options.permission]
            .flat()
            .map((permission) => `\`${permission}\``)
            .join(' or ')}`
        : 'Forbidden',
      type: ErrorResponseDto,
    }),
  );
}

/** Marks a route as open to anyone. Routes without @Public or @Authenticated are refused by the guard. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(AUTH_METADATA, { kind: 'public' } satisfies RouteAuth);
}
