import { toTenths, type CaseEvent, type EventProblemId, type EventType } from '@jifen/shared';
import type { SubjectFacts } from '../../cases/domain/subject-facts';
import { eventProblemIdOf } from '../../judgement/domain/deterministic-id';
import type { CatalogueAt } from '../../judgement/domain/judgement-context';
import type { RecordedEvent } from '../../judgement/domain/recorded-event';
import type { Finding } from './finding';

const DIRECT: Partial<Record<EventType, EventProblemId>> = {
  'case.review.returned': 'REVIEW_RETURNED',
  'case.prosecution.returned': 'PROSECUTION_RETURNED',
  'case.overturned': 'CASE_OVERTURNED',
  'complaint.substantiated': 'COMPLAINT_SUBSTANTIATED',
};

/**
 * 程序倒置: steps whose precondition is missing on the subject. Each entry names the step,
 * what must have happened before it, and how to say so.
 *
 * | step                              | needs                                         |
 * |-----------------------------------|-----------------------------------------------|
 * | case.filed / case.not_filed       | case.accepted                                 |
 * | case.transferred                  | case.filed                                    |
 * | case.concluded                    | case.accepted                                 |
 * | arrest.requested / arrest.approved| criminal detention of that person             |
 * | detainee.delivered                | criminal detention of that person             |
 * | measure.ended                     | the same measure in force on that person      |
 * | evidence.registered               | evidence.seized of that item                  |
 * | incident.handled                  | incident.received                             |
 * | complaint.responded/resolved/rated| complaint.received                            |
 */
function missingStep(event: CaseEvent, f: SubjectFacts | null): { zh: string; en: string } | null {
  const seen = (t: EventType) => f?.firstAt[t] !== undefined;
  const person = typeof event.data.personRef === 'string' ? event.data.personRef : '';
  const detained = !!f?.detainedPersons.includes(person);
  switch (event.type) {
    case 'case.filed':
    case 'case.not_filed':
    case 'case.concluded':
      return seen('case.accepted')
        ? null
        : { zh: '未受案即作出决定', en: `${event.type} before case.accepted` };
    case 'case.transferred':
      return seen('case.filed') ? null : { zh: '未立案即移送起诉', en: 'case.transferred before case.filed' };
    case 'arrest.requested':
    case 'arrest.approved':
    case 'detainee.delivered':
      return detained
        ? null
        : {
            zh: `未刑事拘留 ${person} 即${event.type === 'detainee.delivered' ? '送押' : '提请逮捕'}`,
            en: `${event.type} with no criminal detention of ${person}`,
          };
    case 'measure.ended': {
      const m = String(event.data.measure);
      return f?.activeMeasures[person]?.includes(m as never)
        ? null
        : {
            zh: `${person} 无在执行的 ${m} 措施`,
            en: `measure.ended ${m} with no such measure on ${person}`,
          };
    }
    case 'evidence.registered': {
      const item = String(event.data.itemRef);
      return f?.seizedItems.includes(item)
        ? null
        : { zh: `物品 ${item} 未扣押即登记`, en: `evidence.registered of ${item} never seized` };
    }
    case 'incident.handled':
      return seen('incident.received')
        ? null
        : { zh: '警情未接报即处置', en: 'incident.handled before incident.received' };
    case 'complaint.responded':
    case 'complaint.resolved':
    case 'complaint.rated':
      return seen('complaint.received')
        ? null
        : { zh: '工单未受理即办理', en: `${event.type} before complaint.received` };
    default:
      return null;
  }
}

const HOUR = 3_600_000;

/**
 * Problems raised directly by an event (RULES.md "Problems raised directly by an event"),
 * judged with the subject as it stood just before the event in event order, plus 录入不及时
 * when the step reached Jifen more than the catalogue's threshold after it happened (not for
 * a backfill of history).
 */
export function detectEventProblems(
  event: RecordedEvent,
  factsBefore: SubjectFacts | null,
  { version, catalogue }: CatalogueAt,
): Finding[] {
  const found: { id: EventProblemId; detail: { zh: string; en: string } }[] = [];
  const direct = DIRECT[event.type];
  if (direct) found.push({ id: direct, detail: { zh: event.type, en: event.type } });
  if (
    event.type === 'evidence.seized' &&
    event.subject.kind === 'case' &&
    factsBefore?.firstAt['case.accepted'] === undefined
  ) {
    found.push({
      id: 'SEIZURE_BEFORE_CASE',
      detail: { zh: '未受案即扣押财物', en: 'evidence.seized on a case not accepted' },
    });
  }
  const missing = missingStep(event, factsBefore);
  if (missing) found.push({ id: 'OUT_OF_ORDER', detail: missing });
  const delay = event.receivedAt - event.at;
  if (!event.backfill && delay > catalogue.supervision.lateEntryAfterHours * HOUR) {
    const hours = Math.round(delay / HOUR);
    found.push({
      id: 'LATE_ENTRY',
      detail: {
        zh: `${event.type} 发生 ${hours} 小时后才录入`,
        en: `${event.type} reported ${hours} h after it happened`,
      },
    });
  }
  return found.flatMap(({ id, detail }) => {
    const rule = catalogue.problems.find((p) => p.id === id);
    if (!rule || !rule.enabled) return [];
    return [
      {
        id: eventProblemIdOf(id, event.eventId),
        origin: 'event' as const,
        ruleId: id,
        stage: 'event' as const,
        severity: rule.severity,
        points: toTenths(rule.points),
        dimension: 'quality' as const,
        title: rule.title,
        detail,
        subjectKind: event.subject.kind,
        subjectRef: event.subject.ref,
        unitCode: event.unitCode,
        badgeNos: event.officers.map((o) => o.badgeNo),
        eventId: event.eventId,
        obligationId: null,
        parentId: null,
        dueAt: null,
        occurredAt: event.at,
        catalogueVersion: version,
      },
    ];
  });
}
