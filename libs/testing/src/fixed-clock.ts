import { Clock } from '@app/config';

/** A clock tests set by hand, so "recorded at" times are chosen, not observed. */
export class FixedClock extends Clock {
  constructor(private at: Date = new Date('2023-12-31T16:00:00Z')) {
    super();
  }

  set(at: string | Date): void {
    this.at = new Date(at);
  }

  now(): Date {
    return new Date(this.at);
  }
}
