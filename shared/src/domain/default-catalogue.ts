import type { ObligationRule, ProblemRule, RuleCatalogue, ScoringRule } from '../contracts/catalogue';

/**
 * The catalogue every bureau starts with: RULES.md as data. An administrator changes it
 * through PUT /api/rules, which stores a new version; this object is only the seed.
 */
const scoring: ScoringRule[] = [
  rule('BASE_CRIM_FILED', '刑事案件立案', 'Criminal case filed', 'base', 'quantity', { event: 'case.filed' }, 10, 5),
  rule('BASE_ARREST_APPROVED', '提请逮捕获批（每人）', 'Arrest approved (per person)', 'base', 'quantity', { event: 'arrest.approved' }, 3, 1.5),
  rule('BASE_CRIM_TRANSFERRED', '刑事案件移送起诉', 'Criminal case transferred for prosecution', 'base', 'quantity', { event: 'case.transferred' }, 8, 4),
  rule('BASE_ADM_CONCLUDED', '行政案件办结', 'Administrative case concluded', 'base', 'quantity', { event: 'case.concluded', when: { caseKind: 'administrative' } }, 4, 2),
  rule('BASE_INCIDENT_HANDLED', '警情处置', 'Incident handled', 'base', 'quantity', { event: 'incident.handled' }, 1, 1, 60),
  rule('BASE_COMPLAINT_RESOLVED', '接诉即办工单办结', 'Complaint resolved', 'base', 'quantity', { event: 'complaint.resolved' }, 1, 0.5, 30),
  rule('BONUS_REVIEW_FIRST_PASS', '法制审核一次通过', 'Legal review passed first time', 'bonus', 'quality', { event: 'case.review.passed', when: { dataEquals: { firstTime: true } } }, 2, 1),
  rule('BONUS_COMPLAINT_SATISFIED', '群众评价满意', 'Complainant satisfied', 'bonus', 'quality', { event: 'complaint.rated', when: { dataEquals: { satisfied: true } } }, 1, 0.5),
  { ...rule('BONUS_EARLY_CONCLUSION', '行政案件提前办结', 'Administrative case concluded early', 'bonus', 'efficiency', { derived: 'early_conclusion' }, 1, 0.5), parameter: 0.5 },
  { ...rule('BONUS_FAST_AV_LINK', '音视频快速关联', 'Audio/video linked fast', 'bonus', 'efficiency', { derived: 'fast_av_link' }, 0.5, 0.5, 20), parameter: 2 },
];

const obligations: ObligationRule[] = [
  ob('CRIM_CUSTODY_DELIVERY_24H', '拘留后24小时内送看守所', 'Deliver detainee within 24 h', [{ event: 'measure.started', when: { measure: 'criminal_detention' } }], [{ event: 'detainee.delivered' }], 'person', [24, 'hours'], [24, 'hours'], true, 'critical', -5, 'CPL 85'),
  ob('CRIM_FAMILY_NOTICE_24H', '拘留、逮捕后24小时内通知家属', 'Notify family within 24 h', [{ event: 'measure.started', when: { measure: 'criminal_detention' } }, { event: 'arrest.approved' }], [{ event: 'family.notified' }], 'person', [24, 'hours'], [24, 'hours'], true, 'critical', -5, 'CPL 85, 93'),
  ob('CRIM_ARREST_REQUEST_3D', '拘留后3日内提请批准逮捕', 'Request arrest approval within 3 days', [{ event: 'measure.started', when: { measure: 'criminal_detention' } }], [{ event: 'arrest.requested' }, { event: 'measure.ended', when: { measure: 'criminal_detention' } }], 'person', [3, 'days'], [30, 'days'], true, 'critical', -10, 'CPL 91'),
  ob('CRIM_SUMMONS_12H', '刑事传唤不超过12小时', 'Criminal summons within 12 h', [{ event: 'measure.started', when: { measure: 'summons', caseKind: 'criminal' } }], [{ event: 'measure.ended', when: { measure: 'summons' } }], 'person', [12, 'hours'], [24, 'hours'], true, 'critical', -5, 'CPL 119'),
  ob('CRIM_FILING_DECISION_3D', '受案后3日内作出立案决定', 'Filing decision within 3 days', [{ event: 'case.accepted', when: { caseKind: 'criminal' } }], [{ event: 'case.filed' }, { event: 'case.not_filed' }], 'subject', [3, 'days'], [30, 'days'], false, 'warning', -3, 'MPS rules on acceptance and filing'),
  ob('CRIM_INVESTIGATIVE_CUSTODY_2M', '逮捕后侦查羁押2个月', 'Investigative custody 2 months', [{ event: 'arrest.approved' }], [{ event: 'case.transferred' }, { event: 'measure.ended' }], 'person', [2, 'months'], [7, 'months'], true, 'critical', -10, 'CPL 156–159'),
  ob('CRIM_BAIL_12M', '取保候审不超过12个月', 'Bail within 12 months', [{ event: 'measure.started', when: { measure: 'bail' } }], [{ event: 'measure.ended', when: { measure: 'bail' } }], 'person', [12, 'months'], [12, 'months'], false, 'warning', -3, 'CPL 79'),
  ob('CRIM_RSL_6M', '监视居住不超过6个月', 'Residential surveillance within 6 months', [{ event: 'measure.started', when: { measure: 'residential_surveillance' } }], [{ event: 'measure.ended', when: { measure: 'residential_surveillance' } }], 'person', [6, 'months'], [6, 'months'], false, 'warning', -3, 'CPL 79'),
  ob('CRIM_SUPPLEMENTARY_1M', '退回补充侦查1个月内完毕', 'Supplementary investigation within 1 month', [{ event: 'case.prosecution.returned' }], [{ event: 'case.transferred' }], 'subject', [1, 'months'], [1, 'months'], false, 'warning', -3, 'CPL 175'),
  ob('ADM_QUESTIONING_8H', '行政传唤询问不超过8小时', 'Administrative questioning within 8 h', [{ event: 'measure.started', when: { measure: 'summons', caseKind: 'administrative' } }], [{ event: 'measure.ended', when: { measure: 'summons' } }], 'person', [8, 'hours'], [24, 'hours'], true, 'critical', -5, 'PSAPL 83'),
  ob('ADM_CASE_30D', '行政案件30日内办结', 'Administrative case within 30 days', [{ event: 'case.accepted', when: { caseKind: 'administrative' } }], [{ event: 'case.concluded' }, { event: 'case.closed' }], 'subject', [30, 'days'], [60, 'days'], false, 'warning', -3, 'PSAPL 99'),
  ob('ADM_DETENTION_FAMILY_NOTICE', '行政拘留及时通知家属', 'Notify family of administrative detention', [{ event: 'measure.started', when: { measure: 'administrative_detention' } }], [{ event: 'family.notified' }], 'person', [24, 'hours'], [24, 'hours'], true, 'critical', -3, 'PSAPL (promptly; 24 h default)'),
  ob('PROP_REGISTER_24H', '涉案财物24小时内登记', 'Register seized property within 24 h', [{ event: 'evidence.seized' }], [{ event: 'evidence.registered' }], 'item', [24, 'hours'], [24, 'hours'], false, 'warning', -3, 'Rules on property involved in cases'),
  ob('AV_LINK_24H', '执法视音频24小时内关联', 'Link audio/video within 24 h', [{ event: 'incident.handled' }, { event: 'evidence.seized' }], [{ event: 'av.linked' }], 'subject', [24, 'hours'], [24, 'hours'], false, 'warning', -1, 'Local practice'),
  ob('INCIDENT_HANDLING_24H', '警情24小时内处置', 'Handle incident within 24 h', [{ event: 'incident.received' }], [{ event: 'incident.handled' }], 'subject', [24, 'hours'], [24, 'hours'], false, 'warning', -1, 'Local practice'),
  ob('COMPLAINT_RESPONSE_24H', '工单24小时内响应', 'Respond to complaint within 24 h', [{ event: 'complaint.received' }], [{ event: 'complaint.responded' }], 'subject', [24, 'hours'], [24, 'hours'], false, 'warning', -2, 'Local practice'),
  ob('COMPLAINT_RESOLUTION_7D', '工单7日内办结', 'Resolve complaint within 7 days', [{ event: 'complaint.received' }], [{ event: 'complaint.resolved' }], 'subject', [7, 'days'], [7, 'days'], false, 'warning', -2, 'Local practice'),
];

