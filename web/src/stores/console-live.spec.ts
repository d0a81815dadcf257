import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { alert } from '../test/alerts';
import { fakeApi } from '../test/fake-api';
import { useConsoleLiveStore } from './console-live';
import { useInboxStore } from './inbox';
import { useProblemStore } from './problem';

const counts = { open: 1, acknowledged: 0, overdue: 0, today: { raised: 1, cleared: 0 } };
const snapshot = (reason: 'initial' | 'too_far_behind', alerts = [alert()]) => ({
  seq: 90,
  reason,
  period: '2026-11',
  officers: [],
  units: [],
  alerts,
  counts,
});

describe('console live store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('passes on only the highest version of a problem, whatever order versions arrive in', () => {
    fakeApi({});
    const live = useConsoleLiveStore();
    const inbox = useInboxStore();
    live.handlers.alert({ seq: 3, alert: alert({ version: 3, status: 'rectifying' }), counts }, false);
    live.handlers.alert({ seq: 4, alert: alert({ version: 2, status: 'acknowledged' }), counts }, false);
    live.handlers.alert({ seq: 5, alert: alert({ version: 3, status: 'acknowledged' }), counts }, false);
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0].status).toBe('rectifying');
    expect(live.accept(alert({ version: 3 }))).toBe(false);
    expect(live.accept(alert({ version: 4 }))).toBe(true);
  });

  it('a snapshot after a long disconnection brings the missed problems in and refetches the inbox', async () => {
    const missed = alert({ id: 'missed', subject: { kind: 'case', ref: 'C-MISSED' }, version: 2 });
    const { calls } = fakeApi({ 'GET /api/alerts': { items: [missed, alert()], nextCursor: null } });
    const live = useConsoleLiveStore();
    const inbox = useInboxStore();
    live.handlers.snapshot(snapshot('too_far_behind', [missed]));
    // At once, without waiting for the refetch:
    expect(inbox.items.map((a) => a.id)).toEqual(['missed']);
    expect(live.resyncs).toBe(1);
    expect(live.counts).toEqual(counts);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.some((c) => c.path.startsWith('/api/alerts'))).toBe(true);
    expect(inbox.items.map((a) => a.id).sort()).toEqual(['a1', 'missed']);
  });

  it('an initial snapshot does not refetch what the page just loaded', () => {
    const { calls } = fakeApi({});
    useConsoleLiveStore().handlers.snapshot(snapshot('initial'));
    expect(calls).toEqual([]);
  });

  it('an update to the problem on screen changes the page, and an older one does not', async () => {
    fakeApi({
      'GET /api/alerts/a1': { ...alert({ version: 5, status: 'rectified' }), timeline: [], obligations: [] },
    });
    const problem = useProblemStore();
    await problem.open('a1');
    const live = useConsoleLiveStore();
    live.handlers.alert({ seq: 9, alert: alert({ version: 4, status: 'rectifying' }), counts }, false);
    expect(problem.current?.status).toBe('rectified');
    live.handlers.alert(
      { seq: 10, alert: alert({ version: 6, status: 'closed', resolution: 'verified' }), counts },
      false,
    );
    expect(problem.current?.status).toBe('closed');
    expect(problem.current?.resolution).toBe('verified');
  });

  it('takes the bureau time zone from the hello message', () => {
    const live = useConsoleLiveStore();
    live.handlers.hello({ seq: 1, scope: null, role: 'admin', serverTime: '', timeZone: 'Asia/Urumqi' });
    expect(live.timeZone).toBe('Asia/Urumqi');
  });
});
