import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogRegistry } from '@app/tracking';
import { SignedIn } from '../auth/access.decorators';

@ApiTags('departments')
@Controller('api/catalogs')
export class CatalogsController {
  constructor(private readonly catalogs: CatalogRegistry) {}

  @Get()
  @SignedIn()
  @ApiOperation({
    summary: 'The named catalogs of activity categories (catalogs/*.yaml), each at its newest version',
    description:
      'What a department can adopt (POST /api/departments with `catalog`) or apply (POST /api/departments/:d/catalog/apply). A department keeps the version it adopted (GET /api/departments/:d → adopted) until an admin applies another.',
  })
  list() {
    return this.catalogs.list();
  }
}
