/**
 * The one source of "now". Tests replace it with a SettableClock to cross deadlines and
 * month ends without sleeping.
 */
export abstract class Clock {
  abstract now(): number;
  nowIso(): string {
    return new Date(this.now()).toISOString();
  }
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}

export class SettableClock extends Clock {
  constructor(private current: number = Date.now()) {
    super();
  }
  now(): number {
    return this.current;
  }
  set(at: number | string): void {
    this.current = typeof at === 'string' ? Date.parse(at) : at;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
