/**
 * The body error handler: express.json refuses a body too large or not JSON; this answers in
 * GraphQL's shape instead of an HTML page.
 */
import type { ErrorRequestHandler } from 'express';
import type { Limits } from './limits.config';

export function bodyErrorHandler(limits: Limits): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
    // body-parser's errors otherwise reach express's default handler: an HTML page (with a stack in development).
    const answer = (status: number, message: string) =>
      res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    if (type === 'entity.too.large')
      return answer(413, `The request body is too large: at most ${limits.maxBodyBytes} bytes.`);
    if (type === 'entity.parse.failed') return answer(400, 'The request body is not valid JSON.');
    if (type === 'encoding.unsupported' || type === 'charset.unsupported')
      return answer(415, 'The request body must be JSON in UTF-8.');
    return next(error);
  };
}
