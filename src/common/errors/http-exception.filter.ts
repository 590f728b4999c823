import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { AppException } from 'src/common/errors/app.exception';
import { requestIdOf } from 'src/common/http/request-id';

/**
 * The single place that turns an exception into an HTTP answer. Every body is `{"detail": ...}` as the public
 * contract (FastAPI's shape) promises; unexpected errors are logged with their stack and answered with a
 * correlation id only, so nothing internal leaks.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { status, body, headers } = this.render(exception, request);
    if (response.headersSent) {
      return;
    }
    response.set(headers).status(status).json(body);
  }

  private render(
    exception: unknown,
    request: Request,
  ): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
    if (exception instanceof AppException) {
      if (exception.status >= 500) {
        this.logger.warn(
          `${request.method} ${request.path} -> ${exception.status} ${exception.code}: ${exception.message}`,
        );
      }
      return { status: exception.status, body: { detail: exception.detail }, headers: exception.headers };
    }
    if (exception instanceof HttpException) {
      return { status: exception.getStatus(), body: { detail: nestDetail(exception) }, headers: {} };
    }
    const correlationId = requestIdOf(request);
    this.logger.error(
      { err: exception, correlation_id: correlationId },
      `Unhandled error on ${request.method} ${request.path}`,
    );
    return {
      status: 500,
      body: { detail: 'Internal server error', correlation_id: correlationId },
      headers: {},
    };
  }
}

function nestDetail(exception: HttpException): unknown {
  const response = exception.getResponse();
  if (typeof response === 'string') {
    return response;
  }
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string' && message.startsWith('Cannot ')) {
    return 'Not Found';
  }
  return message ?? exception.message;
}
