import { randomUUID } from 'node:crypto';

/** Where "now" comes from: injected so tests can fix the time that events are recorded at. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Where new ids come from. */
export abstract class IdSource {
  abstract newId(): string;
}

export class RandomIdSource extends IdSource {
  newId(): string {
    return randomUUID();
  }
}
