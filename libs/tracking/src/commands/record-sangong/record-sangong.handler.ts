import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IdSource } from '@app/config';
import { sangongIdOf, type SangongRecord } from '../../domain/sangong/record';
import { CommandRunner, type UseCase } from '../command-runner';
import { sangongStream, servedActivities, type SangongResult } from '../sangong-stream';
import { RecordSangong } from './record-sangong.command';
import { decideRecordSangong, type RecordSangongState, type RecordSangongWithId } from './record-sangong.decide';

/** A drawn id's stream is not read; the department comes from this process's cache. */
const recording: UseCase<RecordSangongWithId, SangongRecord | null, RecordSangongState, SangongResult> = {
  ...sangongStream,
  isNew: (command) => command.drawn,
  given: async (record, command, read) => ({
    record,
    department: await read.department(command.department),
    ...(await servedActivities(read, command.department, command.fields?.kind === 'trip' ? command.fields.servedActivityIds : [])),
  }),
  decide: decideRecordSangong,
  // A repeated command id answers with its first record, not the id drawn this time.
  result: (result) => ({ ...result, recordId: sangongIdOf(result.streamId) }),
};

@CommandHandler(RecordSangong)
export class RecordSangongHandler implements ICommandHandler<RecordSangong> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(IdSource) private readonly ids: IdSource,
  ) {}

  execute(command: RecordSangong): Promise<SangongResult> {
    return this.runner.run(recording, { ...command, recordId: command.recordId ?? this.ids.newId(), drawn: !command.recordId });
  }
}
