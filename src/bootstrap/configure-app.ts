import { INestApplication, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { bodyParserErrors } from 'src/common/http/body-parser-errors';
import { OidcDiscoveryService } from 'src/auth/scaikey/oidc-discovery.service';
import { AppConfig } from 'src/config/app-config';
import {
  defaultOAuthEndpoints,
  buildOpenApiDocument,
  OAuthEndpoints,
  serveOpenApi,
} from 'src/openapi/openapi';

/**
 * Everything about the HTTP app that is not a module: body limits, headers, CORS, Swagger. Shared by main.ts and
 * the e2e harness so tests run the app exactly as production does.
 */
export async function configureApp(app: NestExpressApplication): Promise<void> {
  const config = app.get(AppConfig);
  app.set('trust proxy', config.http.trustProxy);
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimitBytes, extended: false });
  app.useBodyParser('text', { limit: config.http.bodyLimitBytes, type: 'text/plain' });
  app.use(bodyParserErrors);
  app.use(
    helmet({
      // Swagger UI needs inline scripts and must reach ScaiKey for the token exchange.
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
      // The OAuth popup comes back from ScaiKey's origin to /docs/oauth2-redirect.html and reports to its opener;
      // a same-origin opener policy would cut that link and the Authorize button would never finish.
      crossOriginOpenerPolicy: false,
    }),
  );
  app.enableCors({
    origin: config.http.corsOrigins.length > 0 ? config.http.corsOrigins : false,
    exposedHeaders: [
      'X-Request-ID',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
  });
  app.enableShutdownHooks();
  const endpoints = await oauthEndpoints(app, config);
  serveOpenApi(app, buildOpenApiDocument(app, endpoints), config);
}

async function oauthEndpoints(app: INestApplication, config: AppConfig): Promise<OAuthEndpoints> {
  try {
    const discovery = await app.get(OidcDiscoveryService).get();
    return {
      authorizationUrl: discovery.authorization_endpoint,
      tokenUrl: discovery.token_endpoint,
      refreshUrl: discovery.token_endpoint,
    };
  } catch (error) {
    // ScaiKey may come up after us; Swagger then shows the documented paths.
    new Logger('Bootstrap').warn(
      `ScaiKey discovery unavailable at boot, Swagger uses default paths: ${String(error)}`,
    );
    return defaultOAuthEndpoints(config);
  }
}
