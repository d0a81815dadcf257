import type { LocalText, NotificationCause, Severity } from '@jifen/shared';
import { KIND_NAMES, formatPoints, localTime, periodLabel } from '../publication/render/labels';

/**
 * What a notification says, in Chinese and English, written from the cause's facts. The
 * inbox, the e-mail and the webhook all carry these same words.
 */
export interface NotificationText {
  title: LocalText;
  body: LocalText;
  /** Where the console opens it. */
  link: string | null;
}

const SEVERITY: Record<Severity, LocalText> = {
  critical: { zh: '严重', en: 'critical' },
  warning: { zh: '一般', en: 'warning' },
  info: { zh: '提示', en: 'info' },
};

const list = (xs: string[]) => xs.join('、');

export function describeCause(cause: NotificationCause, timeZone: string): NotificationText {
  const at = (iso: string) => localTime(iso, timeZone);
  switch (cause.trigger) {
    case 'problem.raised': {
      const d = cause.data;
      const due = d.dueAt
        ? { zh: `，请于${at(d.dueAt)}前整改`, en: `; rectify by ${at(d.dueAt)}` }
        : { zh: '', en: '' };
      return {
        title: { zh: `执法问题：${d.title.zh}`, en: `Problem: ${d.title.en}` },
        body: {
          zh: `${d.unitName}于${at(d.detectedAt)}发现${SEVERITY[d.severity].zh}问题“${d.title.zh}”，涉及民警${list(d.badgeNos)}${due.zh}。`,
          en: `${d.unitName}: a ${SEVERITY[d.severity].en} problem "${d.title.en}" was detected at ${at(d.detectedAt)}, officers ${d.badgeNos.join(', ')}${due.en}.`,
        },
        link: `/console/problems/${d.problemId}`,
      };
    }
    case 'problem.escalated': {
      const d = cause.data;
      return {
        title: { zh: `问题已升级：${d.title.zh}`, en: `Escalated: ${d.title.en}` },
        body: {
          zh: `${d.unitName}的问题“${d.title.zh}”未及时签收，已升级至${d.escalatedTo.unitName}。`,
          en: `The problem "${d.title.en}" of ${d.unitName} was not acknowledged in time and went to ${d.escalatedTo.unitName}.`,
        },
        link: `/console/problems/${d.problemId}`,
      };
    }
    case 'rectification.overdue': {
      const d = cause.data;
      return {
        title: { zh: `整改超期：${d.title.zh}`, en: `Rectification overdue: ${d.title.en}` },
        body: {
          zh: `${d.unitName}的问题“${d.title.zh}”应于${at(d.rectifyDueAt)}前整改完毕，现已超期。`,
          en: `The problem "${d.title.en}" of ${d.unitName} was due to be rectified by ${at(d.rectifyDueAt)} and is overdue.`,
        },
        link: `/console/problems/${d.problemId}`,
      };
    }
    case 'appeal.decided': {
      const d = cause.data;
      const note = d.note ? { zh: `处理意见：${d.note}`, en: ` Note: ${d.note}` } : { zh: '', en: '' };
      return {
        title: d.upheld
          ? { zh: `申诉成立：${d.title.zh}`, en: `Appeal upheld: ${d.title.en}` }
          : { zh: `申诉未获支持：${d.title.zh}`, en: `Appeal rejected: ${d.title.en}` },
        body: d.upheld
          ? {
              zh: `您对问题“${d.title.zh}”的申诉成立，相应扣分已撤销。${note.zh}`,
              en: `Your appeal against "${d.title.en}" was upheld; its deduction is reversed.${note.en}`,
            }
          : {
              zh: `您对问题“${d.title.zh}”的申诉未获支持。${note.zh}`,
              en: `Your appeal against "${d.title.en}" was rejected.${note.en}`,
            },
        link: `/console/problems/${d.problemId}`,
      };
    }
    case 'publication.published': {
      const d = cause.data;
      const version = d.version > 1 ? { zh: `（第${d.version}版）`, en: ` (version ${d.version})` } : null;
      return {
        title: {
          zh: `${periodLabel(d.period, 'zh')}${KIND_NAMES[d.kind].zh}已发布`,
          en: `Published: ${KIND_NAMES[d.kind].en}, ${periodLabel(d.period, 'en')}`,
        },
        body: {
          zh: `${periodLabel(d.period, 'zh')}${KIND_NAMES[d.kind].zh}${version?.zh ?? ''}已发布，共${d.officerCount}名民警。`,
          en: `The ${KIND_NAMES[d.kind].en} for ${periodLabel(d.period, 'en')}${version?.en ?? ''} is published, covering ${d.officerCount} officers.`,
        },
        link: `/publications/${d.kind}/${d.period}`,
      };
    }
    case 'commendation': {
      const d = cause.data;
      return {
        title: {
          zh: `通报表扬：${periodLabel(d.period, 'zh')}`,
          en: `Commended: ${periodLabel(d.period, 'en')}`,
        },
        body: {
          zh: `${d.unitName}${d.name}在${periodLabel(d.period, 'zh')}执法办案积分排名第${d.rank}名（共${d.of}名），得分${formatPoints(d.total)}分，予以通报表扬。`,
          en: `${d.name} (${d.unitName}) ranked ${d.rank} of ${d.of} with ${formatPoints(d.total)} points in ${periodLabel(d.period, 'en')} and is commended.`,
        },
        link: `/publications/${d.kind}/${d.period}`,
      };
    }
    case 'award.ineligible': {
      const d = cause.data;
      return {
        title: {
          zh: `年度评定：${periodLabel(d.period, 'zh')}`,
          en: `Annual assessment: ${periodLabel(d.period, 'en')}`,
        },
        body: {
          zh: `${d.unitName}${d.name}在${periodLabel(d.period, 'zh')}执法办案积分排名第${d.rank}名（共${d.of}名），得分${formatPoints(d.total)}分，按规定取消年度评优评先资格。`,
          en: `${d.name} (${d.unitName}) ranked ${d.rank} of ${d.of} with ${formatPoints(d.total)} points in ${periodLabel(d.period, 'en')} and is not eligible for this year's awards.`,
        },
        link: `/publications/annual/${d.period}`,
      };
    }
  }
}
