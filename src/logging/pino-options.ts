import { IncomingMessage, ServerResponse } from 'node:http';
import { Options } from 'pino-http';
import { REQUEST_ID_HEADER, chooseRequestId } from 'src/common/http/request-id';
import { AppConfig } from 'src/config/app-config';

/** Everything that can carry a credential. pino removes these before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["x-scaikey-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.client_secret',
  '*.refresh_token',
  '*.access_token',
  '*.code_verifier',
  '*.key',
];

const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

export function buildPinoOptions(config: AppConfig, fd: 1 | 2 = 1): Options {
  return {
    level: config.log.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = chooseRequestId(req);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info',
    autoLogging: { ignore: (req) => QUIET_PATHS.has(req.url?.split('?')[0] ?? '') },
    // Query strings may carry tokens (OAuth callbacks), so only the path is logged.
    serializers: {
      req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url?.split('?')[0],
        remote_address: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    transport:
      config.log.format === 'text'
        ? {
            target: 'pino-pretty',
            options: { singleLine: true, colorize: false, translateTime: 'SYS:standard', destination: fd },
          }
        : undefined,
  };
}
