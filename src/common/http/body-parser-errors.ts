import { NextFunction, Request, Response } from 'express';

interface BodyParserError extends Error {
  type?: string;
}

/**
 * Express error middleware placed right after the body parsers. Nest would turn a JSON syntax error into a bare
 * 400; the public contract (FastAPI's) answers undecodable JSON with 422 and a detail list, and too-large bodies
 * with 413.
 */
export function bodyParserErrors(
  error: BodyParserError,
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (error.type === 'entity.too.large') {
    response.status(413).json({ detail: 'Request body is too large' });
    return;
  }
  if (error.type === 'entity.parse.failed') {
    response.status(422).json({
      detail: [{ loc: ['body'], msg: `Invalid JSON: ${error.message}`, type: 'value_error.jsondecode' }],
    });
    return;
  }
  if (
    error.type?.startsWith('entity.') ||
    error.type?.startsWith('encoding.') ||
    error.type === 'charset.unsupported'
  ) {
    response.status(400).json({ detail: `Unreadable request body: ${error.message}` });
    return;
  }
  next(error);
}
