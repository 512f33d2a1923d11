import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Optional, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { invalid, NotFoundError } from '@app/tracking';
import { CurrentUser, Public, SignedIn } from './access.decorators';
import { AccountStore } from '@app/accounts';
import { LOGIN_LIMITS, LoginLimiter, type Attempt } from './login-limiter';
import { AccountDto, ChangePasswordDto, LoginDto, LogoutDto, RefreshDto, TokenPairDto } from './auth.dto';
import { Authenticator } from './authenticator';
import type { RequestUser } from '@app/accounts';
import { Sessions } from './sessions';
import { ApiMetrics } from '../metrics/api-metrics';

export { LOGIN_LIMITS };

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly sessions: Sessions,
    private readonly accounts: AccountStore,
    private readonly authenticator: Authenticator,
    private readonly limiter: LoginLimiter,
    /** Counts the limiter's refusals (keywork_login_limited_total); absent where the api's metrics are not loaded. */
    @Optional() private readonly metrics?: ApiMetrics,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in: an access token (JWT, 15 min) and a refresh token (7 days, single use)',
    description:
      'Send the access token as `Authorization: Bearer <token>`. Wrong username or password, or a disabled account: 401 with the same message. More than 10 failed attempts a minute for one username from one address, or 100 from one address, or attempts within the back-off after 10 failures of the username from anywhere: 429 with Retry-After.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (AUTH.INVALID_CREDENTIALS)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts (AUTH.RATE_LIMITED); see Retry-After' })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const attempt = await this.limit(request, response, body.username);
    try {
      const pair = await this.sessions.login(body.username, body.password);
      await attempt.succeeded();
      return pair;
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === HttpStatus.UNAUTHORIZED) await attempt.failed();
      throw error;
    }
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair (the old refresh token is revoked)',
    description: 'A refresh token used twice revokes every refresh token of its user (it was copied): sign in again.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired, revoked or reused refresh token, or disabled account' })
  refresh(@Body() body: RefreshDto) {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out: revoke the given refresh token, or all of the user’s refresh tokens when none is given',
    description: 'Either way every access token of the user issued until now stops working; other sessions get a new one by refreshing.',
  })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: RequestUser, @Body() body: LogoutDto) {
    await this.sessions.logout(user.id, body?.refreshToken);
    this.authenticator.forget(user.id);
  }

  @Get('me')
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in user and the roles the server holds now' })
  @ApiOkResponse({ type: AccountDto })
  async me(@CurrentUser() user: RequestUser) {
    const account = await this.accounts.byId(user.id);
    if (!account) throw new NotFoundError('USER.NOT_FOUND', `No user ${user.id}`);
    return account;
  }

  @Post('password')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change one’s own password: signs out everywhere (refresh tokens revoked, access tokens refused): sign in again',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'The current password is wrong, or the new one too short or too long' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts (AUTH.RATE_LIMITED); see Retry-After' })
  async changePassword(
    @CurrentUser() user: RequestUser,
    @Body() body: ChangePasswordDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const attempt = await this.limit(request, response, user.username);
    const account = await this.accounts.authenticate(user.username, body.currentPassword);
    if (!account || account.id !== user.id) {
      await attempt.failed();
      throw invalid('currentPassword', 'is not the current password');
    }
    await attempt.succeeded();
    await this.accounts.setPassword(user.id, body.newPassword, { id: user.id, username: user.username });
    this.authenticator.forget(user.id);
  }

  /**
   * Counts a password attempt (LoginLimiter); 429 with Retry-After over the limits. The address
   * is the connection's, or the client's as TRUST_PROXY's proxies report it.
   */
  private async limit(request: Request, response: Response, username: string): Promise<Attempt> {
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const verdict = await this.limiter.begin(AccountStore.normalizeUsername(username), address);
    if (verdict.allowed) return verdict.attempt;
    this.metrics?.loginLimited.inc({ reason: verdict.reason });
    const retryAfter = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    response.setHeader('Retry-After', String(retryAfter));
    throw new HttpException(
      {
        error: 'AUTH.RATE_LIMITED',
        message: `Too many sign-in attempts; try again in ${retryAfter} s`,
        retryAfter,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
