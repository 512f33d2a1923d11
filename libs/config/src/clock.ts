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

/**
 * Elapsed time for time-to-live and timeouts, never for dates: milliseconds on a clock that only
 * moves forward. Not the Clock (which tests pin to a day of 2023) and not Date.now() (which the
 * system may step back); injected so tests can move it on instead of waiting.
 */
export abstract class MonotonicTime {
  abstract nowMs(): number;
}

export class SystemMonotonicTime extends MonotonicTime {
  nowMs(): number {
    return performance.now();
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
