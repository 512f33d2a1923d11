import { Injectable } from '@nestjs/common';
import type { DataQualityWarning } from '../../domain/warnings';
import { GetProgress, type ProgressOptions } from '../get-progress/get-progress.query';
import { SangongQueries } from '../sangong/sangong.queries';

/**
 * The warnings of a department-year (plans that disagree, figures without activities, shortfalls
 * without a 偏差分析, late entries, records moved out of the year…): those of the progress view,
 * as of a day and as known at a time like it (and kept with it until the department changes),
 * then those of the 三公 records and lines (no 批件号, dated outside the year, over the standard
 * per person, over the budget or on pace to overrun it).
 */
@Injectable()
export class ListWarnings {
  constructor(
    private readonly progress: GetProgress,
    private readonly sangong: SangongQueries,
  ) {}

  async execute(department: string, year: number, options: ProgressOptions = {}): Promise<DataQualityWarning[]> {
    const [progress, sangong] = await Promise.all([
      this.progress.execute(department, year, options),
      this.sangong.view(department, year, options),
    ]);
    return [...progress.view.warnings, ...sangong.warnings];
  }
}
