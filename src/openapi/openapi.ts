import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SCHEME, OAUTH_SCHEME } from 'src/auth/decorators/auth.decorators';
import { AppConfig } from 'src/config/app-config';
import {
  ErrorResponseDto,
  ServerErrorResponseDto,
  ValidationErrorResponseDto,
} from 'src/common/errors/error-response.dto';

export interface OAuthEndpoints {
  authorizationUrl: string;
  tokenUrl: string;
  refreshUrl?: string;
}

/** ScaiKey's documented platform paths; the running app replaces them with what discovery announces. */
export function defaultOAuthEndpoints(config: AppConfig): OAuthEndpoints {
  const base = `${config.scaikey.url}/api/v1/platform/oauth`;
  return { authorizationUrl: `${base}/authorize`, tokenUrl: `${base}/token`, refreshUrl: `${base}/token` };
}

export const OAUTH_SCOPES: Record<string, string> = {
  openid: 'OpenID Connect sign-in',
  profile: 'Your name',
  email: 'Your e-mail address',
  offline_access: 'Refresh tokens',
};

export function buildOpenApiDocument(app: INestApplication, endpoints: OAuthEndpoints): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('ScaiDNS API')
    .setDescription(
      'Multi-tenant DNS control plane in front of PowerDNS. Humans sign in with ScaiKey (OAuth 2.0 authorization ' +
        'code + PKCE); automation uses an `X-API-Key`. Platform admins act inside a tenant by sending `X-Tenant-ID`. ' +
        'Every error body is `{"detail": ...}`.',
    )
    .setVersion('1.0.0')
    .addOAuth2(
      { type: 'oauth2', flows: { authorizationCode: { ...endpoints, scopes: OAUTH_SCOPES } } },
      OAUTH_SCHEME,
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, API_KEY_SCHEME);
  return SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ErrorResponseDto, ValidationErrorResponseDto, ServerErrorResponseDto],
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** Serves Swagger UI at /docs and the document at /openapi.json, with Authorize wired to ScaiKey (PKCE). */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject, config: AppConfig): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    customSiteTitle: 'ScaiDNS API',
    swaggerOptions: {
      persistAuthorization: true,
      oauth2RedirectUrl: `${config.http.externalUrl}/docs/oauth2-redirect.html`,
      initOAuth: {
        clientId: config.scaikey.swaggerClientId,
        usePkceWithAuthorizationCodeGrant: true,
        scopes: ['openid', 'profile', 'email'],
      },
    },
  });
}
