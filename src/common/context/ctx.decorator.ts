import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Request } from 'express';
import { RequestContext } from 'src/common/context/request-context';

export const REQUEST_CONTEXT = Symbol('scaidns.requestContext');

export type RequestWithContext = Request & { [REQUEST_CONTEXT]?: RequestContext };

/** Hands the request's context (built by the auth guard) to a controller handler. */
export const Ctx = createParamDecorator((_data: unknown, host: ExecutionContext): RequestContext => {
  const context = host.switchToHttp().getRequest<RequestWithContext>()[REQUEST_CONTEXT];
  if (!context) {
    throw new Error('RequestContext missing: is the route declared with @Authenticated or @Public?');
  }
  return context;
});
