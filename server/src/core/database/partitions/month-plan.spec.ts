import { monthsFrom, partitionBound, partitionName } from './month-plan';

describe('monthly partition plan', () => {
  it('bounds an events month at midnight on the first in the bureau zone', () => {
    const b = partitionBound('events', '2026-02', 'Asia/Shanghai');
    const from = Date.parse('2026-02-01T00:00:00+08:00');
    const to = Date.parse('2026-03-01T00:00:00+08:00');
    expect(b.forValues).toBe(`FOR VALUES FROM (${from}) TO (${to})`);
    expect(b.where).toBe(`"occurredAt" >= ${from} AND "occurredAt" < ${to}`);
  });

  it('lists a ledger month by its key', () => {
    expect(partitionBound('ledger_entries', '2026-12', 'Asia/Shanghai')).toEqual({
      forValues: "FOR VALUES IN ('2026-12')",
      where: `"month" = '2026-12'`,
    });
  });

  it('refuses anything but YYYY-MM before it reaches SQL text', () => {
    expect(() => partitionBound('ledger_entries', "2026-01'); DROP TABLE x; --", 'UTC')).toThrow(
      'not a month',
    );
    expect(() => partitionName('events', '2026-13')).toThrow('not a month');
    expect(partitionName('events', '2026-01')).toBe('events_2026_01');
  });

  it('names the month of now in the bureau zone and the months after it, across a year end', () => {
    // 2026-11-30T17:00Z is already December in Shanghai.
    expect(monthsFrom(Date.parse('2026-11-30T17:00:00Z'), 'Asia/Shanghai', 2)).toEqual([
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
  });
});
