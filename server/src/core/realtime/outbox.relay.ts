import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  LEADERBOARD_WINDOW_MS,
  RATES_WINDOW_MS,
  SCORE_WINDOW_MS,
  type PrivacyMode,
  type ServerToClientEvents,
} from '@jifen/shared';
import { UnitOfWork } from '../database/unit-of-work';
import { LeasedConsumer } from '../outbox/leased-consumer';
import { OutboxCursors } from '../outbox/outbox-cursors';
import { OutboxSequencer } from '../outbox/outbox-sequencer';
import type { SequencedRow } from '../outbox/outbox.entity';
import { RedisService } from '../redis/redis.service';
import { LiveData } from './live-hooks';
import { LIVE_KINDS, messagesFor, type RecordedScoreChange } from './live-messages';
import { LiveServer } from './live.server';
import { LIVE_RELAY, OutboxReader } from './outbox.reader';
import { RoomPresence } from './room-presence';
import {
  audienceOfRoom,
  MASKED_MODES,
  officerRoom,
  privateRoom,
  roomsForPath,
  scopeOfRoom,
  tokenRoom,
  unitRoom,
} from './rooms';

const WINDOW = { leaderboard: LEADERBOARD_WINDOW_MS, rates: RATES_WINDOW_MS };
const BATCH = 5000;

/**
 * Outbox → live. One relay in the cluster holds a Redis lease and publishes committed outbox
 * rows in `seq` order through the Socket.IO Redis adapter. Its cursor is kept in Postgres
 * (`outbox_cursors`), so a new leader, a restart or a flushed Redis resumes right after the
 * last row announced and never skips one.
 *
 * Everything happens in one loop, one step after another: read rows, bring the leaderboard
 * cache up to date from ledger sums, send each room its messages (built by the same code as a
 * replay), mark the rooms' leaderboards stale, and at most once per LEADERBOARD_WINDOW_MS send
 * the stale leaderboards. A leaderboard is therefore always computed after every change before
 * it was sent: no room can be marked fresh while a refresh is still in flight.
 */
@Injectable()
export class OutboxRelay implements OnModuleDestroy {
  private readonly logger = new Logger('relay');
  private readonly loop: LeasedConsumer;
  private cursor = 0;
  /** Rooms whose leaderboard or rates are behind what was announced, and when each was last sent. */
  private readonly stale = { leaderboard: new Set<string>(), rates: new Set<string>() };
  private readonly sentAt = { leaderboard: 0, rates: 0 };
  private readonly due: Record<'leaderboard' | 'rates', NodeJS.Timeout | null> = {
    leaderboard: null,
    rates: null,
  };
  private occupied: Set<string> | null = null;

  constructor(
    redis: RedisService,
    private readonly live: LiveServer,
    private readonly reader: OutboxReader,
    private readonly cursors: OutboxCursors,
    private readonly sequencer: OutboxSequencer,
    private readonly data: LiveData,
    private readonly presence: RoomPresence,
    uow: UnitOfWork,
  ) {
    this.loop = new LeasedConsumer(redis, 'relay', this.logger, {
      acquired: () => this.resume(),
      pass: () => this.pass(),
    });
    uow.onCommitted(() => this.kick());
  }

  async start(): Promise<void> {
    await this.loop.start(SCORE_WINDOW_MS);
  }

  private async resume(): Promise<void> {
    // A first start announces nothing already committed: clients start from a snapshot.
    this.cursor = await this.reader.resume(LIVE_RELAY);
    this.logger.log(`relay leader from seq ${this.cursor}`);
  }

  /** Publishes now, or right after the current pass: a commit never waits for the next tick. */
  kick(): void {
    this.loop.kick();
  }

  private async pass(): Promise<void> {
    await this.sequencer.sequence();
    const rows = await this.reader.after(this.cursor, BATCH);
    if (rows.length) {
      await this.announce(rows);
      this.cursor = rows[rows.length - 1].seq;
      await this.cursors.set(LIVE_RELAY, this.cursor);
      if (rows.length === BATCH) this.loop.more();
    }
    await this.sendStale();
  }

