import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pino, type DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '@app/config';

/** Where the api's JSON logs go (stdout); a test replaces it to read what was logged. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/** An X-Request-Id the api keeps: short, and nothing a log line or a header could be hurt by. */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

type IdentifiedRequest = IncomingMessage & { id?: unknown };

/**
 * The request's id: the client's X-Request-Id when it is a short safe token (REQUEST_ID), otherwise a
 * new UUID — an 8 kB or hostile id is replaced, never refused. It is the `id` of every log line of the
 * request, the X-Request-Id of the answer and the correlation id of the events the request records.
 */
export function requestIdOf(request: IdentifiedRequest): string {
  if (typeof request.id === 'string' && REQUEST_ID.test(request.id)) return request.id;
  const header = request.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  request.id = id;
  return id;
}

/** The path of a URL, without its query: a query may carry a token in any spelling (?access%5Ftoken=…). */
export const pathOf = (url: string | undefined): string | undefined => url?.split('?', 1)[0];

/** The request headers worth a log line; Authorization, Cookie, Referer (it holds URLs) and the rest are left out. */
const LOGGED_HEADERS = ['host', 'user-agent', 'content-type', 'content-length', 'accept', 'if-match', 'if-none-match', 'x-forwarded-for'];
const MAX_HEADER_LOGGED = 200;

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
  remotePort?: number;
}

/**
 * How a request appears in the logs: method, path (never the query string) and a few harmless
 * headers. Tokens never reach the logs, however a client spells or encodes them.
 */
export function serializeRequest(request: SerializedRequest): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const name of LOGGED_HEADERS) {
    const value = request.headers?.[name];
    if (typeof value === 'string') headers[name] = value.slice(0, MAX_HEADER_LOGGED);
  }
  return {
    id: request.id,
    method: request.method,
    url: pathOf(request.url),
    headers,
    remoteAddress: request.remoteAddress,
    remotePort: request.remotePort,
  };
}

/** pino-http's options for the api. */
export function requestLogOptions(level: string): Options<IncomingMessage, ServerResponse> {
  return {
    level,
    autoLogging: { ignore: (request) => pathOf(request.url) === '/health' },
    genReqId: (request, response) => {
      const id = requestIdOf(request);
      response.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: serializeRequest,
      // Only the status: headers may carry the queue admin's Set-Cookie (a token).
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
  };
}

@Module({ providers: [{ provide: LOG_DESTINATION, useFactory: () => pino.destination(1) }], exports: [LOG_DESTINATION] })
export class LogDestinationModule {}

/** The api's request logging (nestjs-pino), configured once here. */
export function requestLogging(): DynamicModule {
  return LoggerModule.forRootAsync({
    imports: [LogDestinationModule],
    inject: [AppConfig, LOG_DESTINATION],
    useFactory: (config: AppConfig, destination: DestinationStream) => ({
      pinoHttp: [requestLogOptions(config.LOG_LEVEL), destination],
    }),
  });
}
