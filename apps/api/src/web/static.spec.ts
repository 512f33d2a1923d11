import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterEach, describe, expect, it } from '@jest/globals';
import { serveWebApp, webPublicDir } from './static';

@Module({})
class NoRoutes {}

describe('serveWebApp', () => {
  let app: NestExpressApplication | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  /** A Nest app that serves the web app only, listening on a free port of this machine. */
  async function serving(bundle: boolean): Promise<string> {
    app = await NestFactory.create<NestExpressApplication>(NoRoutes, { logger: false });
    serveWebApp(app, { bundle });
    await app.listen(0, '127.0.0.1');
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  const source = (path: string) => readFileSync(join(webPublicDir(), path), 'utf8');

  it('serves /js/main.js as the bundle of every module, the modules still at their own paths', async () => {
    const base = await serving(true);
    const main = await (await fetch(`${base}/js/main.js`)).text();
    expect(main).not.toBe(source('js/main.js'));
    expect(main).toContain('// js/pages/dashboard.js');
    expect(await (await fetch(`${base}/js/api.js`)).text()).toBe(source('js/api.js'));
  });

  it('with bundle off, serves each module as it is', async () => {
    const base = await serving(false);
    expect(await (await fetch(`${base}/js/main.js`)).text()).toBe(source('js/main.js'));
  });
});
