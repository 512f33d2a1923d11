import { Module } from '@nestjs/common';

/** Accounts, sign-in and access control (filled in by the web issue's auth work). */
@Module({})
export class AuthModule {}
