import type {
  AnnualAssessment,
  DailyNotice,
  MonthlyAiring,
  PublicationRow,
  PublicationSnapshot,
  PublicationUnitRow,
  QuarterlyNotice,
  ReissueNote,
} from '@jifen/shared';
import { dayOf, formatPoints, formatRate, maskName, periodLabel } from './labels';

/**
 * The words of the formal notice (通报), written from the figures: how many took part, who is
 * commended by name and unit, who loses eligibility, who was inactive. Pure, so a test reads
 * it paragraph by paragraph and the .docx renderer only lays it out.
 */
export interface NoticeText {
  title: string;
  /** 2026年11月1日: the day it was published, in the bureau's zone. */
  date: string;
  paragraphs: string[];
}

export interface NoticeOptions {
  issuer: string;
  privacy: boolean;
}

const LIST_SEP = '、';

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

function dateZh(instant: string, timeZone: string): string {
  const [y, m, d] = dayOf(instant, timeZone).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function nameOf(r: { name: string }, o: NoticeOptions): string {
  return o.privacy ? maskName(r.name) : r.name;
}

/** 城关派出所张伟（128.5分） */
const officerEntry = (r: PublicationRow, o: NoticeOptions) =>
  `${r.unitName}${nameOf(r, o)}（${formatPoints(r.total)}分）`;
const unitEntry = (u: PublicationUnitRow) => `${u.unitName}（${formatPoints(u.total)}分）`;

function average(rows: PublicationRow[]): string {
  if (!rows.length) return formatPoints(0);
  return formatPoints(Math.round((rows.reduce((s, r) => s + r.total, 0) / rows.length) * 10) / 10);
}

function participation(period: string, issuer: string, rows: PublicationRow[], extra = ''): string {
  if (!rows.length) return `${period}，${issuer}无民警参加执法办案积分排名${extra}。`;
  const totals = rows.map((r) => r.total);
  return (
    `${period}，${issuer}共有${rows.length}名民警参加执法办案积分排名${extra}，` +
    `人均得分${average(rows)}分，最高${formatPoints(Math.max(...totals))}分，` +
    `最低${formatPoints(Math.min(...totals))}分。`
  );
}

function reissueParagraph(note: ReissueNote, version: number, o: NoticeOptions): string {
  const cause = note.cause === 'appeal_upheld' ? '申诉成立' : '积分更正';
  const standing = (s: { rank: number; total: number } | null) =>
    s ? `第${s.rank}名、${formatPoints(s.total)}分` : '未列入排名';
  const changes = note.changes.map(
    (c) => `${c.unitName}${nameOf(c, o)}由${standing(c.before)}调整为${standing(c.after)}`,
  );
  return (
    `本通报为第${version}版，更正第${note.supersedes}版（更正原因：${cause}，${note.reason}）。` +
    (changes.length ? `变动情况：${changes.join('；')}。` : '排名与积分无变动。')
  );
}

function monthly(s: MonthlyAiring, o: NoticeOptions): string[] {
  const period = periodLabel(s.period, 'zh');
  const out = [participation(period, o.issuer, s.rows)];
  const top = [...s.rows].sort((a, b) => a.rank - b.rank).slice(0, 3);
  if (top.length)
    out.push(`积分排名前${top.length}名的民警为：${top.map((r) => officerEntry(r, o)).join(LIST_SEP)}。`);
  const unit = [...s.units].sort((a, b) => a.rank - b.rank)[0];
  if (unit) out.push(`单位积分排名第一的是${unitEntry(unit)}。`);
  out.push('各单位要对照排名查找差距，持续提升执法办案质量和效率。');
  return out;
}

function quarterly(s: QuarterlyNotice, o: NoticeOptions): string[] {
  const period = periodLabel(s.period, 'zh');
  const out = [participation(period, o.issuer, s.rows)];
  const { officers, units } = s.commended;
  if (officers.length) {
    out.push(
      `根据执法办案积分制有关规定，对积分排名前${officers.length}名的民警予以通报表扬：` +
        `${officers.map((r) => officerEntry(r, o)).join(LIST_SEP)}。`,
    );
  }
  if (units.length) {
    out.push(`对积分排名前${units.length}名的单位予以通报表扬：${units.map(unitEntry).join(LIST_SEP)}。`);
  }
  out.push('希望受到表扬的单位和个人再接再厉，各单位要对照排名查找差距，持续提升执法办案质量和效率。');
  return out;
}

function annual(s: AnnualAssessment, o: NoticeOptions): string[] {
  const period = periodLabel(s.period, 'zh');
  const inactive = s.inactive.length
    ? `（另有${s.inactive.length}名民警全年无办案积分记录，不参加排名）`
    : '';
  const out = [participation(period, o.issuer, s.rows, inactive)];
  const recommended = s.rows.filter((r) => r.mark === 'recommended');
  const ineligible = s.rows.filter((r) => r.mark === 'ineligible');
  if (recommended.length) {
    out.push(
      `积分排名前${pct(s.shares.recommended)}的${recommended.length}名民警推荐参加年度评优评先：` +
        `${recommended.map((r) => officerEntry(r, o)).join(LIST_SEP)}。`,
    );
  }
  if (ineligible.length) {
    out.push(
      `根据执法办案积分制有关规定，积分排名后${pct(s.shares.ineligible)}的${ineligible.length}名民警` +
        `取消年度评优评先资格：${ineligible.map((r) => officerEntry(r, o)).join(LIST_SEP)}。`,
    );
  }
  if (s.inactive.length) {
    out.push(
      `全年无办案积分记录的民警：${s.inactive.map((i) => `${i.unitName}${nameOf(i, o)}`).join(LIST_SEP)}。`,
    );
  }
  return out;
}

function daily(s: DailyNotice, o: NoticeOptions): string[] {
  const day = periodLabel(s.period, 'zh');
  const t = s.totals;
  if (t.detected === 0) return [`${day}，${o.issuer}未发现执法问题。`];
  const out = [
    `${day}，${o.issuer}共发现执法问题${t.detected}个，已签收${t.acknowledged}个，` +
      `已整改${t.rectified}个，当日清零${t.clearedSameDay}个，清零率${formatRate(t.clearRate)}。`,
  ];
  const open = s.units.filter((u) => u.detected > u.clearedSameDay);
  out.push(
    open.length
      ? `未能当日清零的单位：${open.map((u) => `${u.unitName}（${u.detected - u.clearedSameDay}个）`).join(LIST_SEP)}，请督促整改。`
      : '各单位发现的问题均已当日清零。',
  );
  return out;
}

const TITLES: Record<PublicationSnapshot['kind'], (issuer: string, period: string) => string> = {
  monthly: (i, p) => `${i}关于${p}执法办案积分晾晒情况的通报`,
  quarterly: (i, p) => `${i}关于${p}执法办案积分情况的通报`,
  annual: (i, p) => `${i}关于${p}执法办案积分评定结果的通报`,
  daily: (i, p) => `${i}执法问题日通报（${p}）`,
};

export function noticeText(s: PublicationSnapshot, o: NoticeOptions): NoticeText {
  const body =
    s.kind === 'monthly'
      ? monthly(s, o)
      : s.kind === 'quarterly'
        ? quarterly(s, o)
        : s.kind === 'annual'
          ? annual(s, o)
          : daily(s, o);
  return {
    title: TITLES[s.kind](o.issuer, periodLabel(s.period, 'zh')),
    date: dateZh(s.publishedAt, s.timeZone),
    paragraphs: s.reissue ? [reissueParagraph(s.reissue, s.version, o), ...body] : body,
  };
}
