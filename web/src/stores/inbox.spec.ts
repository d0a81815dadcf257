import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { alert } from '../test/alerts';
import { fakeApi } from '../test/fake-api';
import { useInboxStore } from './inbox';
import { useOrgStore } from './org';

const at = (minute: number) => `2026-11-23T02:${String(minute).padStart(2, '0')}:00.000Z`;

describe('inbox store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('puts a new problem in date order and replaces a known one in place', () => {
    const inbox = useInboxStore();
    inbox.items = [alert({ id: 'c', detectedAt: at(30) }), alert({ id: 'a', detectedAt: at(10) })];
    inbox.apply(alert({ id: 'b', detectedAt: at(20) }));
    expect(inbox.items.map((a) => a.id)).toEqual(['c', 'b', 'a']);
    inbox.apply(alert({ id: 'b', detectedAt: at(20), version: 2, status: 'acknowledged', ackBy: 'sup-a' }));
    expect(inbox.items[1].ackBy).toBe('sup-a');
    inbox.apply(alert({ id: 'b', detectedAt: at(20), version: 1 }));
    expect(inbox.items[1].version).toBe(2);
  });

  it('drops a problem that no longer matches the filter, and ignores one that never did', () => {
    const inbox = useInboxStore();
    inbox.filter.status = 'open';
    inbox.items = [alert()];
    inbox.apply(alert({ version: 2, status: 'acknowledged' }));
    expect(inbox.items).toEqual([]);
    inbox.filter.severity = 'critical';
    inbox.apply(alert({ id: 'w', severity: 'warning' }));
    expect(inbox.items).toEqual([]);
  });

  it('filters live problems by the unit subtree from the tree', async () => {
    fakeApi({
      'GET /api/units': [
        {
          code: 'B1',
          name: '局',
          kind: 'bureau',
          parentCode: null,
          children: [
            {
              code: 'S1',
              name: '城关',
              kind: 'station',
              parentCode: 'B1',
              children: [{ code: 'S1-A', name: '一中队', kind: 'squad', parentCode: 'S1', children: [] }],
            },
            { code: 'S2', name: '东城', kind: 'station', parentCode: 'B1', children: [] },
          ],
        },
      ],
      'GET /api/officers': [],
    });
    await useOrgStore().load();
    const inbox = useInboxStore();
    inbox.filter.unitCode = 'S1';
    inbox.apply(alert({ id: 'in-squad', unitCode: 'S1-A' }));
    inbox.apply(alert({ id: 'elsewhere', unitCode: 'S2' }));
    expect(inbox.items.map((a) => a.id)).toEqual(['in-squad']);
  });

  it('leaves an older problem to "load more" when more pages exist', () => {
    const inbox = useInboxStore();
    inbox.items = [alert({ id: 'new', detectedAt: at(30) })];
    inbox.nextCursor = 'x';
    inbox.apply(alert({ id: 'old', detectedAt: at(5) }));
    expect(inbox.items.map((a) => a.id)).toEqual(['new']);
  });

  it('acknowledges at the version on screen', async () => {
    const { calls } = fakeApi({
      'POST /api/alerts/a1/ack': alert({ version: 2, status: 'acknowledged', ackBy: 'me' }),
    });
    const inbox = useInboxStore();
    inbox.items = [alert()];
    await inbox.acknowledge(inbox.items[0]);
    expect(calls[0].body).toEqual({ version: 1 });
    expect(inbox.items[0].status).toBe('acknowledged');
  });
});
