import { Command } from '@nestjs/cqrs';
import type { SangongChanges, SangongRecordKind } from '../../domain/sangong/record';
import type { CommandMeta } from '../command-runner';
import type { SangongResult } from '../sangong-stream';

/** Amend some fields of a 三公 record of `kind` (amounts in 分); the old values stay in its history. */
export class AmendSangong extends Command<SangongResult> {
  constructor(
    readonly department: string,
    readonly recordId: string,
    readonly kind: SangongRecordKind,
    readonly changes: SangongChanges,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
