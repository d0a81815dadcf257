import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { guard, homeOf, router } from './router';
import { useSessionStore } from './stores/session';

const as = (role: 'admin' | 'supervisor' | 'officer') => {
  useSessionStore().user = {
    id: 'u',
    username: role,
    role,
    unitCode: null,
    badgeNo: role === 'officer' ? '100001' : null,
  };
};
const to = (path: string) => router.resolve(path);

describe('console routes', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('sends an anonymous deep link to the login page and keeps the link', () => {
    expect(guard(to('/console/problems/abc'))).toEqual({
      name: 'login',
      query: { redirect: '/console/problems/abc' },
    });
  });

  it('lets each role open its pages and sends it home from others', () => {
    as('officer');
    expect(guard(to('/console/me'))).toBe(true);
    expect(guard(to('/console/problems/abc'))).toBe(true);
    expect(guard(to('/console/admin/rules'))).toEqual({ name: 'me' });
    as('supervisor');
    expect(guard(to('/console/leaderboard?period=2026-Q4'))).toBe(true);
    expect(guard(to('/console/admin/users'))).toEqual({ name: 'inbox' });
    expect(guard(to('/console/admin/tokens'))).toBe(true);
    as('admin');
    expect(guard(to('/console/admin/rules'))).toBe(true);
    expect(homeOf('officer')).toBe('me');
  });

  it('lets every console role read publications, only administrators change their settings', () => {
    for (const role of ['officer', 'supervisor', 'admin'] as const) {
      as(role);
      expect(guard(to('/console/publications'))).toBe(true);
      expect(guard(to('/console/publications/monthly/2026-10?version=2'))).toBe(true);
    }
    as('supervisor');
    expect(guard(to('/console/admin/publications'))).toEqual({ name: 'inbox' });
    as('admin');
    expect(guard(to('/console/admin/publications'))).toBe(true);
  });

  it('opens the public publication pages without a login', () => {
    expect(guard(to('/publications'))).toBe(true);
    const page = to('/publications/quarterly/2026-Q3');
    expect(page.name).toBe('public-publication');
    expect(guard(page)).toBe(true);
    expect(to('/publications/weekly/2026-10').name).not.toBe('public-publication');
  });
});
