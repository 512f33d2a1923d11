import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { DEPARTMENT_CODE } from '@app/tracking';

@Injectable()
export class DepartmentCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!DEPARTMENT_CODE.test(value)) {
      throw new BadRequestException({
        error: 'VALIDATION.FAILED',
        message: 'department: must be a department code (lowercase letters, digits, -)',
        errors: [{ field: 'department', reason: 'must be a department code' }],
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
