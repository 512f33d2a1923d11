import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CatalogRegistry } from '../../catalogs/catalog-registry';
import type { Department } from '../../domain/department';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { departmentStream } from '../department-stream';
import { ApplyCatalogVersion } from './apply-catalog-version.command';
import { decideApplyCatalogVersion, type ApplyCatalogVersionState } from './apply-catalog-version.decide';

@CommandHandler(ApplyCatalogVersion)
export class ApplyCatalogVersionHandler implements ICommandHandler<ApplyCatalogVersion> {
  private readonly applying: UseCase<ApplyCatalogVersion, Department | null, ApplyCatalogVersionState>;

  constructor(
    private readonly runner: CommandRunner,
    catalogs: CatalogRegistry,
  ) {
    this.applying = {
      ...departmentStream,
      given: async (department, command) => {
        const name = command.catalog ?? department?.adopted?.name;
        return { department, catalog: department && name ? catalogs.require(name, command.version) : null };
      },
      decide: decideApplyCatalogVersion,
    };
  }

  execute(command: ApplyCatalogVersion): Promise<CommandResult> {
    return this.runner.run(this.applying, command);
  }
}
