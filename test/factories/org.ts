import type { OfficerRow, UnitRow } from '@jifen/shared';

/** A small bureau: one bureau, two stations, a squad under the first; three officers each. */
export const UNITS: UnitRow[] = [
  { code: 'B1', name: '测试县公安局', kind: 'bureau', parentCode: null },
  { code: 'S1', name: '城关派出所', kind: 'station', parentCode: 'B1' },
  { code: 'S2', name: '东城派出所', kind: 'station', parentCode: 'B1' },
  { code: 'S1-A', name: '城关一中队', kind: 'squad', parentCode: 'S1' },
];

export const OFFICERS: OfficerRow[] = [
  { badgeNo: '100001', name: '张伟', unitCode: 'S1', active: true },
  { badgeNo: '100002', name: '李娜', unitCode: 'S1', active: true },
  { badgeNo: '100003', name: '王强', unitCode: 'S1-A', active: true },
  { badgeNo: '200001', name: '刘洋', unitCode: 'S2', active: true },
  { badgeNo: '200002', name: '陈静', unitCode: 'S2', active: true },
  { badgeNo: '200003', name: '杨磊', unitCode: 'S2', active: true },
];
