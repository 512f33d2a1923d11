import { Injectable } from '@nestjs/common';
import type { DataQualityWarning } from '../../domain/warnings';
import { GetProgress, type ProgressOptions } from '../get-progress/get-progress.query';

/**
 * The warnings of a department-year (plans that disagree, figures without activities, shortfalls
 * without a 偏差分析, late entries, records moved out of the year…): those of the progress view,
 * as of a day and as known at a time like it (and kept with it until the department changes).
 */
@Injectable()
export class ListWarnings {
  constructor(private readonly progress: GetProgress) {}

  async execute(department: string, year: number, options: ProgressOptions = {}): Promise<DataQualityWarning[]> {
    return (await this.progress.execute(department, year, options)).view.warnings;
  }
}
