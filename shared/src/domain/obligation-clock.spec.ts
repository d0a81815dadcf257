import fc from 'fast-check';
import { DEFAULT_CATALOGUE } from './default-catalogue';
import { cappedDueAt, dueAt, endOfDay, HolidayCalendar, shareOfLimitDueAt, warnAt } from './obligation-clock';

const TZ = 'Asia/Shanghai';
const none = new HolidayCalendar();
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const opts = (custody = false, holidays = none) => ({ timeZone: TZ, custody, holidays });

describe('hour limits', () => {
  it('run from the event: 24 h after 10:15 is 10:15 the next day', () => {
    expect(iso(dueAt(at('2026-11-23T10:15:00+08:00'), [{ amount: 24, unit: 'hours' }], opts()))).toBe(
      '2026-11-24T02:15:00.000Z',
    );
  });
  it('never move past holidays', () => {
    const h = new HolidayCalendar(['2026-11-24']);
    expect(dueAt(at('2026-11-23T10:15:00+08:00'), [{ amount: 24, unit: 'hours' }], opts(false, h))).toBe(
      at('2026-11-24T10:15:00+08:00'),
    );
  });
});

describe('day limits', () => {
  it('do not count the first day and end at 24:00 of the last day', () => {
    expect(dueAt(at('2026-11-23T10:15:00+08:00'), [{ amount: 3, unit: 'days' }], opts())).toBe(
      at('2026-11-27T00:00:00+08:00'),
    );
  });
  it('started a minute before midnight still end at 24:00 of the third day after', () => {
    expect(dueAt(at('2026-11-23T23:59:00+08:00'), [{ amount: 3, unit: 'days' }], opts())).toBe(
      at('2026-11-27T00:00:00+08:00'),
    );
  });
  it('are counted in the bureau zone, not UTC', () => {
    // 17:00 UTC on 22 Nov is already 23 Nov in Shanghai
    expect(dueAt(at('2026-11-22T17:00:00Z'), [{ amount: 3, unit: 'days' }], opts())).toBe(
      at('2026-11-27T00:00:00+08:00'),
    );
  });
  it('move a last day on a holiday to the first working day after, across a run of holidays', () => {
    const h = new HolidayCalendar(['2026-10-01', '2026-10-02', '2026-10-03']);
    expect(dueAt(at('2026-09-28T09:00:00+08:00'), [{ amount: 3, unit: 'days' }], opts(false, h))).toBe(
      at('2026-10-05T00:00:00+08:00'),
    );
  });
  it('never move when the limit is on custody', () => {
    const h = new HolidayCalendar(['2026-11-26']);
    expect(dueAt(at('2026-11-23T10:15:00+08:00'), [{ amount: 3, unit: 'days' }], opts(true, h))).toBe(
      at('2026-11-27T00:00:00+08:00'),
    );
  });
  it('cross a year end', () => {
    expect(dueAt(at('2026-12-30T08:00:00+08:00'), [{ amount: 7, unit: 'days' }], opts())).toBe(
      at('2027-01-07T00:00:00+08:00'),
    );
  });
});

describe('month limits', () => {
  it('are calendar months without the first day: 23 Nov + 1 month ends at 24:00 on 23 Dec', () => {
    expect(dueAt(at('2026-11-23T10:15:00+08:00'), [{ amount: 1, unit: 'months' }], opts())).toBe(
      at('2026-12-24T00:00:00+08:00'),
    );
  });
  it('end on the last day of a shorter month: 31 Jan + 1 month is 28 Feb', () => {
    expect(dueAt(at('2027-01-31T10:00:00+08:00'), [{ amount: 1, unit: 'months' }], opts())).toBe(
      at('2027-03-01T00:00:00+08:00'),
    );
  });
  it('know leap years: 31 Jan 2028 + 1 month is 29 Feb', () => {
    expect(dueAt(at('2028-01-31T10:00:00+08:00'), [{ amount: 1, unit: 'months' }], opts())).toBe(
      at('2028-03-01T00:00:00+08:00'),
    );
  });
  it('two months of investigative custody from 30 Dec end on 28 Feb', () => {
    expect(dueAt(at('2026-12-30T10:00:00+08:00'), [{ amount: 2, unit: 'months' }], opts(true))).toBe(
      at('2027-03-01T00:00:00+08:00'),
    );
  });
  it('12 months of bail move past a holiday on the last day', () => {
    const h = new HolidayCalendar(['2027-11-23']);
    expect(dueAt(at('2026-11-23T10:00:00+08:00'), [{ amount: 12, unit: 'months' }], opts(false, h))).toBe(
      at('2027-11-25T00:00:00+08:00'),
    );
  });
});

