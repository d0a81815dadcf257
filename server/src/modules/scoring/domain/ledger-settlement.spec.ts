import type { LedgerLine } from './ledger-line';
import { settleLedger, type BookedGroup } from './ledger-settlement';

const line = (over: Partial<LedgerLine> = {}): LedgerLine => ({
  baseKey: 'problem:P1',
  source: 'problem',
  sourceRef: 'P1',
  subjectId: 'case:C1',
  badgeNo: '100001',
  unitCode: 'S1',
  forMonth: '2026-10',
  occurredAt: Date.parse('2026-10-20T10:00:00+08:00'),
  points: -50,
  kind: 'deduction',
  dimension: 'efficiency',
  ruleId: 'CRIM_CUSTODY_DELIVERY_24H',
  catalogueVersion: 1,
  reason: '送押超期 · C1',
  ...over,
});
const booked = (l: LedgerLine, lastId = 7, rows = 1): BookedGroup => ({ ...l, rows, lastId });
const all = () => true;
const open = { closedMonths: new Set<string>(), openMonth: '2026-11', causeOf: () => 'withdrawn' as const };

describe('settling the ledger', () => {
  it('books a first row as scored, keyed by its source and officer', () => {
    const [d] = settleLedger([line()], [], all, open);
    expect([d.sourceKey, d.cause, d.points, d.month, d.lateCorrection]).toEqual([
      'problem:P1:100001',
      'scored',
      -50,
      '2026-10',
      false,
    ]);
  });

  it('takes points back with a compensating row that names the row it reverses and why', () => {
    const [d] = settleLedger([], [booked(line())], all, open);
    expect([d.sourceKey, d.points, d.cause, d.reversesId, d.forMonth]).toEqual([
      'problem:P1:100001#1',
      50,
      'withdrawn',
      7,
      '2026-10',
    ]);
  });

  it('books into the open month as a late correction (补记) once the month it belongs to is aired', () => {
    const [d] = settleLedger([], [booked(line())], all, { ...open, closedMonths: new Set(['2026-10']) });
    expect([d.month, d.forMonth, d.lateCorrection]).toEqual(['2026-11', '2026-10', true]);
  });

  it('moves points between units and months as the difference of two groups, each row once', () => {
    const moved = line({ unitCode: 'S2', forMonth: '2026-11' });
    const drafts = settleLedger([moved], [booked(line())], all, open);
    expect(drafts.map((d) => [d.unitCode, d.forMonth, d.points, d.sourceKey])).toEqual([
      ['S1', '2026-10', 50, 'problem:P1:100001#1'],
      ['S2', '2026-11', -50, 'problem:P1:100001#2'],
    ]);
  });

  it('books nothing when what is booked is what is wanted, and leaves sources outside its scope alone', () => {
    expect(settleLedger([line()], [booked(line())], all, open)).toEqual([]);
    expect(settleLedger([], [booked(line())], () => false, open)).toEqual([]);
  });
});
