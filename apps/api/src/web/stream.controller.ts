import { Controller, Param, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable, takeUntil } from 'rxjs';
import { TrackingQueries } from '@app/tracking';
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
  ) {}

  /**
   * Server-sent events: `{type:'projected', projection}` each time the worker has applied events
   * of this department to a read model (refetch the figures), and a `heartbeat` event every 25 s.
   * EventSource cannot send headers, so the token travels as `?access_token=`.
   */
  @Sse('stream')
  @ApiOperation({ summary: 'Live updates (SSE): a `projected` message when this department’s figures changed; a heartbeat every 25 s' })
  @ApiQuery({ name: 'access_token', required: false, description: 'The access token (EventSource cannot send an Authorization header)' })
  async stream(@Param('department', DepartmentCodePipe) department: string): Promise<Observable<MessageEvent>> {
    await this.queries.requireDepartment(department);
    return merge(
      this.notices.forDepartment(department).pipe(map((n): MessageEvent => ({ data: { type: 'projected', projection: n.projection } }))),
      interval(HEARTBEAT_MS).pipe(
        map((): MessageEvent => ({ type: 'heartbeat', data: { type: 'heartbeat', at: new Date().toISOString() } })),
      ),
    ).pipe(takeUntil(this.notices.shutdown$));
  }
}
