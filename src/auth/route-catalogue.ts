import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { AUTH_METADATA, RouteAuth } from 'src/auth/decorators/auth.decorators';

export interface RouteInfo {
  method: string;
  /** Express-style path, e.g. `/api/v1/domains/:domain_id`. */
  path: string;
  /** `public`, `authenticated` (any caller) or the permission the route needs; `undeclared` is a bug. */
  access: string;
  apiKeys: boolean;
  handler: string;
}

/**
 * Every HTTP route of the app with the access rule it declares, read from the controllers' metadata. Feeds the
 * permission table in docs/permissions.md and the test that keeps routes and that table in step.
 */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller?.prototype) {
        continue;
      }
      const base = normalise(Reflect.getMetadata(PATH_METADATA, controller) as string | undefined);
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') {
          continue;
        }
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) {
          continue;
        }
        const rule =
          (Reflect.getMetadata(AUTH_METADATA, handler) as RouteAuth | undefined) ??
          (Reflect.getMetadata(AUTH_METADATA, controller) as RouteAuth | undefined);
        routes.push({
          method: RequestMethod[method],
          path: `${base}${normalise(path)}` || '/',
          access: !rule
            ? 'undeclared'
            : rule.kind === 'public'
              ? 'public'
              : describePermission(rule.permission),
          apiKeys: rule?.kind === 'authenticated' ? rule.allowApiKey : true,
          handler: `${controller.name}.${name}`,
        });
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function describePermission(permission: string | string[] | null): string {
  return permission === null ? 'authenticated' : [permission].flat().join(' | ');
}

function normalise(path: string | undefined): string {
  const trimmed = (path ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}

/** The markdown table of routes written into docs/permissions.md. */
export function routesTable(routes: RouteInfo[]): string {
  const lines = ['| Method | Path | Needs | API keys |', '|---|---|---|---|'];
  for (const route of routes) {
    lines.push(
      `| ${route.method} | \`${route.path}\` | \`${route.access}\` | ${route.apiKeys ? 'yes' : 'no'} |`,
    );
  }
  return lines.join('\n');
}
