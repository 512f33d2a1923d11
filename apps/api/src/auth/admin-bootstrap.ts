import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AccountStore, ALL_DEPARTMENTS, BOOT_ACTOR } from '@app/accounts';

/** The first admin, from ADMIN_USERNAME / ADMIN_PASSWORD: created at boot when missing, never changed. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('auth');

  constructor(
    private readonly accounts: AccountStore,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_USERNAME: username, ADMIN_PASSWORD: password } = this.config;
    if (!username && !password) return;
    if (!username || !password) throw new Error('Set both ADMIN_USERNAME and ADMIN_PASSWORD, or neither');
    if (await this.accounts.byUsername(username)) return;
    try {
      await this.accounts.create(
        {
          username,
          displayName: '系统管理员',
          password,
          roles: [{ department: ALL_DEPARTMENTS, role: 'admin' }],
        },
        BOOT_ACTOR,
      );
      this.logger.log(`Created the admin user ${username} (ADMIN_USERNAME)`);
    } catch (error) {
      // Another api process created it first.
      if ((error as { code?: string }).code !== 'USER.USERNAME_TAKEN') throw error;
    }
  }
}
