import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { jsonShapeProblem } from '@app/tracking';

/**
 * Refuses a body, query or path parameter jsonShapeProblem() finds fault with (400, naming the
 * field), before validation walks it.
 */
@Injectable()
export class BodyShapePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problem = jsonShapeProblem(value);
    if (problem) {
      throw new BadRequestException({
        error: 'VALIDATION.FAILED',
        message: `${problem.field}: ${problem.reason}`,
        errors: [problem],
      });
    }
    return value;
  }
}
