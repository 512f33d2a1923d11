import { Injectable } from '@nestjs/common';
import type { DataQualityWarning, WarningKind } from '../../domain/warnings';
import { GetProgress, type ProgressOptions } from '../get-progress/get-progress.query';
import type { Page } from '../read-models';
import { SangongQueries } from '../sangong/sangong.queries';

/** Which warnings, and which page of them. */
export interface WarningsOptions extends ProgressOptions {
  /** Only warnings of this kind. */
  kind?: WarningKind;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/**
 * The warnings of a department-year (plans that disagree, figures without activities, shortfalls
 * without a 偏差分析, late entries, records moved out of the year…): those of the progress view,
 * as of a day and as known at a time like it (and kept with it until the department changes),
 * then those of the 三公 records and lines (no 批件号, dated outside the year, over the standard
 * per person, over the budget or on pace to overrun it). Paged, and filtered by kind: a large
 * department has thousands (the progress view carries only their counts and first few by kind,
 * in the same order as here).
 */
@Injectable()
export class ListWarnings {
  constructor(
    private readonly progress: GetProgress,
    private readonly sangong: SangongQueries,
  ) {}

  async execute(department: string, year: number, options: WarningsOptions): Promise<Page<DataQualityWarning>> {
    const { kind, page, pageSize, ...at } = options;
    const [progress, sangong] = await Promise.all([this.progress.execute(department, year, at), this.sangong.view(department, year, at)]);
    const all = [...progress.warnings, ...sangong.warnings];
    const chosen = kind === undefined ? all : all.filter((w) => w.kind === kind);
    const start = (page - 1) * pageSize;
    return { items: chosen.slice(start, start + pageSize), total: chosen.length, page, pageSize };
  }
}