const problems: ProblemRule[] = [
  { id: 'REVIEW_RETURNED', title: { zh: '法制审核退回', en: 'Legal review returned' }, severity: 'warning', points: -2, enabled: true },
  { id: 'PROSECUTION_RETURNED', title: { zh: '检察院退回补充侦查', en: 'Returned by prosecution' }, severity: 'warning', points: -2, enabled: true },
  { id: 'CASE_OVERTURNED', title: { zh: '复议诉讼被撤销', en: 'Case overturned' }, severity: 'critical', points: -10, enabled: true },
  { id: 'COMPLAINT_SUBSTANTIATED', title: { zh: '投诉查实', en: 'Complaint substantiated' }, severity: 'critical', points: -5, enabled: true },
  { id: 'SEIZURE_BEFORE_CASE', title: { zh: '未受案先扣押', en: 'Seizure before case accepted' }, severity: 'critical', points: -5, enabled: true },
  { id: 'OUT_OF_ORDER', title: { zh: '程序倒置', en: 'Steps out of order' }, severity: 'info', points: 0, enabled: true },
  { id: 'RECTIFY_OVERDUE', title: { zh: '整改超期', en: 'Rectification overdue' }, severity: 'warning', points: -1, enabled: true },
];

export const DEFAULT_CATALOGUE: RuleCatalogue = {
  scoring,
  obligations,
  problems,
  supervision: {
    escalateAfterMinutes: { critical: 15, warning: 240, info: null },
    rectifyWithin: { critical: 24, warning: 'end_of_day', info: 'end_of_day' },
    warnAt: 0.75,
  },
};

function rule(
  id: string,
  zh: string,
  en: string,
  kind: ScoringRule['kind'],
  dimension: ScoringRule['dimension'],
  trigger: ScoringRule['trigger'],
  primary: number,
  assistant: number,
  monthlyCap: number | null = null,
): ScoringRule {
  return { id, title: { zh, en }, kind, dimension, trigger, primary, assistant, monthlyCap, enabled: true };
}

function ob(
  id: string,
  zh: string,
  en: string,
  opens: ObligationRule['opens'],
  fulfils: ObligationRule['fulfils'],
  match: ObligationRule['match'],
  [amount, unit]: [number, ObligationRule['limit']['unit']],
  [maxAmount, maxUnit]: [number, ObligationRule['limit']['unit']],
  custody: boolean,
  severity: ObligationRule['severity'],
  points: number,
  legalBasis: string,
): ObligationRule {
  return {
    id,
    title: { zh, en },
    opens,
    fulfils,
    match,
    limit: { amount, unit },
    maxLimit: { amount: maxAmount, unit: maxUnit },
    custody,
    severity,
    points,
    legalBasis,
    enabled: true,
  };
}
