import { createSecretKey } from 'node:crypto';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '@app/config';
import type { AccountStore } from '@app/accounts';
import { Sessions, TOKEN_AUDIENCE, TOKEN_ISSUER } from './sessions';

const SECRET = 'a-test-secret-of-sufficient-length-0123456789';
const jwt = new JwtService({
  secret: createSecretKey(Buffer.from(SECRET, 'utf8')),
  signOptions: { algorithm: 'HS256' },
  verifyOptions: { algorithms: ['HS256'] },
});
const sessions = () => new Sessions(null as unknown as AccountStore, jwt, { ACCESS_TOKEN_TTL: 900 } as AppConfig);
const sign = (claims: Record<string, unknown>, options: { expiresIn?: number; secret?: string; subject?: string } = {}) =>
  jwt.sign(
    { username: 'staff', roles: [], typ: 'access', ...claims },
    {
      subject: options.subject ?? '00000000-0000-4000-8000-000000000001',
      expiresIn: options.expiresIn ?? 60,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ...(options.secret ? { secret: options.secret } : {}),
    },
  );

afterEach(() => {
  jest.restoreAllMocks();
});

describe('Sessions.verify', () => {
  it('accepts a valid access token, again from its cache, with the same claims', async () => {
    const s = sessions();
    const token = sign({});
    const first = await s.verify(token);
    expect(first).toMatchObject({ sub: '00000000-0000-4000-8000-000000000001', typ: 'access' });
    const spy = jest.spyOn(jwt, 'verifyAsync');
    expect(await s.verify(token)).toEqual(first);
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses a cached token once it has expired, as jsonwebtoken would', async () => {
    const s = sessions();
    const token = sign({}, { expiresIn: 5 });
    const claims = (await s.verify(token))!;
    jest.spyOn(Date, 'now').mockReturnValue(claims.exp * 1000 - 1);
    expect(await s.verify(token)).not.toBeNull();
    jest.spyOn(Date, 'now').mockReturnValue(claims.exp * 1000);
    expect(await s.verify(token)).toBeNull();
    // and stays refused (not re-verified into the cache)
    expect(await s.verify(token)).toBeNull();
  });

  it('refuses tokens signed with another secret, of another kind, tampered or malformed, cached or not', async () => {
    const s = sessions();
    const good = sign({});
    await s.verify(good);
    const [header, payload, signature] = good.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone-else' })).toString('base64url')}.${signature}`;
    for (const token of [
      sign({}, { secret: 'another-secret-entirely-0123456789abcdef' }),
      sign({ typ: 'refresh' }),
      tampered,
      'not.a.token',
      '',
    ]) {
      expect(await s.verify(token)).toBeNull();
      expect(await s.verify(token)).toBeNull();
    }
  });

  it('verifies tokens signed with the secret as a string (the key object holds the same bytes)', async () => {
    const { sign: signWithString } = await import('jsonwebtoken');
    const token = signWithString({ typ: 'access', username: 'x', roles: [] }, SECRET, {
      subject: '00000000-0000-4000-8000-000000000002',
      expiresIn: 60,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithm: 'HS256',
    });
    expect(await sessions().verify(token)).toMatchObject({ sub: '00000000-0000-4000-8000-000000000002' });
  });
});
