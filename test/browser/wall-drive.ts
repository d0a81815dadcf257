import type { Page } from '@playwright/test';
import { call, type BrowserEnv } from './browser-env';

export interface HeapSample {
  /** Minutes since the measured run started. */
  minute: number;
  /** JS heap in use after a full garbage collection, in MB. */
  usedMB: number;
}

/** JS heap in use after a forced garbage collection (Chromium DevTools protocol). */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 1024 / 1024;
  } finally {
    await cdp.detach();
  }
}

/** A bureau with one station of `count` officers and a display token on the bureau, for driving a wall. */
export async function seedDriveBureau(
  env: BrowserEnv,
  code: string,
  name: string,
  badgeBase: number,
  count: number,
): Promise<{ badges: string[]; unitCode: string; wallToken: string }> {
  const badges = Array.from({ length: count }, (_, i) => String(badgeBase + i));
  const unitCode = `${code}-1`;
  await call(
    env,
    'POST',
    '/api/org/import',
    {
      units: [
        { code, name: `${name}局`, kind: 'bureau' },
        { code: unitCode, name: `${name}派出所`, kind: 'station', parentCode: code },
      ],
      officers: badges.map((badgeNo, i) => ({ badgeNo, name: `${name}${i}`, unitCode })),
    },
    env.adminToken,
  );
  const wall = await call<{ token: string }>(
    env,
    'POST',
    '/api/tokens',
    { kind: 'display', unitCode: code, label: name },
    env.adminToken,
  );
  return { badges, unitCode, wallToken: wall.token };
}

export interface DriveOptions {
  /** Officers (badge numbers) in `unitCode` to score. */
  badges: string[];
  unitCode: string;
  /** Live updates per second (one scored event each). */
  perSecond: number;
  minutes: number;
  sampleEveryMinutes: number;
  onSample?: (s: HeapSample) => void;
}

/**
 * Drives a wall for `minutes` with `perSecond` scored events a second through the real
 * ingest API (so every message is the real relay's), raising and dismissing a problem
 * every few seconds, and samples the page's heap after GC along the way. Bounded in time
 * and count; stops by itself.
 */
export async function driveWall(
  page: Page,
  env: BrowserEnv,
  o: DriveOptions,
): Promise<{ samples: HeapSample[]; perSecond: number }> {
  const samples: HeapSample[] = [];
  const started = Date.now();
  const end = started + o.minutes * 60_000;
  let n = 0;
  let nextSample = started;
  const problems: string[] = [];
  while (Date.now() < end) {
    if (Date.now() >= nextSample) {
      const s = { minute: (Date.now() - started) / 60_000, usedMB: await heapAfterGc(page) };
      samples.push(s);
      o.onSample?.(s);
      nextSample += o.sampleEveryMinutes * 60_000;
    }
    // Events fall due on a fixed schedule; when the machine is busy and a request is slow,
    // the ones that fell due meanwhile go together in the next batch, so the wall still gets
    // the asked rate instead of the loop's round trip deciding it.
    const due = Math.max(1, Math.floor(((Date.now() - started) * o.perSecond) / 1000) + 1 - n);
    const batch = Array.from({ length: due }, (_, k) => {
      const i = n + k;
      const ref = `DRV-${started}-${i}`;
      return { ref, i, problem: i % (o.perSecond * 5) === 0 };
    });
    await call(
      env,
      'POST',
      '/api/events',
      {
        events: batch.map(({ ref, i, problem }) => ({
          eventId: ref,
          type: problem ? 'case.overturned' : 'case.filed',
          occurredAt: new Date().toISOString(),
          unitCode: o.unitCode,
          subject: { kind: 'case', ref },
          officers: [{ badgeNo: o.badges[i % o.badges.length], role: 'primary' }],
          data: {},
        })),
      },
      env.ingestToken,
    );
    const raised = new Set(batch.filter((b) => b.problem).map((b) => b.ref));
    if (raised.size) {
      const page1 = await call<{ items: { id: string; subject: { ref: string } }[] }>(
        env,
        'GET',
        `/api/alerts?unitCode=${o.unitCode}&status=open&limit=20`,
        undefined,
        env.adminToken,
      );
      problems.push(...page1.items.filter((a) => raised.has(a.subject.ref)).map((a) => a.id));
      // The oldest open problem is dismissed: alert.updated messages, and the feed turns over.
      if (problems.length > 3)
        await call(
          env,
          'POST',
          `/api/alerts/${problems.shift()}/dismiss`,
          { reason: '测试驱动撤销' },
          env.adminToken,
        );
    }
    n += due;
    const next = started + (n * 1000) / o.perSecond;
    const wait = next - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  samples.push({ minute: (Date.now() - started) / 60_000, usedMB: await heapAfterGc(page) });
  // What was really sent: on a busy machine the loop can fall behind the asked rate.
  return { samples, perSecond: n / ((Date.now() - started) / 1000) };
}

/** Least-squares slope of the heap over time, in MB per hour. */
export function growthPerHour(samples: HeapSample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, x) => s + x.minute, 0) / n;
  const my = samples.reduce((s, x) => s + x.usedMB, 0) / n;
  const num = samples.reduce((s, x) => s + (x.minute - mx) * (x.usedMB - my), 0);
  const den = samples.reduce((s, x) => s + (x.minute - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}
