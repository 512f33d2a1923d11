import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

/** docker-compose.yml: nothing reachable from other machines, no service without a password. */
interface Service {
  image?: string;
  command?: string | string[];
  environment?: Record<string, string | number | null> | string[];
  ports?: (string | number | { host_ip?: string; published?: string | number; target?: number })[];
  network_mode?: string;
}

const root = process.cwd();
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((entry) => [entry.split('=')[0], entry.split('=').slice(1).join('=')]));
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

const command = (service: Service): string => (Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? ''));
/** `${NAME:?message}`: compose refuses to start when NAME is unset or empty. */
const required = (name: string) => new RegExp(`\\$\\{${name}:\\?[^}]*\\}`);

describe('docker-compose.yml', () => {
  it('publishes ports on 127.0.0.1 only', () => {
    const published = services.flatMap(([name, service]) => (service.ports ?? []).map((port) => ({ name, port })));
    expect(published.length).toBeGreaterThan(0);
    for (const { name, port } of published) {
      const host =
        typeof port === 'object' ? port.host_ip : String(port).split(':').length === 3 ? String(port).split(':')[0] : '(every interface)';
      expect({ service: name, port, host }).toEqual({ service: name, port, host: '127.0.0.1' });
    }
    expect(services.filter(([, service]) => service.network_mode === 'host').map(([name]) => name)).toEqual([]);
  });

  it('runs PostgreSQL with a required password and never trust authentication', () => {
    const postgres = services.filter(([, service]) => service.image?.startsWith('postgres'));
    expect(postgres).toHaveLength(1);
    for (const [, service] of postgres) {
      const env = environment(service);
      expect(env.POSTGRES_PASSWORD).toMatch(required('POSTGRES_PASSWORD'));
      expect(env.POSTGRES_HOST_AUTH_METHOD ?? '').not.toMatch(/trust/i);
      expect(env.POSTGRES_INITDB_ARGS ?? '').not.toMatch(/trust/i);
    }
  });

  it('runs Redis with a required password', () => {
    const redis = services.filter(([, service]) => service.image?.startsWith('redis'));
    expect(redis).toHaveLength(1);
    for (const [, service] of redis) {
      expect(command(service)).toMatch(/redis-server .*--requirepass "?\$\$REDIS_PASSWORD"?/);
      expect(environment(service).REDIS_PASSWORD).toMatch(required('REDIS_PASSWORD'));
      expect(JSON.stringify(service)).not.toMatch(/--protected-mode no/);
    }
  });

  it('gives the api, the worker and the migration the passwords through their URLs', () => {
    const clients = services.filter(([, service]) => environment(service).DATABASE_URL !== undefined);
    expect(clients.map(([name]) => name).sort()).toEqual(['api', 'migrate', 'worker']);
    for (const [, service] of clients) {
      const env = environment(service);
      expect(env.DATABASE_URL).toMatch(new RegExp(`^postgres://postgres:${required('POSTGRES_PASSWORD').source}@postgres:5432/`));
      expect(env.REDIS_URL).toMatch(new RegExp(`^redis://:${required('REDIS_PASSWORD').source}@redis:6379$`));
    }
  });

  it('commits no secret: every password or secret is a variable, and .env is not committed', () => {
    for (const [name, service] of services) {
      for (const [key, value] of Object.entries(environment(service))) {
        if (/PASSWORD|SECRET/.test(key))
          expect({ service: name, key, value }).toEqual({ service: name, key, value: expect.stringMatching(/^\$\{\w+:[-?][^}]*\}$/) });
      }
    }
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    for (const line of example.split('\n').filter((l) => /^\w*(PASSWORD|SECRET)\w*=/.test(l))) expect(line).toMatch(/=$/);
    expect(readFileSync(join(root, '.gitignore'), 'utf8').split('\n')).toContain('.env');
  });
});
