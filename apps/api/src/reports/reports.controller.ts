import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiGoneResponse, ApiOperation, ApiPropertyOptional, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { IsOptional, Matches } from 'class-validator';
import { Clock } from '@app/config';
import { CodedError } from '@app/event-store';
import {
  REPORT_QUEUE,
  reportIdOfResult,
  ReportMissingError,
  ReportQuotaError,
  ReportRequests,
  type ReportJobData,
  ReportStore,
} from '@app/reporting/jobs';
import { isCalendarDate, invalid, NotFoundError, TrackingQueries } from '@app/tracking';
import { DepartmentCodePipe, YearPipe } from '../http/params';
import { Allow } from '../auth/access.decorators';

class RequestReportDto {
  @ApiPropertyOptional({ example: '2023-06-30', description: 'Only what had happened by this date; default the whole year' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;
}

class QueueUnavailableError extends CodedError {
  constructor(cause: unknown) {
    super('QUEUE.UNAVAILABLE', 'The report queue (Redis) is unavailable; recording activities still works. Try the report again shortly.');
    this.cause = cause;
  }
}

/** Redis being down must fail the request quickly, never hang it. */
async function withQueue<T>(fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('queue timeout')), 3000);
      }),
    ]);
  } catch (error) {
    if (error instanceof CodedError) throw error;
    throw new QueueUnavailableError(error);
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('reports')
@Controller('api/departments/:department')
export class ReportsController {
  constructor(
    @InjectQueue(REPORT_QUEUE) private readonly queue: Queue<ReportJobData>,
    private readonly reports: ReportStore,
    private readonly requests: ReportRequests,
    private readonly queries: TrackingQueries,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post('years/:year/reports')
  @Allow('reporter')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Request a year-end report build: 202 with the job id (one job per department-year, as-of date and event position); the finished job’s result names the stored report. Quotas per department: REPORT_BUILDS_PER_HOUR new builds an hour, REPORTS_KEPT_PER_YEAR kept reports a year',
  })
  @ApiTooManyRequestsResponse({ description: 'A quota is exhausted (REPORT.QUOTA_EXCEEDED, message in Chinese); see Retry-After' })
  async request(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Body() body: RequestReportDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.queries.requireDepartment(department);
    if (body.asOf !== undefined && (!isCalendarDate(body.asOf) || !body.asOf.startsWith(String(year)))) {
      throw invalid('asOf', `must be an existing date in ${year}`);
    }
    let job;
    try {
      job = await this.requests.request({ department, year, asOf: body.asOf ?? null }, withQueue);
    } catch (error) {
      if (!(error instanceof ReportQuotaError)) throw error;
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw new HttpException(
        { error: error.code, message: error.message, quota: error.quota, retryAfter: error.retryAfterSeconds },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    // No report id here: the report is stored under the event position it was built from, which
    // moves past `tenantPosition` when activities are recorded meanwhile. The job's result names it.
    return { jobId: job.id, statusUrl: `/api/departments/${department}/reports/jobs/${job.id}` };
  }

  @Get('reports/jobs/:jobId')
  @Allow('any')
  @ApiOperation({
    summary:
      'State and progress of a report job; a completed job names its stored report (410 REPORT.SUPERSEDED when retention removed it, unfetched, after a newer one; 500 REPORT_JOB.RESULT_MISSING or REPORT.MISSING when it names none this installation holds)',
  })
  @ApiGoneResponse({
    description: 'The job’s report was superseded and removed by retention (REPORT.SUPERSEDED); `newest` names the current one',
  })
  async job(@Param('department', DepartmentCodePipe) department: string, @Param('jobId') jobId: string) {
    // The state before the job: a job read before it finished has no result yet.
    const state = await withQueue(() => this.queue.getJobState(jobId));
    const job = await withQueue(() => this.queue.getJob(jobId));
    if (!job || job.data.department !== department) throw new NotFoundError('REPORT_JOB.NOT_FOUND', `No report job ${jobId}`);
    let result: { reportId: string } | null = null;
    if (state === 'completed') {
      const id = reportIdOfResult(jobId, job.returnvalue);
      if (!(await this.reports.has(department, id))) {
        const newest = await this.reports.newest(department, job.data.year, job.data.asOf);
        if (newest === null || newest === id) throw new ReportMissingError(jobId, id);
        throw new HttpException(
          {
            error: 'REPORT.SUPERSEDED',
            message: `报告 ${id} 已有更新版本，且生成后无人下载，已按保留规则清理；请使用最新报告 ${newest}。`,
            newest,
          },
          HttpStatus.GONE,
        );
      }
      result = { reportId: id };
    }
    return {
      jobId: job.id,
      state,
      progress: job.progress,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason ?? null,
      result,
    };
  }

  @Get('years/:year/reports')
  @Allow('any')
  @ApiOperation({ summary: 'Stored reports of the year, newest first; `stale` when a newer event exists (request a rebuild)' })
  async list(@Param('department', DepartmentCodePipe) department: string, @Param('year', YearPipe) year: number) {
    await this.queries.requireDepartment(department);
    return this.reports.list(department, year);
  }

  @Get('reports/:id')
  @Allow('any')
  @ApiOperation({ summary: 'A stored report (JSON); fetching it keeps it from retention' })
  async get(@Param('department', DepartmentCodePipe) department: string, @Param('id') id: string) {
    const report = await this.reports.get(department, id);
    if (!report) throw new NotFoundError('REPORT.NOT_FOUND', `No report ${id}`);
    return report;
  }

  @Post('reports/:id/publish')
  @Allow('reporter')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a stored report published: retention never deletes it' })
  async publish(@Param('department', DepartmentCodePipe) department: string, @Param('id') id: string) {
    const summary = await this.reports.publish(department, id, this.clock.now());
    if (!summary) throw new NotFoundError('REPORT.NOT_FOUND', `No report ${id}`);
    return summary;
  }

  @Get('reports/:id/xlsx')
  @Allow('any')
  @ApiOperation({ summary: 'The report as an Excel workbook' })
  async xlsx(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const body = await this.reports.file(department, id, 'xlsx');
    if (!body) throw new NotFoundError('REPORT.NOT_FOUND', `No report ${id}`);
    response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    response.setHeader('Content-Disposition', `attachment; filename="${id}.xlsx"`);
    return new StreamableFile(body as Buffer);
  }

  @Get('reports/:id/html')
  @Allow('any')
  @ApiOperation({ summary: 'The report as a printable HTML page (A4)' })
  async html(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const body = await this.reports.file(department, id, 'html');
    if (!body) throw new NotFoundError('REPORT.NOT_FOUND', `No report ${id}`);
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    return body as string;
  }
}
