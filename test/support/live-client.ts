import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type ScoreChange,
  type ServerToClientEvents,
} from '@jifen/shared';
import { io, type Socket } from 'socket.io-client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Received {
  event: keyof ServerToClientEvents;
  /** Every message but `notification` carries a seq. */
  msg: { seq: number } & Record<string, unknown>;
}

/** Messages carrying a whole state: they may share the seq of the changes they summarise. */
const STATE_EVENTS = new Set<keyof ServerToClientEvents>(['leaderboard', 'rates']);
const UNSEQUENCED = new Set<keyof ServerToClientEvents>(['hello', 'notification']);

/** One score change as a wall tells it apart from every other. */
export const changeKey = (c: ScoreChange) => `${c.badgeNo}|${c.ruleId}|${c.at}|${c.delta}|${c.period}`;

/**
 * A live client that records every message, for asserting on what a wall would see. Like the
 * wall (web/src/realtime/seq-gate.ts) it applies a sequenced message only when its seq is past
 * the last one applied, and resumes from that seq when it reconnects. It checks what it applied
 * itself: `duplicates()` names score changes or raised problems applied twice (the replay and
 * the live feed overlapping past the seq gate), `gaps(expected)` the changes that never arrived.
 */
export class LiveClient {
  readonly socket: LiveSocket;
  readonly received: Received[] = [];
  /** What a wall applies: snapshots, and sequenced messages past the last seq applied. */
  readonly applied: Received[] = [];
  /** Sequenced messages already covered by what was applied (a replay's overlap with the live feed). */
  readonly dropped: Received[] = [];
  lastSeq = 0;
  private readonly appliedChanges = new Map<string, number>();

  constructor(
    url: string,
    private readonly token: string,
    private readonly auth: Record<string, unknown> = {},
  ) {
    this.socket = io(url + LIVE_NAMESPACE, {
      auth: { token, ...auth },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    // One recorder for every event; the typed map has a different payload per event.
    const untyped = this.socket as unknown as { on(e: string, f: (m: Received['msg']) => void): void };
    for (const event of [
      'hello',
      'snapshot',
      'score.changed',
      'leaderboard',
      'alert.raised',
      'alert.updated',
      'notification',
      'rates',
      'wall.config',
      'publication.published',
    ] as const) {
      untyped.on(event, (msg) => this.record({ event, msg }));
    }
  }

  private record(received: Received): void {
    let r = received;
    this.received.push(r);
    if (UNSEQUENCED.has(r.event)) return;
    const seq = r.msg.seq;
    if (r.event === 'snapshot') {
      this.lastSeq = seq;
      // A snapshot carries totals: the changes before it no longer need to be told apart.
      this.appliedChanges.clear();
    } else if (STATE_EVENTS.has(r.event) ? seq < this.lastSeq : seq <= this.lastSeq) {
      this.dropped.push(r);
      return;
    } else if (!STATE_EVENTS.has(r.event)) {
      const applied = this.lastSeq;
      this.lastSeq = seq;
      // A merged message may begin with rows a replay already applied: like the wall, keep the rest.
      if (r.event === 'score.changed') {
        const all = (r.msg as unknown as { changes: ScoreChange[] }).changes;
        const fresh = all.filter((c) => c.seq === undefined || c.seq > applied);
        if (fresh.length < all.length) r = { event: r.event, msg: { ...r.msg, changes: fresh } };
      }
    }
    this.applied.push(r);
    if (r.event === 'alert.raised') {
      const k = `alert:${(r.msg as unknown as { alert: { id: string } }).alert.id}`;
      this.appliedChanges.set(k, (this.appliedChanges.get(k) ?? 0) + 1);
    }
    if (r.event === 'score.changed')
      for (const c of (r.msg as unknown as { changes: ScoreChange[] }).changes) {
        const k = changeKey(c);
        this.appliedChanges.set(k, (this.appliedChanges.get(k) ?? 0) + 1);
      }
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  /** Drops the connection as a network cut would; `reconnect()` resumes after `lastSeq`. */
  disconnect(): void {
    this.socket.disconnect();
  }

  /**
   * Like the wall, connects again by itself when the server closes the connection (it does so
   * to make walls catch up after losing Redis), resuming after the last seq applied.
   */
  resumeWhenDropped(): this {
    this.socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect')
        setTimeout(() => void this.reconnect().catch(() => undefined), 200);
    });
    return this;
  }

  /** Connects again, asking in the handshake for everything after the last seq applied. */
  async reconnect(): Promise<void> {
    this.socket.auth = { token: this.token, ...this.auth, afterSeq: this.lastSeq };
    this.socket.connect();
    await this.connected();
  }

  of(event: keyof ServerToClientEvents) {
    return this.received.filter((r) => r.event === event).map((r) => r.msg);
  }

  /** Score changes applied since the last snapshot, in order. */
  changes(): ScoreChange[] {
    const out: ScoreChange[] = [];
    let since = 0;
    this.applied.forEach((r, i) => r.event === 'snapshot' && (since = i + 1));
    for (const r of this.applied.slice(since))
      if (r.event === 'score.changed') out.push(...(r.msg as unknown as { changes: ScoreChange[] }).changes);
    return out;
  }

  /** Problems raised since the last snapshot, in the order applied. */
  alertIds(): string[] {
    let since = 0;
    this.applied.forEach((r, i) => r.event === 'snapshot' && (since = i + 1));
    return this.applied
      .slice(since)
      .filter((r) => r.event === 'alert.raised')
      .map((r) => (r.msg as unknown as { alert: { id: string } }).alert.id);
  }

  /** Changes (and raised problems) applied more than once since the last snapshot: each would count twice on the wall. */
  duplicates(): string[] {
    return [...this.appliedChanges].filter(([, n]) => n > 1).map(([k]) => k);
  }

  /** Which of the expected changes (by `changeKey`) were never applied. */
  gaps(expected: Iterable<string>): string[] {
    return [...expected].filter((k) => !this.appliedChanges.has(k));
  }

  /** Waits until a message matching the predicate has arrived. */
  async waitFor(
    event: keyof ServerToClientEvents,
    pred: (msg: Received['msg']) => boolean = () => true,
    timeoutMs = 5000,
  ) {
    const start = Date.now();
    for (;;) {
      const hit = this.of(event).find(pred);
      if (hit) return hit;
      if (Date.now() - start > timeoutMs)
        throw new Error(
          `no ${event} within ${timeoutMs} ms; got ${this.received.map((r) => r.event).join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.disconnect();
  }
}

/**
 * A bare live socket, connected, for tests that send the server what no wall would (hostile
 * or excessive messages) and so must not go through LiveClient's typed events.
 */
export async function openSocket(url: string, token: string): Promise<Socket> {
  const socket: Socket = io(url + LIVE_NAMESPACE, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}
