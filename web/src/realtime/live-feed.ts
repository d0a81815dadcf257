import {
  LIVE_NAMESPACE,
  type AlertMessage,
  type ClientToServerEvents,
  type HelloMessage,
  type LeaderboardMessage,
  type NotificationMessage,
  type PublicationPublishedMessage,
  type RatesMessage,
  type ScoreChangedMessage,
  type ServerToClientEvents,
  type SnapshotMessage,
  type WallConfigMessage,
} from '@jifen/shared';
import { io, type Socket } from 'socket.io-client';
import { SeqGate } from './seq-gate';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'denied';

export interface LiveHandlers {
  snapshot(msg: SnapshotMessage): void;
  scoreChanged(msg: ScoreChangedMessage): void;
  leaderboard(msg: LeaderboardMessage): void;
  alert(msg: AlertMessage, raised: boolean): void;
  /** `detail`: why (an error, a refusal); `attempt`: the reconnection attempt under way. */
  state(state: ConnectionState, detail?: string, attempt?: number): void;
  hello?(msg: HelloMessage): void;
  rates?(msg: RatesMessage): void;
  wallConfig?(msg: WallConfigMessage): void;
  /** The person's own notification; not sequenced with the outbox (the inbox is the record). */
  notification?(msg: NotificationMessage): void;
  publication?(msg: PublicationPublishedMessage): void;
}

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SocketFactory = (auth: () => Record<string, unknown>) => LiveSocket;

/**
 * Reconnection backs off from 1 s to 20 s with jitter, so a bureau's walls coming back
 * after a server restart do not all knock at the same instant.
 */
export const RECONNECT = { reconnectionDelay: 1000, reconnectionDelayMax: 20_000, randomizationFactor: 0.5 };

const defaultFactory: SocketFactory = (auth) =>
  io(LIVE_NAMESPACE, { auth: (cb) => cb(auth()), transports: ['websocket'], ...RECONNECT });

/**
 * One live connection: authenticates with the token, resumes from the last seq it applied
 * after every reconnect (the handshake carries `afterSeq`, so the server replays before any
 * new message can overtake), and drops anything already seen.
 */
export class LiveFeed {
  readonly gate = new SeqGate();
  private readonly socket: LiveSocket;
  private everConnected = false;
  private closed = false;
  private onAttempt: ((attempt: number) => void) | null = null;

  constructor(token: string, handlers: LiveHandlers, factory: SocketFactory = defaultFactory) {
    this.socket = factory(() => (this.everConnected ? { token, afterSeq: this.gate.lastSeq } : { token }));
    const s = this.socket;
    handlers.state('connecting');
    s.on('connect', () => {
      this.everConnected = true;
      handlers.state('live');
    });
    s.on('disconnect', () => {
      if (!this.closed) handlers.state('reconnecting');
    });
    s.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (err.data?.code?.startsWith('AUTH')) {
        handlers.state('denied', err.message);
        s.disconnect();
      } else handlers.state('reconnecting', err.message);
    });
    this.onAttempt = (attempt: number) => handlers.state('reconnecting', undefined, attempt);
    s.io?.on('reconnect_attempt', this.onAttempt);
    s.on('hello', (m) => handlers.hello?.(m));
    s.on('snapshot', (m) => this.gate.accept('snapshot', m.seq) && handlers.snapshot(m));
    s.on('score.changed', (m) => {
      const applied = this.gate.lastSeq;
      if (!this.gate.accept('score.changed', m.seq)) return;
      // A merged message may begin with rows a replay already applied: only the rest is new.
      const fresh = m.changes.filter((c) => c.seq === undefined || c.seq > applied);
      if (fresh.length)
        handlers.scoreChanged(fresh.length === m.changes.length ? m : { ...m, changes: fresh });
    });
    s.on('leaderboard', (m) => this.gate.accept('leaderboard', m.seq) && handlers.leaderboard(m));
    s.on('alert.raised', (m) => this.gate.accept('alert.raised', m.seq) && handlers.alert(m, true));
    s.on('alert.updated', (m) => this.gate.accept('alert.updated', m.seq) && handlers.alert(m, false));
    s.on('rates', (m) => this.gate.accept('rates', m.seq) && handlers.rates?.(m));
    s.on('wall.config', (m) => this.gate.accept('wall.config', m.seq) && handlers.wallConfig?.(m));
    s.on('notification', (m) => handlers.notification?.(m));
    s.on(
      'publication.published',
      (m) => this.gate.accept('publication.published', m.seq) && handlers.publication?.(m),
    );
  }

  /** Stops for good: every listener removed, the socket closed, no reconnection. */
  close(): void {
    this.closed = true;
    if (this.onAttempt) this.socket.io?.off('reconnect_attempt', this.onAttempt);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
