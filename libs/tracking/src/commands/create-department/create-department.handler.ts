import { Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CatalogRegistry } from '../../catalogs/catalog-registry';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { departmentStream } from '../department-stream';
import type { Department } from '../../domain/department';
import { CreateDepartment } from './create-department.command';
import { decideCreateDepartment, type CreateDepartmentWithCatalog } from './create-department.decide';

const creating: UseCase<CreateDepartmentWithCatalog, Department | null> = { ...departmentStream, decide: decideCreateDepartment };

@CommandHandler(CreateDepartment)
export class CreateDepartmentHandler implements ICommandHandler<CreateDepartment> {
  constructor(
    private readonly runner: CommandRunner,
    // Tests that build the handler by hand read the repository's catalogs.
    @Optional() private readonly catalogs: CatalogRegistry = new CatalogRegistry(),
  ) {}

  execute(command: CreateDepartment): Promise<CommandResult> {
    // An unknown catalog name is refused (400) before anything is read.
    const adopted = command.catalog === null ? null : this.catalogs.require(command.catalog);
    return this.runner.run(creating, { ...command, adopted });
  }
}
