import type { CreatedToken, WallConfig, WallSettings } from '@jifen/shared';
import type { Page } from '@playwright/test';
import { call, type BrowserEnv } from './browser-env';

/** Ten-character unit names and four-character officer names: the longest a wall must fit. */
export const LONG_UNITS = [
  '经济技术开发区派出所',
  '高新技术产业园派出所',
  '城北新区滨江路派出所',
  '临港物流园区治安大队',
  '西部生态新城派出所甲',
  '铁路货运枢纽派出所乙',
];
export const LONG_NAMES = [
  '欧阳娜娜',
  '司马振华',
  '诸葛明亮',
  '上官婉儿',
  '慕容云海',
  '东方晓明',
  '皇甫嘉怡',
  '令狐子衿',
  '公孙策远',
  '长孙无忌',
  '尉迟敬德',
  '端木蓉蓉',
  '夏侯惇然',
  '宇文成都',
  '独孤求败',
  '西门吹雪',
];

export interface WallBureau {
  root: string;
  units: string[];
  badges: string[];
  token: CreatedToken;
}

let serial = 0;
const now = () => new Date().toISOString();

/** Posts events in batches the API accepts. */
export async function ingest(env: BrowserEnv, events: unknown[]): Promise<void> {
  for (let i = 0; i < events.length; i += 800)
    await call(env, 'POST', '/api/events', { events: events.slice(i, i + 800) }, env.ingestToken);
}

export const filedCase = (unitCode: string, badgeNo: string, tag = `${Date.now()}-${serial++}`) => {
  const ref = `WL-${tag}`;
  const base = { unitCode, occurredAt: now(), officers: [{ badgeNo, role: 'primary' }] };
  return [
    {
      ...base,
      eventId: `${ref}-a`,
      type: 'case.accepted',
      subject: { kind: 'case', ref },
      data: { caseKind: 'criminal' },
    },
    { ...base, eventId: `${ref}-f`, type: 'case.filed', subject: { kind: 'case', ref }, data: {} },
  ];
};

/**
 * A bureau of its own for one spec file (codes prefixed, so files never share rows):
 * long unit and officer names, four-digit scores, problems with names, a display token.
 */
export async function seedWallBureau(
  env: BrowserEnv,
  prefix: string,
  badgeBase: number,
): Promise<WallBureau> {
  const root = `${prefix}`;
  const units = LONG_UNITS.map((_, i) => `${prefix}-${i + 1}`);
  const badges = LONG_NAMES.map((_, i) => String(badgeBase * 100 + i));
  await call(
    env,
    'POST',
    '/api/org/import',
    {
      units: [
        { code: root, name: '长名测试市公安局', kind: 'bureau' },
        ...LONG_UNITS.map((name, i) => ({ code: units[i], name, kind: 'station', parentCode: root })),
      ],
      officers: LONG_NAMES.map((name, i) => ({
        badgeNo: badges[i],
        name,
        unitCode: units[i % units.length],
      })),
    },
    env.adminToken,
  );
  // 100 to 145 filed cases each: totals of 1000 to 1450 points.
  // Event ids are fixed, so seeding again (a retried worker) adds nothing.
  const events = badges.flatMap((b, i) =>
    Array.from({ length: 100 + 3 * i }, (_, k) => filedCase(units[i % units.length], b, `${b}-${k}`)).flat(),
  );
  await ingest(env, events);
  await ingest(
    env,
    badges.slice(0, 5).map((b, i) => ({
      eventId: `${prefix}-ov-${i}`,
      type: i % 2 ? 'complaint.substantiated' : 'case.overturned',
      occurredAt: now(),
      unitCode: units[i],
      subject: { kind: i % 2 ? 'complaint' : 'case', ref: `${prefix}-P${i}` },
      officers: [{ badgeNo: b, role: 'primary' }],
      data: {},
    })),
  );
  const token = await call<CreatedToken>(
    env,
    'POST',
    '/api/tokens',
    { kind: 'display', unitCode: root, label: `${prefix} wall` },
    env.adminToken,
  );
  return { root, units, badges, token };
}

export async function configureWall(
  env: BrowserEnv,
  tokenId: string,
  config: WallConfig,
): Promise<WallSettings> {
  return call<WallSettings>(env, 'PUT', `/api/walls/${tokenId}`, { config }, env.adminToken);
}

