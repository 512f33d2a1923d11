import { Module } from '@nestjs/common';
import { SpreadsheetImporter, TrackingModule } from '@app/tracking';
import { ImportPreviews } from './import-previews';
import { ImportsController } from './imports.controller';

/** Spreadsheet imports of activities: templates, previews, confirmation (issue 16). */
@Module({
  imports: [TrackingModule],
  controllers: [ImportsController],
  providers: [SpreadsheetImporter, ImportPreviews],
})
export class ImportsModule {}
