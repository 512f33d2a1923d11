import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { buildMeta, type Meta } from './meta';

const META = buildMeta();

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
      'history events, data-quality warnings, 三公 lines, report job states and the year-end report headings, with the longest texts ' +
      'and the largest page the api accepts. Built from the server’s own constants; no token needed.',
  })
  @ApiOkResponse({ description: 'The vocabulary and limits', schema: { type: 'object', example: META } })
  meta(): Meta {
    return META;
  }
}
