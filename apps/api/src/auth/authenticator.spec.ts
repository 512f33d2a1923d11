import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import type { Account, AccountStore } from '@app/accounts';
import type { MonotonicTime } from '@app/config';
import { Authenticator, PRINCIPAL_TTL_MS } from './authenticator';
import type { AccessClaims, Sessions } from './sessions';

const USER = '00000000-0000-4000-8000-000000000001';
const request = { headers: { authorization: 'Bearer a-token' }, query: {}, method: 'GET', path: '/api/auth/me' } as unknown as Request;

function authenticator() {
  // A hand-moved time source (as @app/testing's ManualTime, without loading that barrel's Nest and pg).
  let now = 1_000;
  const time = { nowMs: () => now, advance: (ms: number) => (now += ms) };
  const reads: string[] = [];
  let roles = [{ department: 'wh-fao', role: 'staff' }];
  const sessions = { verify: async () => ({ sub: USER, exp: Number.MAX_SAFE_INTEGER }) as AccessClaims } as unknown as Sessions;
  const accounts = {
    byId: async (id: string) => {
      reads.push(id);
      return { id, username: 'staff', displayName: 'staff', disabled: false, roles } as unknown as Account;
    },
  } as unknown as AccountStore;
  return {
    time,
    reads,
    setRoles: (next: typeof roles) => (roles = next),
    auth: new Authenticator(sessions, accounts, time as MonotonicTime),
  };
}

describe('Authenticator principal cache', () => {
  it('answers from the cache until PRINCIPAL_TTL_MS has passed on its time source, then reads the account again', async () => {
    const { time, reads, setRoles, auth } = authenticator();
    expect((await auth.authenticate(request)).roles).toEqual([{ department: 'wh-fao', role: 'staff' }]);
    setRoles([]);
    time.advance(PRINCIPAL_TTL_MS - 1);
    expect((await auth.authenticate(request)).roles).toEqual([{ department: 'wh-fao', role: 'staff' }]);
    expect(reads).toHaveLength(1);
    time.advance(1);
    expect((await auth.authenticate(request)).roles).toEqual([]);
    expect(reads).toHaveLength(2);
  });

  it('reads again at once after forget()', async () => {
    const { reads, auth } = authenticator();
    await auth.authenticate(request);
    auth.forget(USER);
    await auth.authenticate(request);
    expect(reads).toHaveLength(2);
  });
});
