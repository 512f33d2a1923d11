import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH, ROLES, type Role } from '@app/accounts';

export class LoginDto {
  @ApiProperty({ example: 'staff' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'staff-demo-2023' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last login or refresh (usable once)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'The refresh token to revoke; without it every refresh token of the user is revoked' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, description: `At most ${MAX_PASSWORD_BYTES} bytes (UTF-8)` })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  newPassword: string;
}

export class RoleGrantDto {
  @ApiProperty({ example: 'wh-fao', description: "A department code, or '*' for every department (the admin role: only '*')" })
  @IsString()
  @Matches(/^(\*|[a-z][a-z0-9-]{1,31})$/, { message: "department must be a department code or '*'" })
  department: string;

  @ApiProperty({ enum: ROLES, example: 'staff' })
  @IsIn(ROLES)
  role: Role;
}

export class RolesDto {
  @ApiProperty({ type: [RoleGrantDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  roles: RoleGrantDto[];
}

export class CreateUserDto extends RolesDto {
  @ApiProperty({ example: 'zhang.wei', description: '2–64 characters: a-z 0-9 . _ @ - (stored in lower case)' })
  @IsString()
  @MaxLength(64)
  username: string;

  @ApiPropertyOptional({ example: '张伟' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  displayName?: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, description: `At most ${MAX_PASSWORD_BYTES} bytes (UTF-8)` })
  @IsString()
  @MaxLength(200)
  password: string;
}

export class SetPasswordDto {
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MaxLength(200)
  password: string;
}

// Responses (documentation only)

export class SessionUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'staff' })
  username: string;

  @ApiProperty({ example: '经办人员（演示）' })
  displayName: string;

  @ApiProperty({ type: [RoleGrantDto], example: [{ department: 'wh-fao', role: 'staff' }] })
  roles: RoleGrantDto[];
}

export class TokenPairDto {
  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({
    description:
      'JWT (HS256); claims: sub = user id, username, roles, typ "access", iss "keywork", aud "keywork-api", iat, iat_ms (issue time in ms), exp',
  })
  accessToken: string;

  @ApiProperty({ example: 900, description: 'Seconds the access token lives' })
  expiresIn: number;

  @ApiProperty({ description: 'Opaque; exchange it once at POST /api/auth/refresh for a new pair' })
  refreshToken: string;

  @ApiProperty({ example: 604800 })
  refreshExpiresIn: number;

  @ApiProperty({ type: SessionUserDto })
  user: SessionUserDto;
}

export class AccountDto extends SessionUserDto {
  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Access tokens issued before this time are refused (sign-out, password change, refresh-token reuse, disabling)',
  })
  tokensValidAfter: string | null;
}
