import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { Observable, ReplaySubject, Subject, filter, map } from 'rxjs';
import { AppConfig } from '@app/config';
import { PROJECTED_CHANNEL } from '@app/event-store';

/** What the worker announces after a projection batch commits (see ProjectionWorker.announce). */
export interface ProjectedNotice {
  projection: string;
  departments: string[];
}

/** Parses a NOTIFY payload; anything malformed is dropped (a hint, never trusted blindly). */
export function parseProjectedNotice(payload: string | undefined): ProjectedNotice | null {
  if (!payload) return null;
  try {
    const parsed = JSON.parse(payload) as Partial<ProjectedNotice>;
    if (typeof parsed.projection !== 'string' || !Array.isArray(parsed.departments)) return null;
    return {
      projection: parsed.projection.slice(0, 100),
      departments: parsed.departments.filter((d): d is string => typeof d === 'string'),
    };
  } catch {
    return null;
  }
}

/**
 * One dedicated connection LISTENing on PROJECTED_CHANNEL for the whole api process, fanned out
 * to every open dashboard through a Subject. Reconnects after an error; a missed notice only
 * delays a refresh (the pages refetch on reconnect).
 */
@Injectable()
export class ProjectionNotices implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('projection-notices');
  private readonly notices = new Subject<ProjectedNotice>();
  /** Emits once when the api shuts down: open streams end with it. */
  readonly shutdown$ = new ReplaySubject<void>(1);
  private client: Client | null = null;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private connectedOnce: Promise<void>;
  private markConnected!: () => void;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    this.connectedOnce = new Promise((resolve) => (this.markConnected = resolve));
  }

  onModuleInit(): void {
    this.loop = this.listen();
  }

  /** Resolves once the first LISTEN is in place (tests wait for it before expecting notices). */
  ready(): Promise<void> {
    return this.connectedOnce;
  }

  /** Notices naming this department; completes when the api shuts down. */
  forDepartment(department: string): Observable<ProjectedNotice> {
    return this.notices.pipe(
      filter((n) => n.departments.includes(department)),
      map((n) => ({ projection: n.projection, departments: [department] })),
    );
  }

  private async listen(): Promise<void> {
    let delay = 500;
    while (!this.stopped) {
      const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'keywork-api-sse' });
      const closed = new Promise<void>((resolve) => {
        client.on('error', (error) => {
          this.logger.warn(`listener connection failed: ${error.message}`);
          resolve();
        });
        client.on('end', () => resolve());
        this.wakeUp = resolve;
      });
      try {
        await client.connect();
        client.on('notification', (message) => {
          if (message.channel !== PROJECTED_CHANNEL) return;
          const notice = parseProjectedNotice(message.payload);
          if (notice) this.notices.next(notice);
        });
        await client.query(`LISTEN ${PROJECTED_CHANNEL}`);
        this.client = client;
        this.markConnected();
        delay = 500;
        await closed;
      } catch (error) {
        if (!this.stopped)
          this.logger.warn(`cannot listen on ${PROJECTED_CHANNEL}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.client = null;
        await client.end().catch(() => undefined);
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      delay = Math.min(delay * 2, 10_000);
    }
  }

  /** Ends every open stream first, so closing the http server does not wait for dashboards. */
  beforeApplicationShutdown(): void {
    this.shutdown$.next();
    this.shutdown$.complete();
    this.notices.complete();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.client?.end().catch(() => undefined);
    await this.loop;
  }
}
