import type { Alert } from '@jifen/shared';

/** A problem as the API sends it, with what a test is about overridden. */
export function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: 'a1',
    ruleId: 'CASE_OVERTURNED',
    stage: 'event',
    severity: 'critical',
    status: 'open',
    unitCode: 'S1',
    escalatedTo: null,
    badgeNos: ['100001'],
    officers: [{ badgeNo: '100001', name: '张伟' }],
    subject: { kind: 'case', ref: 'C-1' },
    title: { zh: '复议诉讼被撤销', en: 'Overturned' },
    detectedAt: '2026-11-23T02:00:00.000Z',
    occurredAt: '2026-11-23T02:00:00.000Z',
    dueAt: null,
    ackBy: null,
    ackAt: null,
    assignee: null,
    rectifyDueAt: null,
    rectifiedAt: null,
    closedAt: null,
    resolution: null,
    points: -10,
    version: 1,
    history: [],
    ...over,
  };
}
