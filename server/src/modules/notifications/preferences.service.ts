import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_USER_CHANNELS,
  NOTIFICATION_TRIGGERS,
  USER_CHANNELS,
  type NotificationPreferences,
  type NotificationTrigger,
  type PreferencesBody,
  type UserChannel,
} from '@jifen/shared';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { badRequest } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import type { Reader } from './inbox.service';
import { NotificationPreferenceEntity } from './notification.entities';

type StoredChannels = NotificationPreferenceEntity['channels'];

/** Where one user wants one trigger to reach them. */
export interface Reach {
  userId: string;
  channels: UserChannel[];
  email: string | null;
  locale: NotificationPreferences['locale'];
}

function channelsOf(stored: StoredChannels, trigger: NotificationTrigger): Record<UserChannel, boolean> {
  return { ...DEFAULT_USER_CHANNELS, ...stored[trigger] };
}

/** Each user's channels per trigger: only what differs from the defaults is stored. */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get emailAvailable(): boolean {
    return this.config.smtp !== null;
  }

  async get(userId: string): Promise<NotificationPreferences> {
    const row = await this.dataSource.getRepository(NotificationPreferenceEntity).findOneBy({ userId });
    return this.view(row);
  }

  async update(reader: Reader, body: PreferencesBody): Promise<NotificationPreferences> {
    const userId = reader.id;
    const repo = this.dataSource.getRepository(NotificationPreferenceEntity);
    const stored = await repo.findOneBy({ userId });
    const before = stored ? this.view(stored) : null;
    const row = stored ?? {
      userId,
      email: null,
      locale: 'zh-CN' as const,
      channels: {},
      updatedAt: 0,
    };
    if (body.email !== undefined) row.email = body.email;
    if (body.locale) row.locale = body.locale;
    const channels: StoredChannels = { ...row.channels };
    for (const [trigger, choice] of Object.entries(body.channels ?? {}) as [
      NotificationTrigger,
      Partial<Record<UserChannel, boolean>>,
    ][]) {
      const merged = { ...channelsOf(channels, trigger), ...choice };
      const differs = USER_CHANNELS.filter((c) => merged[c] !== DEFAULT_USER_CHANNELS[c]);
      if (differs.length) channels[trigger] = Object.fromEntries(differs.map((c) => [c, merged[c]]));
      else delete channels[trigger];
    }
    const wantsEmail = NOTIFICATION_TRIGGERS.some((t) => channelsOf(channels, t).email);
    if (wantsEmail && !row.email) {
      throw badRequest(
        'NOTIFICATION.EMAIL_MISSING',
        'email: an e-mail address is needed to receive notifications by e-mail',
        '选择邮件通知需要先填写邮箱地址',
      );
    }
    row.channels = channels;
    row.updatedAt = this.clock.now();
    await this.uow.run(async (m) => {
      await m.save(NotificationPreferenceEntity, row);
      await this.audit.record(m, reader.name, 'notification.preferences', `user:${reader.name}`, {
        before,
        after: this.view(row),
      });
    });
    return this.view(row);
  }

  /** For each recipient, the channels a trigger reaches them on. */
  async reach(userIds: string[], trigger: NotificationTrigger): Promise<Reach[]> {
    const rows = userIds.length
      ? await this.dataSource.getRepository(NotificationPreferenceEntity).findBy({ userId: In(userIds) })
      : [];
    const byUser = new Map(rows.map((r) => [r.userId, r]));
    return userIds.map((userId) => {
      const row = byUser.get(userId);
      const chosen = channelsOf(row?.channels ?? {}, trigger);
      const channels = USER_CHANNELS.filter(
        (c) => chosen[c] && (c !== 'email' || (this.emailAvailable && !!row?.email)),
      );
      return { userId, channels, email: row?.email ?? null, locale: row?.locale ?? 'zh-CN' };
    });
  }

  private view(row: NotificationPreferenceEntity | null): NotificationPreferences {
    const stored = row?.channels ?? {};
    return {
      email: row?.email ?? null,
      locale: row?.locale ?? 'zh-CN',
      emailAvailable: this.emailAvailable,
      channels: Object.fromEntries(
        NOTIFICATION_TRIGGERS.map((t) => [t, channelsOf(stored, t)]),
      ) as NotificationPreferences['channels'],
    };
  }
}
