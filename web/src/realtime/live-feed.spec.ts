import { describe, expect, it, vi } from 'vitest';
import { change } from '../views/wall/wall-fixtures';
import { FakeSocket } from './fake-socket';
import { LiveFeed, type LiveHandlers } from './live-feed';

const handlers = (): LiveHandlers & Record<string, ReturnType<typeof vi.fn>> =>
  ({
    snapshot: vi.fn(),
    scoreChanged: vi.fn(),
    leaderboard: vi.fn(),
    alert: vi.fn(),
    state: vi.fn(),
    rates: vi.fn(),
    wallConfig: vi.fn(),
  }) as never;

describe('LiveFeed', () => {
  it('drops a message it has already applied, and anything older, replayed or not', () => {
    const sock = new FakeSocket();
    const h = handlers();
    new LiveFeed('jfd_t', h, sock.factory());
    sock.serverSends('score.changed', { seq: 10, changes: [change('1', 1, 1)] });
    sock.serverSends('score.changed', { seq: 10, changes: [change('1', 1, 1)] });
    sock.serverSends('score.changed', { seq: 9, changes: [change('1', 1, 1)] });
    sock.serverSends('wall.config', { seq: 8, tokenId: 't', version: 2, config: {} });
    expect(h.scoreChanged).toHaveBeenCalledTimes(1);
    expect(h.wallConfig).not.toHaveBeenCalled();
    // State messages may carry the seq of the changes they summarise.
    sock.serverSends('rates', { seq: 10, scope: null, rates: {} });
    sock.serverSends('rates', { seq: 9, scope: null, rates: {} });
    expect(h.rates).toHaveBeenCalledTimes(1);
  });

  it('applies only the changes of rows past the last seq when a merged message overlaps a replay', () => {
    const sock = new FakeSocket();
    const h = handlers();
    new LiveFeed('jfd_t', h, sock.factory());
    sock.serverSends('score.changed', { seq: 12, changes: [{ ...change('1', 1, 1), seq: 12 }] });
    const old = { ...change('1', 1, 1), seq: 11 };
    const fresh = { ...change('2', 2, 2), seq: 14 };
    sock.serverSends('score.changed', { seq: 14, changes: [old, fresh] });
    expect(h.scoreChanged).toHaveBeenCalledTimes(2);
    expect(h.scoreChanged).toHaveBeenLastCalledWith({ seq: 14, changes: [fresh] });
  });

  it('resumes after a reconnect from the last seq it applied, not on the first connection', () => {
    const sock = new FakeSocket();
    new LiveFeed('jfd_t', handlers(), sock.factory());
    expect(sock.auth!()).toEqual({ token: 'jfd_t' });
    sock.serverSends('connect');
    sock.serverSends('snapshot', { seq: 40, reason: 'initial', officers: [], units: [], alerts: [] });
    sock.serverSends('score.changed', { seq: 42, changes: [] });
    sock.serverSends('disconnect');
    expect(sock.auth!()).toEqual({ token: 'jfd_t', afterSeq: 42 });
  });

  it('reports connection states, reconnection attempts and a refused token', () => {
    const sock = new FakeSocket();
    const h = handlers();
    new LiveFeed('jfd_t', h, sock.factory());
    expect(h.state).toHaveBeenLastCalledWith('connecting');
    sock.serverSends('connect');
    expect(h.state).toHaveBeenLastCalledWith('live');
    sock.serverSends('disconnect');
    sock.managerSays('reconnect_attempt', 2);
    expect(h.state).toHaveBeenLastCalledWith('reconnecting', undefined, 2);
    sock.serverSends(
      'connect_error',
      Object.assign(new Error('revoked'), { data: { code: 'AUTH.UNAUTHORIZED' } }),
    );
    expect(h.state).toHaveBeenLastCalledWith('denied', 'revoked');
    expect(sock.disconnected).toBe(true);
  });

  it('close() removes every listener it added and disconnects: nothing reaches the handlers after', () => {
    const sock = new FakeSocket();
    const h = handlers();
    const feed = new LiveFeed('jfd_t', h, sock.factory());
    expect(sock.listenerCount).toBeGreaterThan(0);
    feed.close();
    expect(sock.listenerCount).toBe(0);
    expect(sock.disconnected).toBe(true);
    sock.serverSends('score.changed', { seq: 99, changes: [] });
    expect(h.scoreChanged).not.toHaveBeenCalled();
  });
});