describe('extensions', () => {
  const arrest = DEFAULT_CATALOGUE.obligations.find((o) => o.id === 'CRIM_ARREST_REQUEST_3D')!;
  const custody = DEFAULT_CATALOGUE.obligations.find((o) => o.id === 'CRIM_INVESTIGATIVE_CUSTODY_2M')!;
  const opened = at('2026-11-23T10:15:00+08:00');
  it('add to the limit: 3 days + 4 days ends at 24:00 on 30 Nov', () => {
    expect(
      cappedDueAt(opened, arrest, [{ amount: 4, unit: 'days' }], { timeZone: TZ, holidays: none }),
    ).toEqual({ dueAt: at('2026-12-01T00:00:00+08:00'), capped: false });
  });
  it('cannot exceed the rule maximum (30 days)', () => {
    expect(
      cappedDueAt(opened, arrest, [{ amount: 60, unit: 'days' }], { timeZone: TZ, holidays: none }),
    ).toEqual({ dueAt: at('2026-12-24T00:00:00+08:00'), capped: true });
  });
  it('in months add calendar months: 2 + 1 months from 23 Nov end at 24:00 on 23 Feb', () => {
    expect(
      cappedDueAt(opened, custody, [{ amount: 1, unit: 'months' }], { timeZone: TZ, holidays: none }).dueAt,
    ).toBe(at('2027-02-24T00:00:00+08:00'));
  });
});

describe('extensions at month ends', () => {
  const custody = DEFAULT_CATALOGUE.obligations.find((o) => o.id === 'CRIM_INVESTIGATIVE_CUSTODY_2M')!;
  const dec31 = at('2026-12-31T10:00:00+08:00');
  const month = (amount: number) => ({ amount, unit: 'months' as const });
  it('count the whole length from the start: 2 + 1 + 2 + 2 months from 31 Dec end at 24:00 on 31 Jul', () => {
    const { dueAt: due } = cappedDueAt(dec31, custody, [month(1), month(2), month(2)], {
      timeZone: TZ,
      holidays: none,
    });
    expect(due).toBe(at('2027-08-01T00:00:00+08:00'));
  });
  it('never go past the maximum, however many extensions are approved', () => {
    const r = cappedDueAt(dec31, custody, [month(1), month(2), month(2), month(3)], {
      timeZone: TZ,
      holidays: none,
    });
    expect(r).toEqual({ dueAt: at('2027-08-01T00:00:00+08:00'), capped: true });
  });
  it('with the maximum in another unit than the extension are still capped', () => {
    const arrest = DEFAULT_CATALOGUE.obligations.find((o) => o.id === 'CRIM_ARREST_REQUEST_3D')!;
    const r = cappedDueAt(at('2027-01-31T10:00:00+08:00'), arrest, [month(1)], {
      timeZone: TZ,
      holidays: none,
    });
    expect(r).toEqual({ dueAt: at('2027-03-03T00:00:00+08:00'), capped: true });
  });
});

