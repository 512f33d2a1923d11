import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../command-runner';
import type { SangongResult } from '../sangong-stream';

/** Restore a withdrawn 三公 record (it counts again). */
export class RestoreSangong extends Command<SangongResult> {
  constructor(
    readonly department: string,
    readonly recordId: string,
    readonly reason: string | null,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
