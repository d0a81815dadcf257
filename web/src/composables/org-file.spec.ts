import { describe, expect, it } from 'vitest';
import {
  attachErrors,
  csvTemplate,
  decodeText,
  importBody,
  readCsv,
  readOrgFiles,
  xlsxTemplate,
  type OrgFile,
} from './org-file';

const empty = (): OrgFile => ({ units: [], officers: [], problems: [] });

describe('organisation files', () => {
  it('reads a CSV with Chinese headers and unit kinds, keeping line numbers and skipping blank lines', () => {
    const f = empty();
    readCsv(
      'units.csv',
      '\ufeff单位代码,单位名称,上级单位代码,单位类型\nB1,测试局,,局\n\nS1,城关派出所,B1,派出所\n',
      f,
    );
    expect(f.units).toEqual([
      { source: 'units.csv', line: 2, values: { code: 'B1', name: '测试局', kind: 'bureau' }, errors: [] },
      {
        source: 'units.csv',
        line: 4,
        values: { code: 'S1', name: '城关派出所', parentCode: 'B1', kind: 'station' },
        errors: [],
      },
    ]);
  });

  it('reads officers by their badge-number column, with quoted commas and yes/no in either language', () => {
    const f = empty();
    readCsv('o.csv', 'badgeNo,name,unitCode,active\n100001,"Zhang, Wei",S1,否\n100002,李娜,S1,yes\n', f);
    expect(f.officers.map((r) => r.values)).toEqual([
      { badgeNo: '100001', name: 'Zhang, Wei', unitCode: 'S1', active: false },
      { badgeNo: '100002', name: '李娜', unitCode: 'S1', active: true },
    ]);
  });

  it('says which table it could not recognise', () => {
    const f = empty();
    readCsv('x.csv', 'foo,bar\n1,2\n', f);
    expect(f.problems).toEqual([{ source: 'x.csv', reason: 'unknown_columns', detail: 'foo, bar' }]);
  });

  it('decodes a CSV Excel saved as GB18030', () => {
    // "警号" in GB18030.
    const gbk = new Uint8Array([0xbe, 0xaf, 0xba, 0xc5]).buffer;
    expect(decodeText(gbk)).toBe('警号');
    expect(decodeText(new TextEncoder().encode('警号').buffer as ArrayBuffer)).toBe('警号');
  });

  it('reads back its own templates: CSV per list and one workbook with two sheets', async () => {
    const csv = await readOrgFiles([
      new File([csvTemplate('units', 'zh')], 'units.csv'),
      new File([csvTemplate('officers', 'en')], 'officers.csv'),
    ]);
    expect(csv.problems).toEqual([]);
    expect(csv.units.map((r) => r.values.code)).toEqual(['150423', '150423-11']);
    expect(csv.officers[0].values).toMatchObject({
      badgeNo: '150101',
      name: '张伟',
      unitCode: '150423-11',
      active: true,
    });

    const xlsx = await readOrgFiles([
      new File([await xlsxTemplate('zh', { units: '单位', officers: '民警' })], 'org.xlsx'),
    ]);
    expect(xlsx.problems).toEqual([]);
    expect(xlsx.units.map((r) => [r.source, r.line, r.values.kind])).toEqual([
      ['org.xlsx · 单位', 2, 'bureau'],
      ['org.xlsx · 单位', 3, 'station'],
    ]);
    expect(xlsx.officers.map((r) => r.values.badgeNo)).toEqual(['150101']);
  });

  it('puts the server’s per-row errors on the rows and posts the values in file order', () => {
    const f = empty();
    readCsv('o.csv', 'badgeNo,name,unitCode\n1,甲,S1\n2,乙,NOPE\n', f);
    attachErrors(f, [
      {
        list: 'officers',
        index: 1,
        key: '2',
        errors: [{ field: 'unitCode', message: 'unit NOPE does not exist' }],
      },
    ]);
    expect(f.officers[0].errors).toEqual([]);
    expect(f.officers[1].errors[0].field).toBe('unitCode');
    expect(importBody(f).officers).toEqual([
      { badgeNo: '1', name: '甲', unitCode: 'S1' },
      { badgeNo: '2', name: '乙', unitCode: 'NOPE' },
    ]);
  });
});
