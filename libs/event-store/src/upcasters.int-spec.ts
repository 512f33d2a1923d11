import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Pool } from 'pg';
import { createTestDatabase, until, type TestDatabase } from '@app/testing';
import { EventStore } from './event-store';
import { EventStoreModule } from './event-store.module';
import { documentProjection } from './projections/document-projection';
import { ProjectionRunner } from './projections/projection-runner';
import { waitForProjections } from './projections/wait-for-projections';
import { inTransaction } from './sql';
import type { NewEvent, StoredEvent } from './types';
import { upcasters, type UpcasterMap } from './upcasters';

/**
 * A toy event whose shape changed twice: v1 held a price in yuan, v2 in fen, v3 names the
 * currency. Old versions stay stored as they were written; readers see v3.
 */
interface PricedV1 {
  item: string;
  price: number;
}
interface PricedV2 {
  item: string;
  fen: number;
}
interface Priced {
  item: string;
  amount: number;
  currency: string;
}

const V1_TO_V2: UpcasterMap = {
  'toy.priced.v1': (data: PricedV1) => ({ type: 'toy.priced.v2', data: { item: data.item, fen: Math.round(data.price * 100) } }),
};
const V2_TO_V3: UpcasterMap = {
  'toy.priced.v2': (data: PricedV2) => ({ type: 'toy.priced.v3', data: { item: data.item, amount: data.fen, currency: 'CNY' } }),
};

const v1 = (item: string, price: number): NewEvent<PricedV1> => ({ type: 'toy.priced.v1', data: { item, price } });
const v2 = (item: string, fen: number): NewEvent<PricedV2> => ({ type: 'toy.priced.v2', data: { item, fen } });
const v3 = (item: string, amount: number): NewEvent<Priced> => ({ type: 'toy.priced.v3', data: { item, amount, currency: 'CNY' } });

let db: TestDatabase;
/** The store as old code wrote with it: no upcasters. */
let writer: EventStore;
/** The store as current code reads with it. */
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase(10);
  writer = new EventStore(db.pool);
  store = new EventStore(db.pool, upcasters(V1_TO_V2, V2_TO_V3));
  // Written over the years by three versions of the code.
  await writer.append('priced-a', [v1('tea', 12.5), v1('cake', 3)], { tenant: 'priced', expected: 'no-stream' });
  await writer.append('priced-a', [v2('tea', 1300)], { tenant: 'priced', expected: 2 });
  await writer.append('priced-a', [v3('tea', 1400), { type: 'toy.noted.v1', data: { text: 'unchanged' } }], {
    tenant: 'priced',
    expected: 3,
  });
});
afterAll(async () => db.drop());

const shapes = (events: StoredEvent[]) => events.map((e) => [e.type, e.data]);
const CURRENT = [
  ['toy.priced.v3', { item: 'tea', amount: 1250, currency: 'CNY' }],
  ['toy.priced.v3', { item: 'cake', amount: 300, currency: 'CNY' }],
  ['toy.priced.v3', { item: 'tea', amount: 1300, currency: 'CNY' }],
  ['toy.priced.v3', { item: 'tea', amount: 1400, currency: 'CNY' }],
  ['toy.noted.v1', { text: 'unchanged' }],
];

describe('an event store with upcasters', () => {
  it('reads old versions in the current shape through readStream, and never edits what is stored', async () => {
    const read = await store.readStream('priced-a');
    expect(shapes(read)).toEqual(CURRENT);
    expect(read.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
    // Up to a version, in a caller's transaction: the same shapes.
    const upTo2 = await inTransaction(db.pool, (client) => store.readStream('priced-a', { toVersion: 2, db: client }), { readOnly: true });
    expect(shapes(upTo2)).toEqual(CURRENT.slice(0, 2));

    const raw = await db.pool.query<{ type: string }>(`SELECT type FROM events WHERE stream_id = 'priced-a' ORDER BY stream_version`);
    expect(raw.rows.map((r) => r.type)).toEqual(['toy.priced.v1', 'toy.priced.v1', 'toy.priced.v2', 'toy.priced.v3', 'toy.noted.v1']);
    expect(shapes(await writer.readStream('priced-a')).map(([type]) => type)).toEqual(raw.rows.map((r) => r.type));
  });

  it('reads them in the current shape through readAll and the tenant replay ("as known at")', async () => {
    // Catch-up reads see only settled events: any open transaction of the cluster may delay them.
    let read: StoredEvent[] = [];
    await until('the toy events settled', async () => (read = await store.readAll({ tenant: 'priced' })).length === CURRENT.length);
    expect(shapes(read)).toEqual(CURRENT);
    const replayed: StoredEvent[] = [];
    for await (const batch of store.readTenant('priced', new Date(), 2)) replayed.push(...batch);
    expect(shapes(replayed)).toEqual(CURRENT);
  });

  it('feeds projections the current shape', async () => {
    await db.pool.query('CREATE TABLE test_prices (key text PRIMARY KEY, doc jsonb NOT NULL)');
    // Knows only v3: an older version reaching it would stop it.
    const prices = documentProjection<{ amount: number; currency: string }>({
      name: 'test-prices',
      version: 1,
      table: 'test_prices',
      keysOf: (event) => (event.tenant === 'priced' && event.type.startsWith('toy.priced.') ? [(event.data as Priced).item] : []),
      evolve: (_doc, event) => {
        if (event.type !== 'toy.priced.v3') throw new Error(`cannot read ${event.type}`);
        const { amount, currency } = event.data as Priced;
        return { amount, currency };
      },
    });
    const runner = new ProjectionRunner(db.pool, store, [prices], { batchSize: 2, pollIntervalMs: 5 });
    await runner.prepare();
    runner.start();
    try {
      await waitForProjections(db.pool, store, { names: ['test-prices'], timeoutMs: 10_000 });
    } finally {
      await runner.stop();
    }
    const rows = await db.pool.query(`SELECT key, doc FROM test_prices ORDER BY key`);
    expect(rows.rows).toEqual([
      { key: 'cake', doc: { amount: 300, currency: 'CNY' } },
      { key: 'tea', doc: { amount: 1400, currency: 'CNY' } },
    ]);
  });
});

describe('EventStoreModule.forFeature', () => {
  it("registers each library's upcasters with the application's one event store, chained across libraries", async () => {
    @Global()
    @Module({ providers: [{ provide: Pool, useValue: db.pool }], exports: [Pool] })
    class TestPoolModule {}
    /** Stands for a domain library that once renamed the field… */
    @Module({ imports: [EventStoreModule.forFeature(V1_TO_V2)] })
    class OldDomainModule {}
    /** …and one that later named the currency. */
    @Module({ imports: [EventStoreModule.forFeature(V2_TO_V3)] })
    class NewDomainModule {}

    const app = await Test.createTestingModule({ imports: [TestPoolModule, EventStoreModule, OldDomainModule, NewDomainModule] }).compile();
    try {
      const fromNest = app.get(EventStore);
      expect(shapes(await fromNest.readStream('priced-a'))).toEqual(CURRENT);
    } finally {
      await app.close();
    }
  });
});
