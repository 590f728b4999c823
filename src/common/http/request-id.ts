import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'X-Request-ID';

/** A caller may pass its own id for tracing; anything that is not a short token is replaced. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function chooseRequestId(request: IncomingMessage): string {
  const offered = request.headers[REQUEST_ID_HEADER.toLowerCase()];
  return typeof offered === 'string' && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
}

/** pino-http stores the id on `req.id`; fall back to a fresh one for errors raised before it ran. */
export function requestIdOf(request: IncomingMessage): string {
  const id = (request as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' ? id : randomUUID();
}
