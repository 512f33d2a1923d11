import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEV_JWT_SECRET, loadConfig, signingSecret, trustProxySetting } from './app-config';

const OWN_SECRET = 'an-installation-secret-of-enough-length-0123456789';

describe('the JWT secret at boot', () => {
  it.each([
    ['unset', {}],
    ['empty', { NODE_ENV: '' }],
    ['production', { NODE_ENV: 'production' }],
    ['staging', { NODE_ENV: 'staging' }],
  ])('refuses the development default with NODE_ENV %s, saying what to do', (_, env) => {
    const config = loadConfig(env);
    expect(config.JWT_SECRET).toBe(DEV_JWT_SECRET);
    expect(() => signingSecret(config)).toThrow(ConfigError);
    expect(() => signingSecret(config)).toThrow(/JWT_SECRET is the development default.*NODE_ENV=development or NODE_ENV=test.*start\.sh/);
  });

  it.each(['development', 'test'])('accepts the development default with NODE_ENV=%s', (nodeEnv) => {
    expect(signingSecret(loadConfig({ NODE_ENV: nodeEnv }))).toBe(DEV_JWT_SECRET);
  });

  it.each([undefined, 'production'])('accepts a secret of its own with NODE_ENV %s', (nodeEnv) => {
    expect(signingSecret(loadConfig({ JWT_SECRET: OWN_SECRET, NODE_ENV: nodeEnv }))).toBe(OWN_SECRET);
  });
});

describe('where the api listens', () => {
  it('is the loopback interface unless HOST says otherwise', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(() => loadConfig({ HOST: '0.0.0.0; rm -rf /' })).toThrow(/HOST must be/);
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default', () => {
    expect(trustProxySetting(loadConfig({}))).toBe(false);
    expect(trustProxySetting(loadConfig({ TRUST_PROXY: 'false' }))).toBe(false);
  });

  it('takes a hop count, addresses, subnets and the named ranges', () => {
    expect(trustProxySetting(loadConfig({ TRUST_PROXY: '1' }))).toBe(1);
    expect(trustProxySetting(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.7' }))).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
  });

  it('refuses true (any client could choose its address) and what is not an address', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true would trust any X-Forwarded-For/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example.org' })).toThrow(/'proxy.example.org' is not a proxy count/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(ConfigError);
  });
});

describe('metrics settings', () => {
  it('has no scrape token and the worker port 9464 by default', () => {
    const config = loadConfig({});
    expect([config.METRICS_TOKEN, config.WORKER_METRICS_PORT]).toEqual(['', 9464]);
    expect(loadConfig({ WORKER_METRICS_PORT: '0' }).WORKER_METRICS_PORT).toBe(0);
  });

  it('takes a long token of printable characters, and refuses a short or spaced one', () => {
    const token = 'a'.repeat(16) + '-._~+/=0123456789ABCDEF';
    expect(loadConfig({ METRICS_TOKEN: token }).METRICS_TOKEN).toBe(token);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 32 characters/);
    expect(() => loadConfig({ METRICS_TOKEN: `${'a'.repeat(32)} b` })).toThrow(/METRICS_TOKEN must be printable ASCII/);
    expect(() => loadConfig({ WORKER_METRICS_PORT: '70000' })).toThrow(ConfigError);
  });
});

describe('WEB_BUNDLE', () => {
  it('bundles the web app unless told off, and refuses any other word', () => {
    expect(loadConfig({}).WEB_BUNDLE).toBe('on');
    expect(loadConfig({ WEB_BUNDLE: 'off' }).WEB_BUNDLE).toBe('off');
    expect(() => loadConfig({ WEB_BUNDLE: 'no' })).toThrow(ConfigError);
  });
});
