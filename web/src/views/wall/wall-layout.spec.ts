import { WALL_LAYOUTS, type WallLayout } from '@jifen/shared';
import { describe, expect, it } from 'vitest';
import { CANVAS, HEADER_HEIGHT, LAYOUT_SLOTS, fitCanvas, rowsThatFit, tilesFor } from './wall-layout';

describe('wall layout', () => {
  it('fills a 4K screen and a 2×2 wall of 1080p screens exactly, doubled', () => {
    expect(fitCanvas(3840, 2160)).toEqual({ scale: 2, left: 0, top: 0, tiles: 1 });
  });

  it('puts two canvases side by side on a 3840×1080 (32:9) wall instead of letterboxing one', () => {
    expect(tilesFor(3840, 1080)).toBe(2);
    expect(fitCanvas(3840, 1080)).toEqual({ scale: 1, left: 0, top: 0, tiles: 2 });
    expect(tilesFor(1920, 1080)).toBe(1);
  });

  it('letterboxes an odd screen, centred', () => {
    const f = fitCanvas(2560, 1600);
    expect(f.scale).toBeCloseTo(2560 / 1920);
    expect(f.left).toBe(0);
    expect(f.top).toBeCloseTo((1600 - 1080 * (2560 / 1920)) / 2);
  });

  it.each(Object.keys(WALL_LAYOUTS) as WallLayout[])(
    'the %s layout has a slot per panel, inside the canvas below the header, none overlapping',
    (layout) => {
      const slots = LAYOUT_SLOTS[layout];
      expect(slots).toHaveLength(WALL_LAYOUTS[layout]);
      for (const s of slots) {
        expect(s.x).toBeGreaterThanOrEqual(0);
        expect(s.y).toBeGreaterThanOrEqual(HEADER_HEIGHT);
        expect(s.x + s.width).toBeLessThanOrEqual(CANVAS.width);
        expect(s.y + s.height).toBeLessThanOrEqual(CANVAS.height);
      }
      for (const [i, a] of slots.entries())
        for (const b of slots.slice(i + 1)) {
          const apart =
            a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart).toBe(true);
        }
    },
  );

  it('counts only whole rows', () => {
    expect(rowsThatFit(300, 56)).toBe(5);
    expect(rowsThatFit(-10, 56)).toBe(0);
  });
});
