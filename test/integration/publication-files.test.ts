import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { reissueChanges } from '../../server/src/modules/publication/domain/standings';
import { renderCsv } from '../../server/src/modules/publication/render/csv';
import { renderDocx } from '../../server/src/modules/publication/render/docx';
import { renderXlsx } from '../../server/src/modules/publication/render/xlsx';
import { annualAssessment, dailyNotice, monthlyAiring, quarterlyNotice } from '../factories/publications';
import { paragraphsOf, readDocx, tablesOf } from '../support/office-files';

/**
 * The publication files, opened by parsers as a spreadsheet program or a word processor
 * would, and checked cell by cell and paragraph by paragraph. (No server: the renderers are
 * pure; they sit with the integration tests for the parsers and fixtures they share.)
 */

const ISSUER = '测试县公安局';

const OFFICER_HEADER = [
  '排名',
  '警号',
  '姓名',
  '单位编码',
  '单位',
  '总分',
  '基础分',
  '加分',
  '减分',
  '数量分',
  '质量分',
  '效率分',
  '上期排名',
  '较上期',
];

/** Officer 1 as every file writes it: 150.0 points, no deductions, 4.0 more than last period. */
const firstOfficerCells = (previousRank: number) => [
  ...['1', '100001', '张伟', 'S1', '城关派出所'],
  ...['150.0', '137.5', '12.5', '0.0', '137.5', '12.5', '0.0'],
  ...[String(previousRank), '+4.0'],
];

