import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type LeaderboardMessage,
  type ScoreChangedMessage,
  type ServerToClientEvents,
  type SnapshotMessage,
  type AlertMessage,
} from '@jifen/shared';
import { io, type Socket } from 'socket.io-client';
import { SeqGate } from './seq-gate';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'denied';

export interface LiveHandlers {
  snapshot(msg: SnapshotMessage): void;
  scoreChanged(msg: ScoreChangedMessage): void;
  leaderboard(msg: LeaderboardMessage): void;
  alert(msg: AlertMessage, raised: boolean): void;
  state(state: ConnectionState, detail?: string): void;
}

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SocketFactory = (auth: () => Record<string, unknown>) => LiveSocket;

const defaultFactory: SocketFactory = (auth) =>
  io(LIVE_NAMESPACE, { auth: (cb) => cb(auth()), transports: ['websocket'], reconnectionDelayMax: 5000 });

/**
 * One live connection: authenticates with the token, resumes from the last seq it applied
 * after every reconnect (the handshake carries `afterSeq`, so the server replays before any
 * new message can overtake), and drops anything already seen.
 */
export class LiveFeed {
  readonly gate = new SeqGate();
  private readonly socket: LiveSocket;
  private everConnected = false;

  constructor(token: string, handlers: LiveHandlers, factory: SocketFactory = defaultFactory) {
    this.socket = factory(() => (this.everConnected ? { token, afterSeq: this.gate.lastSeq } : { token }));
    const s = this.socket;
    handlers.state('connecting');
    s.on('connect', () => {
      this.everConnected = true;
      handlers.state('live');
    });
    s.on('disconnect', () => handlers.state('reconnecting'));
    s.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (err.data?.code?.startsWith('AUTH')) {
        handlers.state('denied', err.message);
        s.disconnect();
      } else handlers.state('reconnecting', err.message);
    });
    s.on('snapshot', (m) => this.gate.accept('snapshot', m.seq) && handlers.snapshot(m));
    s.on('score.changed', (m) => this.gate.accept('score.changed', m.seq) && handlers.scoreChanged(m));
    s.on('leaderboard', (m) => this.gate.accept('leaderboard', m.seq) && handlers.leaderboard(m));
    s.on('alert.raised', (m) => this.gate.accept('alert.raised', m.seq) && handlers.alert(m, true));
    s.on('alert.updated', (m) => this.gate.accept('alert.updated', m.seq) && handlers.alert(m, false));
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
