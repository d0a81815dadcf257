import { Initial1795408933051 } from './1795408933051-Initial';
import { EventTime1795442652571 } from './1795442652571-EventTime';
import { NotificationChannels1795443541194 } from './1795443541194-NotificationChannels';
import { WallConfigs1795444169831 } from './1795444169831-WallConfigs';
import { OutboxSequence1796534229322 } from './1796534229322-OutboxSequence';
import { Publications1796534641373 } from './1796534641373-Publications';
import { MonthPartitions1796534408849 } from './1796534408849-MonthPartitions';
import { SubjectFirstEvent1796536728026 } from './1796536728026-SubjectFirstEvent';
import { UsernameKey1796687998034 } from './1796687998034-UsernameKey';
import { ApiTokenExpiry1796688033147 } from './1796688033147-ApiTokenExpiry';

/** Postgres migrations, in order. Generated with `scripts/generate-migration.sh Name` (docs/OPERATIONS.md). */
export const MIGRATIONS: (new () => unknown)[] = [
  Initial1795408933051,
  EventTime1795442652571,
  NotificationChannels1795443541194,
  WallConfigs1795444169831,
  OutboxSequence1796534229322,
  MonthPartitions1796534408849,
  Publications1796534641373,
  SubjectFirstEvent1796536728026,
  UsernameKey1796687998034,
  ApiTokenExpiry1796688033147,
];