describe('CSV', () => {
  it('starts with a UTF-8 byte-order mark and has Chinese headers and every row, cell by cell', () => {
    const s = monthlyAiring(8);
    const file = renderCsv(s, { privacy: false });
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(file, { bom: true, relaxColumnCount: false });
    expect(rows[0]).toEqual(OFFICER_HEADER);
    expect(rows).toHaveLength(1 + 8);
    // officer 1: 150.0 total, no deductions, previous rank 8 with 146.0
    expect(rows[1]).toEqual(firstOfficerCells(8));
    // officer 4 is new this month: no previous rank, no change
    expect(rows[4].slice(0, 3)).toEqual(['4', '100004', '刘洋']);
    expect(rows[4].slice(12)).toEqual(['', '']);
    expect(rows[3][9]).toBe(String(s.rows[2].quantity.toFixed(1)));
  });

  it('ends lines with CRLF and quotes what needs quoting', () => {
    const text = renderCsv(monthlyAiring(2), { privacy: false }).toString('utf8');
    expect(text.split('\r\n')).toHaveLength(4); // header, two rows, and the final line end
    expect(text).not.toMatch(/[^\r]\n/);
  });

  it('keeps a name that looks like a formula as text', () => {
    const s = monthlyAiring(21); // officer 21 is named =HYPERLINK("x")
    const rows: string[][] = parse(renderCsv(s, { privacy: false }), { bom: true });
    expect(rows[21][2]).toBe(`'=HYPERLINK("x")`);
  });

  it('masks every name in privacy mode and keeps badge numbers', () => {
    const rows: string[][] = parse(renderCsv(monthlyAiring(22), { privacy: true }), { bom: true });
    const names = rows.slice(1).map((r) => r[2]);
    expect(names[0]).toBe('张＊');
    expect(names[21]).toBe('欧＊＊＊');
    // every name is its first character and masks (the formula-like one also keeps its guard)
    expect(names.every((n) => /^'?[^＊]＊+$/u.test(n))).toBe(true);
    expect(rows[1][1]).toBe('100001');
  });

  it('lists the annual marks and the inactive officers apart, unranked', () => {
    const s = annualAssessment(22);
    const rows: string[][] = parse(renderCsv(s, { privacy: false }), { bom: true });
    expect(rows[0]).toEqual([...OFFICER_HEADER, '评定结果']);
    const marks = rows.slice(1, 23).map((r) => r[14]);
    // 22 ranked: top 10 % → 2 recommended, bottom 5 % → 1 ineligible
    expect(marks.filter((m) => m === '推荐评优评先')).toHaveLength(2);
    expect(marks.slice(0, 2)).toEqual(['推荐评优评先', '推荐评优评先']);
    expect(marks[21]).toBe('取消年度评优评先资格');
    expect(marks.slice(2, 21).every((m) => m === '')).toBe(true);
    // unranked, no figures, after everyone ranked
    const inactive = (badgeNo: string, name: string, unitCode: string, unitName: string) => [
      ...['', badgeNo, name, unitCode, unitName],
      ...Array<string>(9).fill(''),
      '全年无积分记录，不参加排名',
    ];
    expect(rows.slice(23)).toEqual([
      inactive('300001', '钱进', 'S3', '刑侦大队'),
      inactive('300002', '孔亮', 'S1', '城关派出所'),
    ]);
  });

  it('writes the daily notice per unit with the clear-to-zero rate and a total line', () => {
    const rows: string[][] = parse(renderCsv(dailyNotice(), { privacy: false }), { bom: true });
    expect(rows).toEqual([
      ['单位编码', '单位', '发现问题', '已签收', '已整改', '当日清零', '清零率'],
      ['S1', '城关派出所', '8', '8', '7', '6', '75.0%'],
      ['S2', '东城派出所', '3', '3', '3', '3', '100.0%'],
      ['S3', '刑侦大队', '0', '0', '0', '0', ''],
      ['', '合计', '11', '11', '10', '9', '81.8%'],
    ]);
  });
});

describe('XLSX', () => {
  async function open(file: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    return wb;
  }

  it('has one sheet per table with Chinese headers, numbers as numbers, cell by cell', async () => {
    const s = quarterlyNotice(14);
    const wb = await open(await renderXlsx(s, { privacy: false, issuer: ISSUER }));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '民警积分排名',
      '单位积分排名',
      '通报表扬民警',
      '通报表扬单位',
    ]);
    const ws = wb.getWorksheet('民警积分排名')!;
    expect(ws.getRow(1).values).toEqual([undefined, ...OFFICER_HEADER]);
    expect(ws.rowCount).toBe(15);
    for (const [i, r] of s.rows.entries()) {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(r.rank);
      expect(row.getCell(2).value).toBe(r.badgeNo);
      expect(row.getCell(3).value).toBe(r.name);
      expect(row.getCell(5).value).toBe(r.unitName);
      expect(row.getCell(6).value).toBe(r.total);
      expect(row.getCell(9).value).toBe(r.deduction);
      expect(row.getCell(13).value).toBe(r.change.previousRank ?? null);
      expect(row.getCell(14).value).toBe(r.change.totalDelta ?? null);
    }
    const commended = wb.getWorksheet('通报表扬民警')!;
    expect(commended.rowCount).toBe(11); // header + top 10
    expect(commended.getRow(11).getCell(3).value).toBe(s.rows[9].name);
    const units = wb.getWorksheet('通报表扬单位')!;
    expect(units.getRow(1).values).toEqual([
      undefined,
      '排名',
      '单位编码',
      '单位',
      '参评人数',
      ...OFFICER_HEADER.slice(5),
    ]);
    expect(units.getRow(2).getCell(3).value).toBe(s.units[0].unitName);
    expect(units.getRow(2).getCell(4).value).toBe(s.units[0].officerCount);
  });

  it('formats points with one decimal, changes with a sign, rates as percentages', async () => {
    const wb = await open(await renderXlsx(monthlyAiring(3), { privacy: false, issuer: ISSUER }));
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(6).numFmt).toBe('0.0');
    expect(ws.getRow(2).getCell(14).numFmt).toBe('+0.0;-0.0;0.0');
    expect(ws.getRow(2).getCell(1).numFmt).toBe('0');
    const daily = (await open(await renderXlsx(dailyNotice(), { privacy: false, issuer: ISSUER })))
      .worksheets[0];
    expect(daily.getRow(2).getCell(7).value).toBe(0.75);
    expect(daily.getRow(2).getCell(7).numFmt).toBe('0.0%');
    expect(daily.getRow(4).getCell(7).value).toBeNull();
    expect(daily.getRow(5).values).toEqual([undefined, undefined, '合计', 11, 11, 10, 9, 9 / 11]);
  });

  it('freezes the header row and sets column widths, as the sheet XML says', async () => {
    const file = await renderXlsx(monthlyAiring(3), { privacy: false, issuer: ISSUER });
    const wb = await open(file);
    const ws = wb.worksheets[0];
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(5).width).toBe(26);
    expect(ws.getColumn(1).width).toBe(8);
    const sheetXml = await (await JSZip.loadAsync(file)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    for (let c = 1; c <= 14; c++) expect(ws.getRow(1).getCell(c).font).toMatchObject({ bold: true });
    expect(ws.getRow(2).getCell(1).font?.bold).not.toBe(true);
  });

  it('masks names in privacy mode', async () => {
    const wb = await open(await renderXlsx(annualAssessment(22), { privacy: true, issuer: ISSUER }));
    const ws = wb.getWorksheet('年度评定')!;
    expect(ws.getRow(2).getCell(3).value).toBe('张＊');
    expect(ws.getRow(24).getCell(3).value).toBe('钱＊');
  });
});

