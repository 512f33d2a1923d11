import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { ERROR_CODES, type ErrorCode } from './error-codes';
import { buildMeta, type Meta } from './meta';

/** What GET /api/meta answers: the vocabulary and limits, and every error code an answer may carry. */
export type MetaAnswer = Meta & { errorCodes: ErrorCode[] };

/** Pages say each error code in their own words, never the server's English `message`. */
export const META: MetaAnswer = { ...buildMeta(), errorCodes: [...ERROR_CODES] };

@ApiTags('meta')
@Controller('api/meta')
export class MetaController {
  /** Public: labels and limits only, the same for every user and department. */
  @Get()
  @Public()
  // Changes only with a new release: revalidate (the ETag keeps that cheap).
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary: 'Labels and limits the web app shows',
    description:
      'The Chinese names of activity roles (主办/承办/…), account roles, activity statuses and fields, target directions, plan kinds, ' +
      'history events, data-quality warnings, 三公 lines, report job states, the year-end report headings and every error code, with the longest texts ' +
      'and the largest page the api accepts. Built from the server’s own constants; no token needed.',
  })
  @ApiOkResponse({ description: 'The vocabulary and limits', schema: { type: 'object', example: META } })
  meta(): MetaAnswer {
    return META;
  }
}
