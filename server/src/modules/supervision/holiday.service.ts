import { Injectable, OnModuleInit } from '@nestjs/common';
import { HolidayCalendar } from '@jifen/shared';
import { DataSource, Like } from 'typeorm';
import { LOCKS, lockExclusive } from '../../core/database/advisory-locks';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { badRequest } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { AuditService } from '../audit/audit.service';
import { HolidayEntity } from './supervision.entities';

/** The holiday calendar administrators maintain; non-custody day limits move past its dates. */
@Injectable()
export class HolidayService implements OnModuleInit {
  private calendar = new HolidayCalendar();
  private readonly listeners: ((year: number) => Promise<void>)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<HolidayCalendar> {
    const rows = await this.dataSource.getRepository(HolidayEntity).find();
    this.calendar = new HolidayCalendar(rows.map((r) => r.date));
    return this.calendar;
  }

  /** Deadlines move with the calendar: listeners judge the affected subjects again. */
  onChanged(listener: (year: number) => Promise<void>): void {
    this.listeners.push(listener);
  }

  current(): HolidayCalendar {
    return this.calendar;
  }

  async list(year?: number): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(HolidayEntity)
      .find({ where: year ? { date: Like(`${year}-%`) } : {}, order: { date: 'ASC' } });
    return rows.map((r) => r.date);
  }

  /** Replaces one year's holidays; deadlines computed from now on use the new calendar. */
  async replaceYear(actor: Principal, year: number, dates: string[]): Promise<string[]> {
    const wrong = dates.filter(
      (d) => !d.startsWith(`${year}-`) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)),
    );
    if (wrong.length) {
      throw badRequest(
        'HOLIDAYS.INVALID',
        `dates: ${wrong.join(', ')} are not valid dates of ${year}`,
        `日期 ${wrong.join('、')} 不是 ${year} 年的有效日期`,
      );
    }
    await this.uow.run(async (m) => {
      await lockExclusive(m, LOCKS.holidays, [String(year)]);
      const before = (
        await m.find(HolidayEntity, { where: { date: Like(`${year}-%`) }, order: { date: 'ASC' } })
      ).map((h) => h.date);
      await m.delete(HolidayEntity, { date: Like(`${year}-%`) });
      if (dates.length)
        await m.insert(
          HolidayEntity,
          [...new Set(dates)].map((date) => ({ date })),
        );
      await this.audit.record(m, actor.name, 'holidays.changed', `holidays:${year}`, {
        before,
        after: [...new Set(dates)].sort(),
      });
    });
    await this.reload();
    for (const l of this.listeners) await l(year);
    return this.list(year);
  }
}
