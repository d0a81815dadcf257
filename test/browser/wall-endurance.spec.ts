import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { browserEnv } from './browser-env';
import { driveWall, growthPerHour, heapAfterGc, seedDriveBureau } from './wall-drive';

/** DESIGN.md: the wall runs for hours without growing; ten minutes here, two hours in bench/. */
const MINUTES = 10;
const WARM_UP_MS = 60_000;

test(`ten live updates a second for ${MINUTES} minutes: the heap after GC grows less than 10 MB`, async ({
  page,
}, info) => {
  test.setTimeout((MINUTES + 4) * 60_000);
  const env = browserEnv();
  const { badges, unitCode, wallToken } = await seedDriveBureau(env, 'WE', '耐久测试', 930000, 20);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${env.url}/wall?token=${wallToken}`);
  await expect(page.getByTestId('wall-connection').first()).toHaveAttribute('data-state', 'live');

  // Warm up: lists fill to their bounds, fonts and charts settle.
  await driveWall(page, env, {
    badges,
    unitCode,
    perSecond: 10,
    minutes: WARM_UP_MS / 60_000,
    sampleEveryMinutes: 10,
  });
  const baseline = await heapAfterGc(page);
  const { samples, perSecond } = await driveWall(page, env, {
    badges,
    unitCode,
    perSecond: 10,
    minutes: MINUTES,
    sampleEveryMinutes: 1,
    onSample: (s) =>
      console.log(`wall heap after GC at ${s.minute.toFixed(1)} min: ${s.usedMB.toFixed(2)} MB`),
  });
  const last = samples[samples.length - 1].usedMB;
  const report = {
    minutes: MINUTES,
    askedPerSecond: 10,
    perSecond,
    baselineMB: baseline,
    lastMB: last,
    growthMBPerHour: growthPerHour(samples),
    samples,
  };
  writeFileSync(info.outputPath('wall-heap.json'), JSON.stringify(report, null, 2));
  console.log(
    `wall heap: ${baseline.toFixed(2)} → ${last.toFixed(2)} MB, ${report.growthMBPerHour.toFixed(2)} MB/h` +
      ` at ${perSecond.toFixed(1)} updates/s`,
  );
  // Ten a second is the load asked for: a loop that fell far behind would not have tested it.
  expect(perSecond).toBeGreaterThan(9);
  await expect(page.getByTestId('wall-connection').first()).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('ticker-item').first()).toBeVisible();
  expect(last - baseline).toBeLessThan(10);
});
