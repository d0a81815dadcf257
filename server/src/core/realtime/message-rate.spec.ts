import { MessageRate, RateBook, connectionBurst, messageBurst } from './message-rate';

describe('MessageRate', () => {
  it('lets a burst through at once, then one message per 60/perMinute seconds', () => {
    const r = new MessageRate(60, 3);
    expect([r.take(0), r.take(0), r.take(0), r.take(0)]).toEqual([true, true, true, false]);
    expect(r.take(999)).toBe(false);
    expect(r.take(1000)).toBe(true);
    expect(r.take(1000)).toBe(false);
  });

  it('never saves up more than the burst, however long it was quiet', () => {
    const r = new MessageRate(60, 2);
    r.take(0);
    const later = 3_600_000;
    expect([r.take(later), r.take(later), r.take(later)]).toEqual([true, true, false]);
  });

  it('counts refusals in a row and forgets them when a message passes', () => {
    const r = new MessageRate(60, 1);
    r.take(0);
    r.take(0);
    r.take(0);
    expect(r.refusedInRow).toBe(2);
    r.take(1000);
    expect(r.refusedInRow).toBe(0);
  });

  it('bursts are a tenth of the minute per socket and half of it per principal', () => {
    expect([messageBurst(60), messageBurst(5), connectionBurst(60), connectionBurst(2)]).toEqual([
      6, 1, 30, 4,
    ]);
  });
});

describe('RateBook', () => {
  it('keeps one bucket per key', () => {
    const book = new RateBook(60, 1);
    expect([book.take('a', 0), book.take('a', 0), book.take('b', 0)]).toEqual([true, false, true]);
  });
});
