import type { HolidayCalendar, RuleCatalogue } from '@jifen/shared';

/** A catalogue version and the rules it holds. */
export interface CatalogueAt {
  version: number;
  catalogue: RuleCatalogue;
}

/**
 * Everything besides the events that a judgement depends on. DESIGN.md: `(events ordered by
 * occurredAt, catalogue version, organisation as of each event, holiday calendar, now)`.
 * Judging reads no clock and no database: the caller hands these in.
 */
export interface JudgementContext {
  timeZone: string;
  now: number;
  holidays: HolidayCalendar;
  /** The catalogue version that judges what happened at `at`. */
  catalogueAt(at: number): CatalogueAt;
  /** The unit an officer belonged to at `at`; undefined for an officer Jifen does not know. */
  unitOf(badgeNo: string, at: number): string | undefined;
}

/**
 * Catalogue versions by effective instant: version v judges instants from its `effectiveFrom`
 * until a higher version takes over. A re-scoring version takes effect from the start of the
 * open month, so it also takes over from versions saved earlier in that month.
 */
export class CatalogueTimeline {
  private readonly versions: { version: number; effectiveFrom: number; catalogue: RuleCatalogue }[];

  constructor(versions: { version: number; effectiveFrom: number; catalogue: RuleCatalogue }[]) {
    if (!versions.length) throw new Error('a catalogue timeline needs at least one version');
    this.versions = [...versions].sort((a, b) => b.version - a.version);
  }

  at(at: number): CatalogueAt {
    const v = this.versions.find((x) => x.effectiveFrom <= at) ?? this.versions[this.versions.length - 1];
    return { version: v.version, catalogue: v.catalogue };
  }

  get latest(): CatalogueAt {
    return { version: this.versions[0].version, catalogue: this.versions[0].catalogue };
  }

  /** The same timeline with a draft judging everything (rule preview). */
  static only(catalogue: RuleCatalogue, version: number): CatalogueTimeline {
    return new CatalogueTimeline([{ version, effectiveFrom: Number.MIN_SAFE_INTEGER, catalogue }]);
  }
}
