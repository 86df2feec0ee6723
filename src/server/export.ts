import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '../common/errors.js';
import { preferredLocale } from '../common/locale.js';
import type { Services } from '../services.js';
import { formatError, isExpectedError, localizeError } from './errors.js';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
};

/**
 * Sends CSV lines as a download, or the refusal as JSON with its HTTP status. A fault is formatted
 * as on /graphql (formatError: "Internal server error", never its SQL or parameters) with the
 * request id, in the client's language, and logged in full with that id.
 */
async function sendCsv(request: FastifyRequest, reply: FastifyReply, filename: string, open: () => Promise<AsyncGenerator<string>>) {
  let lines: AsyncGenerator<string>;
  try {
    lines = await open();
  } catch (error) {
    const expected = isExpectedError(error);
    if (!expected) request.log.error({ err: error, requestId: request.id }, 'unexpected error');
    const formatted = localizeError(formatError({ message: '' }, error), preferredLocale(request.headers['accept-language']));
    const code = formatted.extensions?.code as string;
    const status = (expected && STATUS[code]) || 500;
    return reply.code(status).send({ error: { code, message: formatted.message, ...(expected ? {} : { requestId: request.id }) } });
  }
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(Readable.from(lines));
}

function dateParam(value: unknown): Date {
  return typeof value === 'string' && value !== '' ? new Date(value) : new Date(Number.NaN);
}

/**
 * Staff downloads, bearer token as for /graphql: a session's opinions and a unit report as CSV
 * (UTF-8 with a byte-order mark, so Excel shows Vietnamese as written).
 */
export function registerExportRoutes(app: FastifyInstance, { services }: { services: Services }) {
  // Through AccessService, so a revoked or disabled staff account cannot download either.
  const viewerOf = (authorization: unknown) => services.access.viewerFromAuthorization(authorization);

  app.get<{ Params: { id: string } }>('/export/sessions/:id/opinions.csv', (request, reply) =>
    sendCsv(request, reply, `opinions-${request.params.id}.csv`, async () =>
      services.reports.sessionOpinionsCsv({ viewer: await viewerOf(request.headers.authorization), sessionId: request.params.id }),
    ),
  );

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>('/export/units/:id/report.csv', (request, reply) =>
    sendCsv(request, reply, `report-${request.params.id}.csv`, async () =>
      services.reports.unitReportCsv({
        viewer: await viewerOf(request.headers.authorization),
        unitId: request.params.id,
        from: dateParam(request.query.from),
        to: dateParam(request.query.to),
      }),
    ),
  );
}
