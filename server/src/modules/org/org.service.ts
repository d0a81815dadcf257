import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OfficerRowSchema, UnitRowSchema, type OrgImportAnswer, type OrgImportError } from '@jifen/shared';
import type Redis from 'ioredis';
import { DataSource, In } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { inChunks } from '../../core/database/insert-rows';
import { LOCKS, lockExclusive } from '../../core/database/advisory-locks';
import { bulkInsert } from '../../core/database/bulk-writer';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { RedisService } from '../../core/redis/redis.service';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../../core/http/principal';
import { OrgDirectory, type Membership } from './org-directory';
import { OfficerEntity, OfficerUnitEntity, UnitEntity } from './org.entities';

/** Keeps the in-memory directory equal to the tables, in this process and in every other. */
@Injectable()
export class OrgService implements OnModuleInit, OnModuleDestroy {
  readonly directory = new OrgDirectory();
  private readonly logger = new Logger('org');
  private subscriber: Redis | null = null;
  /** A reload another process asked for, awaited at shutdown so it never outlives the database. */
  private pending: Promise<void> = Promise.resolve();
  private readonly listeners: (() => void)[] = [];
  private readonly transferListeners: ((transfers: Membership[]) => Promise<void>)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly redis: RedisService,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.subscriber = this.redis.connect('org-sub');
    await this.subscriber.subscribe(this.channel);
    this.subscriber.on('message', () => {
      // Another process changed the organisation. A failed reload (the database away) keeps the
      // directory as it was and says so; it must not become an unhandled rejection.
      this.pending = this.pending
        .then(() => this.reload())
        .catch((e: Error) => this.logger.warn(`organisation reload failed: ${e.message}`));
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber?.unsubscribe().catch(() => undefined);
    await this.pending;
  }

  private get channel(): string {
    return this.redis.key('org.changed');
  }

  /** Called after the directory changes (leaderboards list idle officers, names change). */
  onChanged(listener: () => void): void {
    this.listeners.push(listener);
  }

  async reload(): Promise<void> {
    const [units, officers, memberships] = await Promise.all([
      this.dataSource.getRepository(UnitEntity).find(),
      this.dataSource.getRepository(OfficerEntity).find(),
      this.dataSource.getRepository(OfficerUnitEntity).find(),
    ]);
    this.directory.replace(units, officers, memberships);
    for (const l of this.listeners) l();
  }

  /**
   * Idempotent upsert: rows are validated one by one, valid rows are kept even when others
   * fail, and importing the same file twice changes nothing.
   */
  async import(
    actor: Principal,
    input: { units: unknown[]; officers: unknown[]; effectiveFrom?: string },
  ): Promise<OrgImportAnswer> {
    const errors: OrgImportError[] = [];
    const answer: OrgImportAnswer = {
      units: { created: 0, updated: 0, unchanged: 0 },
      officers: { created: 0, updated: 0, unchanged: 0 },
      errors,
    };
    const now = this.clock.now();
    const transfers: Membership[] = [];
    await this.uow.run(async (m) => {
      // Imports compare with what is stored: one at a time.
      await lockExclusive(m, LOCKS.organisation, ['import']);
      const before = { units: await m.count(UnitEntity), officers: await m.count(OfficerEntity) };
      const existingUnits = new Map((await m.find(UnitEntity)).map((u) => [u.code, u]));
      const units = new Map<string, UnitEntity>();
      input.units.forEach((raw, index) => {
        const p = UnitRowSchema.safeParse(raw);
        const key = (raw as { code?: unknown })?.code;
        if (!p.success) {
          errors.push({
            list: 'units',
            index,
            key: typeof key === 'string' ? key : null,
            errors: fieldErrors(p.error.issues),
          });
          return;
        }
        if (units.has(p.data.code)) {
          errors.push({
            list: 'units',
            index,
            key: p.data.code,
            errors: [{ field: 'code', message: `unit ${p.data.code} appears twice in this import` }],
          });
          return;
        }
        units.set(p.data.code, {
          code: p.data.code,
          name: p.data.name,
          kind: p.data.kind,
          parentCode: p.data.parentCode ?? null,
          updatedAt: now,
        });
      });
      // Parents must exist (in the tables or this import) and must not make a cycle.
      const known = (code: string) => units.has(code) || existingUnits.has(code);
      const parentOf = (code: string) => (units.get(code) ?? existingUnits.get(code))?.parentCode ?? null;
      for (const [code, u] of [...units]) {
        const index = input.units.findIndex((r) => (r as { code?: unknown })?.code === code);
        if (u.parentCode && !known(u.parentCode)) {
          errors.push({
            list: 'units',
            index,
            key: code,
            errors: [{ field: 'parentCode', message: `parent unit ${u.parentCode} does not exist` }],
          });
          units.delete(code);
          continue;
        }
        const seen = new Set([code]);
        for (let p = u.parentCode; p; p = parentOf(p)) {
          if (seen.has(p)) {
            errors.push({
              list: 'units',
              index,
              key: code,
              errors: [{ field: 'parentCode', message: `parent ${u.parentCode} would make a cycle` }],
            });
            units.delete(code);
            break;
          }
          seen.add(p);
        }
      }
      for (const u of units.values()) {
        const old = existingUnits.get(u.code);
        if (!old) answer.units.created++;
        else if (old.name === u.name && old.kind === u.kind && old.parentCode === u.parentCode) {
          answer.units.unchanged++;
          units.delete(u.code);
        } else answer.units.updated++;
      }
      // One statement per table with an array per column, not a parameter per value: a province's
      // import stays within Postgres's 65,535 bound parameters (one statement of them answered 500).
      if (units.size) await bulkInsert(m, UnitEntity, [...units.values()], { upsertOn: ['code'] });

      const officers = new Map<string, OfficerEntity>();
      const sinceOf = new Map<string, number>();
      input.officers.forEach((raw, index) => {
        const p = OfficerRowSchema.safeParse(raw);
        const key = (raw as { badgeNo?: unknown })?.badgeNo;
        if (!p.success) {
          errors.push({
            list: 'officers',
            index,
            key: typeof key === 'string' ? key : null,
            errors: fieldErrors(p.error.issues),
          });
          return;
        }
        if (!units.has(p.data.unitCode) && !existingUnits.has(p.data.unitCode)) {
          errors.push({
            list: 'officers',
            index,
            key: p.data.badgeNo,
            errors: [{ field: 'unitCode', message: `unit ${p.data.unitCode} does not exist` }],
          });
          return;
        }
        if (officers.has(p.data.badgeNo)) {
          errors.push({
            list: 'officers',
            index,
            key: p.data.badgeNo,
            errors: [{ field: 'badgeNo', message: `officer ${p.data.badgeNo} appears twice in this import` }],
          });
          return;
        }
        const { since, ...officer } = p.data;
        officers.set(p.data.badgeNo, { ...officer, updatedAt: now });
        if (since) sinceOf.set(p.data.badgeNo, Date.parse(since));
      });
      const found = await inChunks([...officers.keys()], 500, (badges) =>
        m.findBy(OfficerEntity, { badgeNo: In(badges) }),
      );
      const existingOfficers = new Map(found.map((o) => [o.badgeNo, o]));
      for (const o of [...officers.values()]) {
        const old = existingOfficers.get(o.badgeNo);
        if (!old) answer.officers.created++;
        else if (old.name === o.name && old.unitCode === o.unitCode && old.active === o.active) {
          answer.officers.unchanged++;
          officers.delete(o.badgeNo);
        } else answer.officers.updated++;
      }
      if (officers.size)
        await bulkInsert(m, OfficerEntity, [...officers.values()], { upsertOn: ['badgeNo'] });
      const memberships = this.memberships(officers, existingOfficers, sinceOf, input.effectiveFrom, now);
      transfers.push(...memberships.filter((x) => x.since > 0));
      if (memberships.length)
        await bulkInsert(m, OfficerUnitEntity, memberships, { upsertOn: ['badgeNo', 'since'] });
      await this.audit.record(m, actor.name, 'org.imported', 'org', {
        // The organisation is too large to copy into the log: its size before and after, and what changed.
        before,
        after: { units: await m.count(UnitEntity), officers: await m.count(OfficerEntity) },
        units: answer.units,
        officers: answer.officers,
        errors: errors.length,
      });
    });
    await this.reload();
    await this.redis.client.publish(this.channel, String(now));
    const backdated = transfers.filter((t) => t.since < now);
    if (backdated.length) await this.transferred(backdated);
    return answer;
  }

  /**
   * A new officer belongs to their unit from the start; a transfer from its effective date,
   * so that points earned before stay with the old unit.
   */
  private memberships(
    imported: Map<string, OfficerEntity>,
    existing: Map<string, OfficerEntity>,
    sinceOf: Map<string, number>,
    effectiveFrom: string | undefined,
    now: number,
  ): Membership[] {
    const out: Membership[] = [];
    const d = this.directory;
    for (const o of imported.values()) {
      const old = existing.get(o.badgeNo);
      if (!old) {
        out.push({ badgeNo: o.badgeNo, unitCode: o.unitCode, since: 0 });
        continue;
      }
      if (old.unitCode === o.unitCode) continue;
      // An officer known from before memberships were recorded: their old unit held from the start.
      if (d.unitAt(o.badgeNo, 0) === old.unitCode && !d.hasMemberships(o.badgeNo))
        out.push({ badgeNo: o.badgeNo, unitCode: old.unitCode, since: 0 });
      const since = sinceOf.get(o.badgeNo) ?? (effectiveFrom ? Date.parse(effectiveFrom) : now);
      out.push({ badgeNo: o.badgeNo, unitCode: o.unitCode, since: Math.max(1, since) });
    }
    return out;
  }

  /** Backdated transfers move points already booked: the subjects their officers worked on are judged again. */
  onTransferred(listener: (transfers: Membership[]) => Promise<void>): void {
    this.transferListeners.push(listener);
  }

  private async transferred(transfers: Membership[]): Promise<void> {
    for (const l of this.transferListeners) await l(transfers);
  }
}

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]) {
  return issues.map((i) => ({ field: i.path.map(String).join('.') || '(row)', message: i.message }));
}
