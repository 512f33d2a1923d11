import { Body, Controller, Get, HttpCode, Logger, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentUser } from './access.decorators';
import { AccountStore } from '@app/accounts';
import { AccountDto, CreateUserDto, RolesDto, SetPasswordDto } from './auth.dto';
import { Authenticator } from './authenticator';
import type { AuditActor, RequestUser } from '@app/accounts';

/** The signed-in admin as the audit trail names it. */
export const actorOf = (user: RequestUser): AuditActor => ({ id: user.id, username: user.username });

/** Managing accounts: the admin's alone. A change of roles or of the enabled flag applies to the next request. */
@ApiTags('users')
@Controller('api/users')
@Allow('admin')
export class UsersController {
  private readonly logger = new Logger('users');

  constructor(
    private readonly accounts: AccountStore,
    private readonly authenticator: Authenticator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every user with their roles' })
  @ApiOkResponse({ type: [AccountDto] })
  list() {
    return this.accounts.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: AccountDto })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.accounts.require(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user with a password and roles' })
  @ApiCreatedResponse({ type: AccountDto })
  @ApiConflictResponse({ description: 'The username is taken (USER.USERNAME_TAKEN)' })
  async create(@Body() body: CreateUserDto, @CurrentUser() admin: RequestUser) {
    const account = await this.accounts.create(body, actorOf(admin));
    this.logger.log(`${admin.username} created user ${account.username} with roles ${JSON.stringify(account.roles)}`);
    return account;
  }

  @Put(':id/roles')
  @ApiOperation({ summary: 'Replace the user’s roles (takes effect at the user’s next request)' })
  @ApiOkResponse({ type: AccountDto })
  @ApiConflictResponse({ description: 'This would leave no enabled admin (USER.LAST_ADMIN)' })
  async setRoles(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RolesDto, @CurrentUser() admin: RequestUser) {
    const account = await this.accounts.setRoles(id, body.roles, actorOf(admin));
    this.authenticator.forget(id);
    this.logger.log(`${admin.username} set the roles of ${account.username} to ${JSON.stringify(account.roles)}`);
    return account;
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable the user: its tokens stop working at once, its refresh tokens are revoked' })
  @ApiOkResponse({ type: AccountDto })
  @ApiConflictResponse({ description: 'This would leave no enabled admin (USER.LAST_ADMIN)' })
  async disable(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() admin: RequestUser) {
    const account = await this.accounts.setDisabled(id, true, actorOf(admin));
    this.authenticator.forget(id);
    this.logger.log(`${admin.username} disabled ${account.username}`);
    return account;
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled user again' })
  @ApiOkResponse({ type: AccountDto })
  async enable(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() admin: RequestUser) {
    const account = await this.accounts.setDisabled(id, false, actorOf(admin));
    this.authenticator.forget(id);
    this.logger.log(`${admin.username} enabled ${account.username}`);
    return account;
  }

  @Put(':id/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password for the user (signs it out everywhere: refresh tokens revoked, access tokens refused)' })
  @ApiNoContentResponse()
  async setPassword(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetPasswordDto, @CurrentUser() admin: RequestUser) {
    await this.accounts.setPassword(id, body.password, actorOf(admin));
    this.authenticator.forget(id);
    this.logger.log(`${admin.username} set a new password for user ${id}`);
  }
}
