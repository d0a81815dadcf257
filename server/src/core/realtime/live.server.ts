import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type ResumeAnswer,
  type ServerToClientEvents,
} from '@jifen/shared';
import type { Server as HttpServer } from 'node:http';
import { Namespace, Server, Socket } from 'socket.io';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../clock/clock';
import { RedisService } from '../redis/redis.service';
import { originAllowed } from '../http/security-headers';
import { LiveAuthenticator, type LivePrincipal } from './live-authenticator';
import { LiveData } from './live-hooks';
import {
  LIVE_KINDS,
  messagesFor,
  type Audience,
  type LiveMessage,
  type RecordedScoreChange,
} from './live-messages';
import { MessageRate, RateBook, connectionBurst, messageBurst } from './message-rate';
import { OutboxReader } from './outbox.reader';
import { RoomPresence } from './room-presence';
import { ROOM_ALL, officerRoom, privateRoom, tokenRoom, unitRoom } from './rooms';
import { TokenRevocations } from './token-revocations';

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { principal: LivePrincipal; token: string | undefined }
>;

/** The messages a client may send; anything else is answered as unknown. */
const CLIENT_MESSAGES = new Set<string>(['resume']);
const now = () => performance.now();

/**
 * The Socket.IO side of the live feed: handshake authentication, one room per scope, and
 * resume by sequence number. Broadcasts go through the Redis adapter, so a message the
 * relay emits on one node reaches sockets held by every node.
 */
@Injectable()
export class LiveServer implements OnModuleDestroy {
  private readonly logger = new Logger('live');
  private io: Server | null = null;
  private ns: LiveNamespace | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private rechecking = false;
  /** Connections per principal on this node: reconnecting in a loop must not replay the backlog without end. */
  private connections: RateBook | null = null;
  constructor(
    private readonly redis: RedisService,
    private readonly auth: LiveAuthenticator,
    private readonly data: LiveData,
    private readonly outbox: OutboxReader,
    private readonly clock: Clock,
    private readonly presence: RoomPresence,
    revocations: TokenRevocations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Through the Redis adapter: the token's sockets close on every node, not only this one.
    revocations.onRevoked((tokenId) => this.ns?.in(tokenRoom(tokenId)).disconnectSockets(true));
  }

  get namespace(): LiveNamespace | null {
    return this.ns;
  }

