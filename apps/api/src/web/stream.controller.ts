import { Controller, Param, Req, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { interval, map, merge, Observable, share, takeUntil } from 'rxjs';
import { TrackingQueries } from '@app/tracking';
import { SessionWatch } from '../auth/session-watch';
import { DepartmentCodePipe } from '../http/params';
import { ProjectionNotices } from './projection-notices.service';

/** Seconds between heartbeats: below the usual 30–60 s idle timeouts of proxies. */
export const HEARTBEAT_MS = 25_000;

@ApiTags('live updates')
@Controller('api/departments/:department')
export class StreamController {
  constructor(
    private readonly notices: ProjectionNotices,
    private readonly queries: TrackingQueries,
    private readonly sessions: SessionWatch,
  ) {}

  /**
   * Server-sent events: `{type:'projected', projection}` each time the worker has applied events
   * of this department to a read model (refetch the figures), and a `heartbeat` event every 25 s.
   * EventSource cannot send headers, so the token travels as `?access_token=`.
   * The stream ends with a `session-ended` message (`reason`: expired, ended, forbidden) when its
   * token expires, or when a check every STREAM_RECHECK_MS (30 s) finds the user disabled, signed
   * out or without a role here: EventSource then reconnects, and the guard answers 401 or 403.
   */
  @Sse('stream')
  @ApiOperation({ summary: 'Live updates (SSE): a `projected` message when this department’s figures changed; a heartbeat every 25 s' })
  @ApiQuery({ name: 'access_token', required: false, description: 'The access token (EventSource cannot send an Authorization header)' })
  async stream(@Param('department', DepartmentCodePipe) department: string, @Req() request: Request): Promise<Observable<MessageEvent>> {
    await this.queries.requireDepartment(department);
    const ended = this.sessions.endOf(request).pipe(share());
    return merge(
      merge(
        this.notices.forDepartment(department).pipe(map((n): MessageEvent => ({ data: { type: 'projected', projection: n.projection } }))),
        interval(HEARTBEAT_MS).pipe(
          map((): MessageEvent => ({ type: 'heartbeat', data: { type: 'heartbeat', at: new Date().toISOString() } })),
        ),
      ).pipe(takeUntil(ended)),
      ended.pipe(map((reason): MessageEvent => ({ type: 'session-ended', data: { type: 'session-ended', reason } }))),
    ).pipe(takeUntil(this.notices.shutdown$));
  }
}
