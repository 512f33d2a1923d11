import { MonotonicTime } from '@app/config';

/** A MonotonicTime that moves only when the test says so: TTLs run out on `advance`, never by waiting. */
export class ManualTime extends MonotonicTime {
  constructor(private ms = 0) {
    super();
  }

  nowMs(): number {
    return this.ms;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`monotonic time only moves forward (advance by ${ms})`);
    this.ms += ms;
  }
}