  attach(http: HttpServer): void {
    const pub = this.redis.connect('io-pub', { maxRetriesPerRequest: null });
    const sub = this.redis.connect('io-sub', { maxRetriesPerRequest: null });
    const perMinute = this.config.limits.liveMessagesPerMinute;
    this.connections = new RateBook(perMinute, connectionBurst(perMinute));
    const allowed = this.config.allowedOrigins;
    this.io = new Server(http, {
      // WebSockets are not covered by CORS: the handshake itself checks the page's origin.
      allowRequest: (req, callback) =>
        callback(null, originAllowed(req.headers.origin, req.headers, allowed)),
      cors: {
        origin: (origin, callback) => callback(null, origin === undefined || allowed.includes(origin)),
      },
      adapter: createAdapter(pub, sub, { key: `${this.redis.prefix}#live` }),
      pingInterval: 10_000,
      pingTimeout: 8_000,
    });
    const ns: LiveNamespace = this.io.of(LIVE_NAMESPACE);
    this.ns = ns;
    this.resyncAfterRedisLoss(sub, ns);
    // Gateways are not covered by HTTP guards: authenticate in the handshake itself.
    ns.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown })?.token ?? socket.handshake.query.token;
      this.auth
        .authenticate(typeof token === 'string' ? token : undefined)
        .then(async (principal) => {
          if (!this.connections!.take(principal.tokenId ?? `user:${principal.name}`, now())) {
            const err = new Error(
              `too many connections: at most ${perMinute} a minute (JIFEN_LIVE_MAX_MESSAGES_PER_MINUTE)`,
            ) as Error & { data?: unknown };
            err.data = { code: 'LIVE.RATE_LIMITED', messageZh: '连接过于频繁，请稍后再试' };
            return next(err);
          }
          (socket as LiveSocket).data.principal = {
            ...principal,
            privacy: await this.data.privacyOf(principal.tokenId),
          };
          (socket as LiveSocket).data.token = typeof token === 'string' ? token : undefined;
          next();
        })
        .catch((e: Error & { code?: string; messageZh?: string }) => {
          const err = new Error(e.message) as Error & { data?: unknown };
          err.data = { code: e.code ?? 'AUTH.UNAUTHORIZED', messageZh: e.messageZh };
          next(err);
        });
    });
    ns.on('connection', (socket) => void this.onConnection(socket as LiveSocket));
    this.recheckTimer = setInterval(
      () => void this.recheckTokens(),
      this.config.tokens.liveRecheckSeconds * 1000,
    );
    this.recheckTimer.unref();
    void this.presence.start().catch((e: Error) => this.logger.warn(`presence: ${e.message}`));
  }

  /**
   * While this node's subscriber was cut from Redis, messages the relay sent from another node
   * never reached its sockets, and nothing tells a socket so. When the subscriber is back, the
   * node closes its own sockets' connections: walls reconnect by themselves with the last seq
   * they applied and are replayed what they missed (or given a snapshot).
   */
  private resyncAfterRedisLoss(sub: { on(e: string, f: () => void): unknown }, ns: LiveNamespace): void {
    let lost = false;
    sub.on('close', () => (lost = true));
    sub.on('ready', () => {
      if (!lost) return;
      lost = false;
      this.logger.warn('Redis is back: live sockets on this node reconnect to catch up');
      ns.local.disconnectSockets(true);
    });
  }

  /**
   * A socket is authenticated once, at its handshake; a token that expires, is rotated out
   * or revoked (on another node too) while the socket stays open must not keep it streaming.
   * Only a refusal (401/403) closes a socket: a database hiccup does not disconnect every wall.
   */
  private async recheckTokens(): Promise<void> {
    if (this.rechecking || !this.ns) return;
    this.rechecking = true;
    // One check per token and pass: a wall open in several tabs costs one query.
    const refused = new Map<string | undefined, Promise<boolean>>();
    const isRefused = (token: string | undefined) =>
      this.auth.authenticate(token).then(
        () => false,
        (e: { status?: number }) => e.status === 401 || e.status === 403,
      );
    try {
      for (const socket of [...this.ns.sockets.values()] as LiveSocket[]) {
        if (!socket.connected) continue;
        const token = socket.data.token;
        if (!refused.has(token)) refused.set(token, isRefused(token));
        if (await refused.get(token)) socket.disconnect(true);
      }
    } finally {
      this.rechecking = false;
    }
  }

  /** A privacy wall joins the masked copy of its scope's room, and its token's room. */
  private roomsOf(p: LivePrincipal): string[] {
    if (p.role === 'officer' && p.badgeNo) return [officerRoom(p.badgeNo)];
    const scope = privateRoom(p.unitCode === null ? ROOM_ALL : unitRoom(p.unitCode), p.privacy);
    return p.tokenId ? [scope, tokenRoom(p.tokenId)] : [scope];
  }

  /** Sends stored or computed messages to one socket, masked for its wall's privacy mode. */
  private send(socket: LiveSocket, event: LiveMessage['event'], payload: unknown): void {
    const mode = socket.data.principal.privacy;
    socket.emit(event, (mode === 'off' ? payload : this.data.mask(event, payload as never, mode)) as never);
  }

  private async onConnection(socket: LiveSocket): Promise<void> {
    const p = socket.data.principal;
    const rooms = this.roomsOf(p);
    // Registered before anything is sent, so the relay cannot skip a message this socket needs.
    const ready = this.presence.join(rooms);
    // Listeners are attached before the first await: a message the client sends the moment it
    // is connected would otherwise find none and be dropped unanswered (and unlimited).
    socket.on('disconnect', () => void ready.then(() => this.presence.leave(rooms)).catch(() => undefined));
    const afterSeq = Number((socket.handshake.auth as { afterSeq?: unknown })?.afterSeq);
    this.limitMessages(socket);
    socket.on('resume', (req, answer) => {
      // A number, not anything Number() can coerce: "", null and true are not sequence numbers.
      const after = (req as { afterSeq?: unknown } | null)?.afterSeq;
      const reply = typeof answer === 'function' ? answer : () => undefined;
      if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) {
        reply({ ok: false, replayed: 0, error: 'afterSeq must be a non-negative integer' });
        return;
      }
      ready
        .then(() => this.resume(socket, rooms, after))
        .then(reply, (e: Error) => reply({ ok: false, replayed: 0, error: e.message }));
    });
    await ready;
    try {
      const seq = await this.outbox.publishedSeq();
      socket.emit('hello', {
        seq,
        scope: p.unitCode,
        role: p.role,
        serverTime: this.clock.nowIso(),
        timeZone: this.config.timeZone,
      });
      if (Number.isInteger(afterSeq) && afterSeq >= 0) await this.resume(socket, rooms, afterSeq);
      else {
        await socket.join(rooms);
        await this.sendSnapshot(socket, 'initial');
      }
    } catch (e) {
      this.logger.warn(`live connection setup failed: ${(e as Error).message}`);
      socket.disconnect(true);
    }
  }

  /**
   * Every message a client sends passes here first: one of a known kind, within the socket's
   * rate; a refused message with an answer callback is told why. A client that keeps sending
   * after a minute's worth of refusals is disconnected.
   */
  private limitMessages(socket: LiveSocket): void {
    const perMinute = this.config.limits.liveMessagesPerMinute;
    const rate = new MessageRate(perMinute, messageBurst(perMinute));
    socket.use((packet, next) => {
      const [event, ...args] = packet as unknown[];
      const last = args[args.length - 1];
      const reply = typeof last === 'function' ? (last as (a: ResumeAnswer) => void) : () => undefined;
      if (!rate.take(now())) {
        if (rate.refusedInRow >= perMinute) socket.disconnect(true);
        else
          reply({
            ok: false,
            replayed: 0,
            error: `rate limited: at most ${perMinute} messages a minute (JIFEN_LIVE_MAX_MESSAGES_PER_MINUTE)`,
          });
        return;
      }
      if (typeof event !== 'string' || !CLIENT_MESSAGES.has(event)) {
        reply({
          ok: false,
          replayed: 0,
          error: `unknown message ${JSON.stringify(String(event)).slice(0, 80)}: the live feed accepts ${[...CLIENT_MESSAGES].join(', ')}`,
        });
        return;
      }
      next();
    });
  }

  private async sendSnapshot(socket: LiveSocket, reason: 'initial' | 'too_far_behind'): Promise<void> {
    const p = socket.data.principal;
    const seq = await this.outbox.publishedSeq();
    const snap = await this.data.snapshot(
      p.role === 'officer' ? null : p.unitCode,
      p.role === 'officer' ? p.badgeNo : null,
    );
    this.send(socket, 'snapshot', { seq, reason, ...snap });
  }

  /** Who a principal's messages are for: an officer their own, everyone else their scope. */
  private audienceOf(p: LivePrincipal): Audience {
    return p.role === 'officer' && p.badgeNo
      ? { path: '/', badgeNo: p.badgeNo }
      : { path: p.scopePath, badgeNo: null };
  }

  /** Stored messages in (after, upTo] for a socket, built exactly as the relay builds them. */
  private async missed(
    socket: LiveSocket,
    after: number,
    upTo: number,
  ): Promise<{ tooFarBehind: boolean; messages: LiveMessage[] }> {
    const p = socket.data.principal;
    const audience = this.audienceOf(p);
    const { tooFarBehind, rows } = await this.outbox.between(
      after,
      upTo,
      audience.path,
      this.config.liveMaxReplay,
    );
    if (tooFarBehind) return { tooFarBehind, messages: [] };
    const changes = rows.flatMap((r) =>
      r.kind === LIVE_KINDS.score ? (r.payload as { changes: RecordedScoreChange[] }).changes : [],
    );
    if (changes.length) {
      await this.data.scoresChanged(
        [...new Set(changes.map((c) => c.badgeNo))],
        [...new Set(changes.map((c) => c.period))],
      );
      await this.data.prepare(changes);
    }
    const messages = await messagesFor(rows, audience, {
      describe: (c) => this.data.describe(c),
      counts: () =>
        p.role === 'officer' ? this.data.alertCounts(null, p.badgeNo) : this.data.alertCounts(p.unitCode),
    });
    return { tooFarBehind: false, messages };
  }

  /**
   * Replays what a client missed. The socket leaves its rooms while the stored rows are
   * sent, so live messages cannot overtake the replay, then rejoins and catches up on the
   * rows announced meanwhile.
   */
  private async resume(socket: LiveSocket, rooms: string[], afterSeq: number): Promise<ResumeAnswer> {
    for (const r of rooms) await socket.leave(r);
    let replayed = 0;
    try {
      // Everything committed, not only what the relay has announced yet: a message the relay
      // sends while the socket is out of its rooms is then in the replay (or its catch-up), and
      // the client drops the duplicate when the relay's copy arrives.
      let upTo = await this.outbox.maxSeq();
      const first = await this.missed(socket, afterSeq, upTo);
      if (first.tooFarBehind) {
        await socket.join(rooms);
        await this.sendSnapshot(socket, 'too_far_behind');
        return { ok: true, replayed: -1 };
      }
      for (const m of first.messages) this.send(socket, m.event, m.payload);
      replayed += first.messages.length;
      await socket.join(rooms);
      const from = upTo;
      upTo = await this.outbox.maxSeq();
      if (upTo > from) {
        const rest = await this.missed(socket, from, upTo);
        for (const m of rest.messages) this.send(socket, m.event, m.payload);
        replayed += rest.messages.length;
      }
      return { ok: true, replayed };
    } catch (e) {
      await socket.join(rooms);
      throw e;
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    if (!this.io) return;
    this.io.disconnectSockets(true);
    // close() also closes the HTTP server, which Nest closes itself: ignore "not running".
    await new Promise<void>((resolve) => this.io!.close(() => resolve()));
  }
}
