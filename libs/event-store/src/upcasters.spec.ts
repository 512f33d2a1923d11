import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from './types';
import { UpcastError, Upcasters, upcasters, type Upcaster } from './upcasters';

const stored = (type: string, data: unknown): StoredEvent => ({
  globalPosition: 42,
  streamId: 'toy-1',
  streamVersion: 3,
  tenant: 't',
  type,
  data,
  metadata: { actor: 'test' },
  recordedAt: new Date('2023-06-30T08:00:00Z'),
  transactionId: '7',
});

/** v1 had a price in yuan; v2 in fen. */
interface PricedV1 {
  price: number;
}
/** v3 names the currency. */
interface PricedV2 {
  fen: number;
}

const v1ToV2: Upcaster = (data: PricedV1) => ({ type: 'toy.priced.v2', data: { fen: Math.round(data.price * 100) } });
const v2ToV3: Upcaster = (data: PricedV2) => ({ type: 'toy.priced.v3', data: { amount: data.fen, currency: 'CNY' } });

describe('Upcasters', () => {
  it('leaves events of a type without an upcaster as they are (the same object)', () => {
    const registry = upcasters({ 'toy.priced.v1': v1ToV2 });
    const event = stored('toy.other.v1', { x: 1 });
    expect(registry.upcast(event)).toBe(event);
    const events = [event];
    expect(upcasters().upcastAll(events)).toBe(events);
  });

  it('turns an old version into the next, keeping everything but type and data', () => {
    const event = stored('toy.priced.v1', { price: 12.5 });
    expect(upcasters({ 'toy.priced.v1': v1ToV2 }).upcast(event)).toEqual({ ...event, type: 'toy.priced.v2', data: { fen: 1250 } });
    expect(event).toEqual(stored('toy.priced.v1', { price: 12.5 })); // never edited
  });

  it('chains v1 → v2 → v3, whichever library registered which step', () => {
    const registry = upcasters({ 'toy.priced.v2': v2ToV3 }, { 'toy.priced.v1': v1ToV2 });
    const [fromV1, fromV2, current] = registry.upcastAll([
      stored('toy.priced.v1', { price: 3 }),
      stored('toy.priced.v2', { fen: 400 }),
      stored('toy.priced.v3', { amount: 5, currency: 'CNY' }),
    ]);
    expect([fromV1, fromV2, current].map((e) => [e.type, e.data])).toEqual([
      ['toy.priced.v3', { amount: 300, currency: 'CNY' }],
      ['toy.priced.v3', { amount: 400, currency: 'CNY' }],
      ['toy.priced.v3', { amount: 5, currency: 'CNY' }],
    ]);
  });

  it('gives the upcaster the whole stored event, e.g. to default a new field from the recorded time', () => {
    const registry = upcasters({
      'toy.noted.v1': (data: { text: string }, event) => ({
        type: 'toy.noted.v2',
        data: { ...data, on: event.recordedAt.toISOString().slice(0, 10) },
      }),
    });
    expect(registry.upcast(stored('toy.noted.v1', { text: 'hi' })).data).toEqual({ text: 'hi', on: '2023-06-30' });
  });

  it('refuses a second, different upcaster of a type; the same one again is ignored', () => {
    const registry = new Upcasters({ 'toy.priced.v1': v1ToV2 });
    expect(() => registry.register({ 'toy.priced.v1': v1ToV2 })).not.toThrow();
    expect(() => registry.register({ 'toy.priced.v1': (d: PricedV1) => ({ type: 'toy.priced.v9', data: d }) })).toThrow(
      /already registered/,
    );
    expect(registry.types()).toEqual(['toy.priced.v1']);
  });

  it('closes registration at the first read, so no reader sees one type in two shapes', () => {
    const registry = new Upcasters({ 'toy.priced.v1': v1ToV2 });
    registry.upcastAll([]);
    expect(() => registry.register({ 'toy.priced.v2': v2ToV3 })).toThrow(/after the event store was first read/);
    expect(() => registry.register({ 'toy.priced.v1': v1ToV2 })).not.toThrow();
    expect(registry.size).toBe(1);
  });

  it('names the event when an upcaster throws, loops or returns no type', () => {
    const throwing = upcasters({
      'toy.priced.v1': () => {
        throw new Error('no price');
      },
    });
    const error = (() => {
      try {
        throwing.upcast(stored('toy.priced.v1', {}));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UpcastError);
    expect(error).toMatchObject({ code: 'EVENT.UPCAST_FAILED', event: { type: 'toy.priced.v1', globalPosition: 42 } });
    expect((error as Error).message).toContain('no price');

    const looping = upcasters({
      'toy.a.v1': (d) => ({ type: 'toy.b.v1', data: d }),
      'toy.b.v1': (d) => ({ type: 'toy.a.v1', data: d }),
    });
    expect(() => looping.upcast(stored('toy.a.v1', {}))).toThrow(/loop \(toy\.a\.v1 → toy\.b\.v1 → toy\.a\.v1\)/);

    const untyped = upcasters({ 'toy.a.v1': (d) => ({ type: '', data: d }) });
    expect(() => untyped.upcast(stored('toy.a.v1', {}))).toThrow(UpcastError);
  });

  it('refuses an upcaster that is not a function', () => {
    expect(() => upcasters({ 'toy.a.v1': 'toy.a.v2' as unknown as Upcaster })).toThrow(TypeError);
  });
});