  private async announce(rows: SequencedRow[]): Promise<void> {
    const changes = rows
      .filter((r) => r.kind === LIVE_KINDS.score)
      .flatMap((r) => (r.payload as { changes: RecordedScoreChange[] }).changes);
    if (changes.length) {
      await this.data.scoresChanged(
        [...new Set(changes.map((c) => c.badgeNo))],
        [...new Set(changes.map((c) => c.period))],
      );
      await this.data.prepare(changes);
    }
    const rooms = new Set<string>();
    this.occupied = await this.presence.occupied();
    for (const r of rows) {
      for (const room of roomsForPath(r.unitPath)) rooms.add(room);
      if (r.kind === LIVE_KINDS.publication)
        for (const room of this.occupiedUnitRoomsWithin(r.unitPath)) rooms.add(room);
      if (r.kind === LIVE_KINDS.score)
        for (const c of (r.payload as { changes: RecordedScoreChange[] }).changes)
          rooms.add(officerRoom(c.badgeNo));
      else if (r.kind === LIVE_KINDS.alertRaised || r.kind === LIVE_KINDS.alertUpdated)
        for (const b of (r.payload as { alert: { badgeNos: string[] } }).alert.badgeNos)
          rooms.add(officerRoom(b));
    }
    const details = {
      describe: (c: RecordedScoreChange[]) => this.data.describe(c),
      counts: (a: { path: string; badgeNo: string | null }) =>
        this.data.alertCounts(a.badgeNo !== null ? null : this.scopeOfPath(a.path), a.badgeNo),
    };
    for (const room of rooms) {
      if (!this.variantsOf(room).length) continue;
      const messages = await messagesFor(
        rows,
        audienceOfRoom(room, (u) => this.data.pathOf(u)),
        details,
      );
      for (const m of messages) this.emit(room, m.event, m.payload as never);
      if (room.startsWith('officer:')) continue;
      if (changes.length) this.stale.leaderboard.add(room);
      this.stale.rates.add(room);
    }
    for (const r of rows.filter((x) => x.kind === LIVE_KINDS.wallConfig)) {
      const c = r.payload as { tokenId: string; config: { privacy: string }; previousPrivacy: string };
      if (c.previousPrivacy === c.config.privacy || !this.live.namespace) continue;
      // Sockets placed in rooms of another privacy mode reconnect and are placed anew; one
      // that connected after the change (this row is relayed later) is in the right rooms.
      for (const socket of await this.live.namespace.in(tokenRoom(c.tokenId)).fetchSockets())
        if (socket.data.principal?.privacy !== c.config.privacy) socket.disconnect(true);
    }
  }

  /**
   * Unit rooms below a path that have sockets (a publication reaches the walls of every
   * unit of its bureau). While presence is unknown (Redis restarted or flushed, and the nodes
   * have not all said again which rooms they hold), every unit room below the path.
   */
  private occupiedUnitRoomsWithin(unitPath: string): string[] {
    if (!this.occupied) return this.data.unitsWithin(this.scopeOfPath(unitPath)).map(unitRoom);
    const out = new Set<string>();
    for (const name of this.occupied) {
      const room = name.split('~')[0];
      const code = scopeOfRoom(room);
      if (code !== null && this.data.pathOf(code).startsWith(unitPath)) out.add(room);
    }
    return [...out];
  }

  /** The copies of a room that have sockets: as is, and masked for each privacy mode. */
  private variantsOf(room: string): { name: string; mode: PrivacyMode }[] {
    const all = [
      { name: room, mode: 'off' as const },
      ...MASKED_MODES.map((mode) => ({ name: privateRoom(room, mode), mode })),
    ];
    return this.occupied ? all.filter((v) => this.occupied!.has(v.name)) : all;
  }

  /** One message to a room and to its masked copies: names are masked before they leave the server. */
  private emit<E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void {
    const ns = this.live.namespace;
    for (const v of this.variantsOf(room))
      ns?.to(v.name).emit(
        event,
        ...([v.mode === 'off' ? payload : this.data.mask(event, payload, v.mode)] as never),
      );
  }

  private scopeOfPath(path: string): string | null {
    const parts = path.split('/').filter(Boolean);
    return parts.length ? parts[parts.length - 1] : null;
  }

  /**
   * Coalesced state messages: a burst of a thousand changes yields one leaderboard per room
   * per LEADERBOARD_WINDOW_MS, and the day's rates once per RATES_WINDOW_MS.
   */
  private async sendStale(): Promise<void> {
    if (this.loop.isStopped) return;
    for (const kind of ['leaderboard', 'rates'] as const) {
      const rooms = this.stale[kind];
      if (!rooms.size) continue;
      const wait = this.sentAt[kind] + WINDOW[kind] - Date.now();
      if (wait > 0) {
        this.due[kind] ??= setTimeout(() => {
          this.due[kind] = null;
          this.kick();
        }, wait);
        continue;
      }
      const list = [...rooms];
      rooms.clear();
      this.sentAt[kind] = Date.now();
      for (const room of list) {
        try {
          const scope = scopeOfRoom(room);
          if (kind === 'rates') {
            this.emit(room, 'rates', { seq: this.cursor, ...(await this.data.rates(scope)) });
            continue;
          }
          const boards = await this.data.leaderboards(scope);
          for (const [by, rows] of [
            ['officer', boards.officers],
            ['unit', boards.units],
          ] as const)
            this.emit(room, 'leaderboard', { seq: this.cursor, period: boards.period, scope, by, rows });
        } catch (e) {
          this.logger.warn(`${kind} for ${room}: ${(e as Error).message}`);
        }
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    for (const t of Object.values(this.due)) if (t) clearTimeout(t);
    await this.loop.stop();
    for (const t of Object.values(this.due)) if (t) clearTimeout(t);
  }
}