describe('half of a time limit (early conclusion)', () => {
  const adm = DEFAULT_CATALOGUE.obligations.find((o) => o.id === 'ADM_CASE_30D')!;
  const opened = at('2026-11-02T09:00:00+08:00');
  it('is 15 days on the obligation clock: ends at 24:00 on 17 Nov, not 15 × 24 h after opening', () => {
    expect(shareOfLimitDueAt(opened, adm, [], 0.5, { timeZone: TZ, holidays: none })).toBe(
      at('2026-11-18T00:00:00+08:00'),
    );
  });
  it('moves past holidays like the limit itself', () => {
    const h = new HolidayCalendar(['2026-11-17']);
    expect(shareOfLimitDueAt(opened, adm, [], 0.5, { timeZone: TZ, holidays: h })).toBe(
      at('2026-11-19T00:00:00+08:00'),
    );
  });
  it('grows with an approved extension: half of 30 + 30 days is 30 days', () => {
    expect(
      shareOfLimitDueAt(opened, adm, [{ amount: 30, unit: 'days' }], 0.5, { timeZone: TZ, holidays: none }),
    ).toBe(at('2026-12-03T00:00:00+08:00'));
  });
});

describe('warnings and days', () => {
  it('warn at 75 % of the allowed time', () => {
    expect(warnAt(0, 24 * 3600_000, 0.75)).toBe(18 * 3600_000);
  });
  it('end the bureau day at 24:00 local', () => {
    expect(endOfDay(at('2026-11-23T10:15:00+08:00'), TZ)).toBe(at('2026-11-24T00:00:00+08:00'));
  });
});

describe('deadline properties', () => {
  const start = fc.integer({ min: at('2024-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z') });
  const duration = fc.record({
    amount: fc.integer({ min: 1, max: 40 }),
    unit: fc.constantFrom('hours' as const, 'days' as const, 'months' as const),
  });
  const dates = fc.array(
    fc
      .integer({ min: 0, max: 3000 })
      .map((d) => new Date(at('2024-01-01T00:00:00Z') + d * 86400_000).toISOString().slice(0, 10)),
    { maxLength: 200 },
  );

  it('a due time is always after the opening', () => {
    fc.assert(
      fc.property(start, duration, fc.boolean(), (s, d, c) =>
        expect(dueAt(s, [d], opts(c))).toBeGreaterThan(s),
      ),
    );
  });
  it('an extension never makes the due time earlier', () => {
    fc.assert(
      fc.property(start, duration, duration, (s, d, e) =>
        expect(dueAt(s, [d, e], opts())).toBeGreaterThan(dueAt(s, [d], opts())),
      ),
    );
  });
  it('holidays only ever move a due time later, onto a day after a working last day', () => {
    fc.assert(
      fc.property(start, duration, dates, (s, d, hs) => {
        const h = new HolidayCalendar(hs);
        const moved = dueAt(s, [d], opts(false, h));
        expect(moved).toBeGreaterThanOrEqual(dueAt(s, [d], opts()));
        if (d.unit !== 'hours') {
          const lastDay = new Date(moved - 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
          expect(h.isHoliday(lastDay)).toBe(false);
        }
      }),
    );
  });
  it('an extended due time never passes the maximum due time, and same-unit extensions count from the start', () => {
    const rule = fc.constantFrom(...DEFAULT_CATALOGUE.obligations);
    fc.assert(
      fc.property(start, rule, fc.array(duration, { maxLength: 4 }), dates, (s, r, exts, hs) => {
        const o = { timeZone: TZ, holidays: new HolidayCalendar(hs) };
        const max = cappedDueAt(s, { ...r, limit: r.maxLimit }, [], o).dueAt;
        const got = cappedDueAt(s, r, exts, o);
        expect(got.dueAt).toBeLessThanOrEqual(max);
        const same = exts.filter((e) => e.unit === r.limit.unit);
        if (!got.capped && same.length === exts.length) {
          const total = same.reduce((sum, e) => sum + e.amount, r.limit.amount);
          expect(got.dueAt).toBe(
            dueAt(s, [{ amount: total, unit: r.limit.unit }], { ...o, custody: r.custody }),
          );
        }
      }),
    );
  });
  it('custody limits ignore holidays entirely', () => {
    fc.assert(
      fc.property(start, duration, dates, (s, d, hs) =>
        expect(dueAt(s, [d], opts(true, new HolidayCalendar(hs)))).toBe(dueAt(s, [d], opts(true))),
      ),
    );
  });
});