describe('the formal notice (.docx)', () => {
  it('writes the quarterly notice: title, date, body from the figures, then the tables', async () => {
    const s = quarterlyNotice(14);
    const { blocks } = await readDocx(await renderDocx(s, { issuer: ISSUER, privacy: false }));
    const paragraphs = paragraphsOf(blocks);
    expect(paragraphs[0]).toBe('测试县公安局关于2026年第三季度执法办案积分情况的通报');
    expect(paragraphs[1]).toBe('2026年10月1日');
    expect(paragraphs[2]).toBe(
      '2026年第三季度，测试县公安局共有14名民警参加执法办案积分排名，人均得分107.8分，最高150.0分，最低65.5分。',
    );
    expect(paragraphs[3]).toBe(
      '根据执法办案积分制有关规定，对积分排名前10名的民警予以通报表扬：' +
        '城关派出所张伟（150.0分）、东城派出所李娜（143.5分）、刑侦大队王强（137.0分）、' +
        '城关派出所刘洋（130.5分）、东城派出所陈静（124.0分）、刑侦大队杨磊（117.5分）、' +
        '城关派出所赵敏（111.0分）、东城派出所黄勇（104.5分）、刑侦大队周杰（98.0分）、' +
        '城关派出所吴芳（91.5分）。',
    );
    const [u1, u2, u3] = s.units;
    expect(paragraphs[4]).toBe(
      `对积分排名前3名的单位予以通报表扬：${u1.unitName}（${u1.total.toFixed(1)}分）、` +
        `${u2.unitName}（${u2.total.toFixed(1)}分）、${u3.unitName}（${u3.total.toFixed(1)}分）。`,
    );
    expect(paragraphs.slice(6, 8)).toEqual([ISSUER, '2026年10月1日']);
    expect(paragraphs.slice(8)).toEqual([
      '附表1：通报表扬民警',
      '附表2：通报表扬单位',
      '附表3：民警积分排名',
    ]);
    const tables = tablesOf(blocks);
    expect(tables).toHaveLength(3);
    expect(tables[0][0]).toEqual(OFFICER_HEADER);
    expect(tables[0]).toHaveLength(11);
    expect(tables[0][1]).toEqual(firstOfficerCells(14));
    expect(tables[2]).toHaveLength(15);
    expect(tables[2][14][2]).toBe(s.rows[13].name);
  });

  it('names the ineligible, the recommended and the inactive in the annual assessment', async () => {
    const s = annualAssessment(22);
    const { blocks } = await readDocx(await renderDocx(s, { issuer: ISSUER, privacy: false }));
    const p = paragraphsOf(blocks);
    expect(p[0]).toBe('测试县公安局关于2026年度执法办案积分评定结果的通报');
    expect(p[1]).toBe('2027年1月1日');
    expect(p[2]).toMatch(
      /^2026年度，测试县公安局共有22名民警参加执法办案积分排名（另有2名民警全年无办案积分记录，不参加排名），/,
    );
    expect(p[3]).toBe(
      '积分排名前10%的2名民警推荐参加年度评优评先：城关派出所张伟（150.0分）、东城派出所李娜（143.5分）。',
    );
    expect(p[4]).toBe(
      '根据执法办案积分制有关规定，积分排名后5%的1名民警取消年度评优评先资格：城关派出所欧阳娜娜（13.5分）。',
    );
    expect(p[5]).toBe('全年无办案积分记录的民警：刑侦大队钱进、城关派出所孔亮。');
    const tables = tablesOf(blocks);
    expect(tables.map((t) => t.length)).toEqual([3, 2, 3, 25]);
    expect(tables[1][1].slice(1, 3)).toEqual(['100022', '欧阳娜娜']);
    expect(tables[1][1][14]).toBe('取消年度评优评先资格');
    expect(tables[2].slice(1).map((r) => r[2])).toEqual(['钱进', '孔亮']);
  });

  it('masks the names in the text and the tables in privacy mode', async () => {
    const { blocks } = await readDocx(
      await renderDocx(annualAssessment(22), { issuer: ISSUER, privacy: true }),
    );
    const all = JSON.stringify(blocks);
    expect(all).not.toContain('张伟');
    expect(all).not.toContain('欧阳娜娜');
    expect(paragraphsOf(blocks)[4]).toContain('城关派出所欧＊＊＊（13.5分）');
  });

  it('writes the daily notice with the clear-to-zero rate and the units not cleared', async () => {
    const { blocks } = await readDocx(await renderDocx(dailyNotice(), { issuer: ISSUER, privacy: false }));
    const p = paragraphsOf(blocks);
    expect(p.slice(0, 4)).toEqual([
      '测试县公安局执法问题日通报（2026年10月31日）',
      '2026年11月1日',
      '2026年10月31日，测试县公安局共发现执法问题11个，已签收11个，已整改10个，当日清零9个，清零率81.8%。',
      '未能当日清零的单位：城关派出所（2个），请督促整改。',
    ]);
    expect(tablesOf(blocks)[0][4]).toEqual(['', '合计', '11', '11', '10', '9', '81.8%']);
  });

  it('says what changed and why in a re-issued version', async () => {
    const v1 = monthlyAiring(4);
    const after = v1.rows.map((r) => (r.badgeNo === '100002' ? { ...r, total: 155, rank: 1 } : r));
    after[0] = { ...after[0], rank: 2 };
    const v2 = {
      ...v1,
      version: 2,
      rows: after,
      reissue: {
        supersedes: 1,
        cause: 'appeal_upheld' as const,
        reason: '申诉核实扣分有误',
        refs: ['appeal:7'],
        changes: reissueChanges(v1.rows, after),
      },
    };
    const p = paragraphsOf((await readDocx(await renderDocx(v2, { issuer: ISSUER, privacy: false }))).blocks);
    expect(p[2]).toBe(
      '本通报为第2版，更正第1版（更正原因：申诉成立，申诉核实扣分有误）。' +
        '变动情况：东城派出所李娜由第2名、143.5分调整为第1名、155.0分；' +
        '城关派出所张伟由第1名、150.0分调整为第2名、150.0分。',
    );
  });

  it('cuts a long ranking in the notice and says where the whole one is', async () => {
    const { blocks } = await readDocx(
      await renderDocx(quarterlyNotice(14), { issuer: ISSUER, privacy: false, rankingLimit: 12 }),
    );
    expect(paragraphsOf(blocks)).toContain(
      '附表3：民警积分排名（前12名，共14名，完整排名见同期发布的电子表格）',
    );
    const tables = tablesOf(blocks);
    expect(tables[2]).toHaveLength(1 + 12);
    expect(tables[0]).toHaveLength(1 + 10); // the commended are never cut
  });

  it('is an A4 landscape Word document', async () => {
    const { xml } = await readDocx(await renderDocx(monthlyAiring(2), { issuer: ISSUER, privacy: false }));
    expect(xml).toMatch(/<w:pgSz [^>]*w:orient="landscape"/);
    expect(xml).toMatch(/<w:pgSz [^>]*w:w="16838"[^>]*w:h="11906"|<w:pgSz [^>]*w:h="11906"[^>]*w:w="16838"/);
  });
});