export interface TextBox {
  text: string;
  panel: string | null;
  /** The text's extent clipped by every ancestor that clips, the panel included. */
  box: { x: number; y: number; w: number; h: number };
  /** Where the text reaches inside its panel (clipped by everything below the panel). */
  reach: { x: number; y: number; w: number; h: number };
  panelBox: { x: number; y: number; w: number; h: number } | null;
  truncated: boolean;
  testid: string | null;
}

/**
 * Every piece of text a person can see on the wall, as boxes: the extent of the element's
 * own text nodes within the element's box, clipped by each ancestor that hides overflow,
 * on the panel sets shown.
 */
export function visibleTextBoxes(page: Page): Promise<TextBox[]> {
  return page.evaluate(() => {
    type R = { x: number; y: number; w: number; h: number };
    const inter = (a: R, b: R): R => {
      const x = Math.max(a.x, b.x);
      const y = Math.max(a.y, b.y);
      const w = Math.min(a.x + a.w, b.x + b.w) - x;
      const h = Math.min(a.y + a.h, b.y + b.h) - y;
      return { x, y, w: Math.max(0, w), h: Math.max(0, h) };
    };
    const rectOf = (r: DOMRect): R => ({ x: r.left, y: r.top, w: r.width, h: r.height });
    const out: TextBox[] = [];
    const root = document.querySelector<HTMLElement>('[data-testid=wall]')!;
    const screen: R = { x: 0, y: 0, w: window.innerWidth, h: window.innerHeight };
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
      const own = Array.from(el.childNodes).filter(
        (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim(),
      );
      if (!own.length) continue;
      const style = getComputedStyle(el);
      if (style.visibility !== 'visible' || style.display === 'none' || Number(style.opacity) === 0) continue;
      const range = document.createRange();
      let extent: R | null = null;
      for (const n of own) {
        range.selectNodeContents(n);
        const r = rectOf(range.getBoundingClientRect());
        if (!r.w || !r.h) continue;
        extent = extent
          ? {
              x: Math.min(extent.x, r.x),
              y: Math.min(extent.y, r.y),
              w: Math.max(extent.x + extent.w, r.x + r.w) - Math.min(extent.x, r.x),
              h: Math.max(extent.y + extent.h, r.y + r.h) - Math.min(extent.y, r.y),
            }
          : r;
      }
      if (!extent) continue;
      const panelEl = el.closest<HTMLElement>('[data-panel]');
      // A text's box is its element's box: line height is what layout reserves for it (the
      // font's content area reaches past it, its glyphs do not).
      const ownBox = rectOf(el.getBoundingClientRect());
      let reach = inter(extent, ownBox);
      // What the screen shows: the viewport, then every clipping ancestor up to the wall's root.
      let box = inter(reach, screen);
      for (let a: HTMLElement | null = el; a && a !== root; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflow === 'visible' && s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const clip = rectOf(a.getBoundingClientRect());
        box = inter(box, clip);
        if (panelEl && panelEl.contains(a) && a !== panelEl) reach = inter(reach, clip);
      }
      if (!box.w || !box.h) continue;
      out.push({
        text: own.map((n) => n.textContent!.trim()).join(' '),
        panel: panelEl?.dataset.panel ?? null,
        box,
        reach,
        panelBox: panelEl ? rectOf(panelEl.getBoundingClientRect()) : null,
        truncated: el.scrollWidth > el.clientWidth + 1 && style.textOverflow === 'ellipsis',
        testid: el.dataset.testid ?? null,
      });
    }
    return out;
  });
}

/** Pairs of visible text boxes that overlap by more than a pixel of rounding, and texts that leave their panel. */
export function layoutFaults(boxes: TextBox[]): string[] {
  const faults: string[] = [];
  const area = (a: TextBox['box'], b: TextBox['box']) =>
    Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) *
    Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (area(boxes[i].box, boxes[j].box) > 2) faults.push(`"${boxes[i].text}" overlaps "${boxes[j].text}"`);
  for (const b of boxes) {
    const p = b.panelBox;
    if (!p) continue;
    const out =
      b.reach.x < p.x - 1 ||
      b.reach.y < p.y - 1 ||
      b.reach.x + b.reach.w > p.x + p.w + 1 ||
      b.reach.y + b.reach.h > p.y + p.h + 1;
    if (out) faults.push(`"${b.text}" leaves the ${b.panel} panel`);
  }
  return faults;
}
