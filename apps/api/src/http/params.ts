import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DEPARTMENT_CODE } from '@app/tracking';

/**
 * A code in the path (department, category, measure, target): 2–32 lowercase letters, digits or -.
 * The 400 names the parameter it was given for (`category`, not `department`).
 */
@Injectable()
export class DepartmentCodePipe implements PipeTransform<string, string> {
  transform(value: string, metadata?: ArgumentMetadata): string {
    if (!DEPARTMENT_CODE.test(value)) {
      const field = metadata?.data ?? 'department';
      const reason = field === 'department' ? 'must be a department code' : 'must be a code: 2–32 lowercase letters, digits or -';
      throw new BadRequestException({
        error: 'VALIDATION.FAILED',
        message: `${field}: ${reason}`,
        errors: [{ field, reason }],
      });
    }
    return value;
  }
}

@Injectable()
export class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = Number(value);
    if (!/^\d{4}$/.test(value) || year < 2000 || year > 2100) {
      throw new BadRequestException({
        error: 'VALIDATION.FAILED',
        message: 'year: must be a year between 2000 and 2100',
        errors: [{ field: 'year', reason: 'must be a year between 2000 and 2100' }],
      });
    }
    return year;
  }
}
