import { Command } from '@nestjs/cqrs';
import type { SangongRecordFields } from '../../domain/sangong/record';
import type { CommandMeta } from '../command-runner';
import type { SangongResult } from '../sangong-stream';

/** Record a 三公 record: a trip abroad, a reception batch, a vehicle change or cost posting, or a summary. */
export class RecordSangong extends Command<SangongResult> {
  constructor(
    readonly department: string,
    /** Amounts in 分. */
    readonly fields: SangongRecordFields,
    readonly meta: CommandMeta,
    /** Optional caller-chosen id (imports derive it from the entry key). */
    readonly recordId?: string,
  ) {
    super();
  }
}
