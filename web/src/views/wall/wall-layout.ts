import type { WallLayout } from '@jifen/shared';

/** The wall is designed on a 1920×1080 canvas and scaled to any screen, letterboxed. */
export const CANVAS = { width: 1920, height: 1080 };
/** The header band; panels sit below it. */
export const HEADER_HEIGHT = 96;

export interface Slot {
  x: number;
  y: number;
  width: number;
  height: number;
}

const TOP = 116;
const LEFT = 40;
const BODY = { width: 1840, height: 934 };
const GAP = 20;
const HALF_H = (BODY.height - GAP) / 2;

/**
 * Where each layout puts its panels, in canvas pixels, in slot order. Every panel gets a
 * fixed box: nothing reflows when data changes, and a panel knows how many rows fit.
 */
export const LAYOUT_SLOTS: Record<WallLayout, Slot[]> = {
  // The leaderboard tall on the left, four panels beside it.
  command: [
    { x: LEFT, y: TOP, width: 680, height: BODY.height },
    { x: 740, y: TOP, width: 560, height: HALF_H },
    { x: 1320, y: TOP, width: 560, height: HALF_H },
    { x: 740, y: TOP + HALF_H + GAP, width: 560, height: HALF_H },
    { x: 1320, y: TOP + HALF_H + GAP, width: 560, height: HALF_H },
  ],
  quad: [
    { x: LEFT, y: TOP, width: 910, height: HALF_H },
    { x: 970, y: TOP, width: 910, height: HALF_H },
    { x: LEFT, y: TOP + HALF_H + GAP, width: 910, height: HALF_H },
    { x: 970, y: TOP + HALF_H + GAP, width: 910, height: HALF_H },
  ],
  trio: [
    { x: LEFT, y: TOP, width: 900, height: BODY.height },
    { x: 960, y: TOP, width: 920, height: HALF_H },
    { x: 960, y: TOP + HALF_H + GAP, width: 920, height: HALF_H },
  ],
  duo: [
    { x: LEFT, y: TOP, width: 910, height: BODY.height },
    { x: 970, y: TOP, width: 910, height: BODY.height },
  ],
  single: [{ x: LEFT, y: TOP, width: BODY.width, height: BODY.height }],
};

/** Ultra-wide walls (32:9 and wider) show two canvases side by side instead of letterboxing one. */
export function tilesFor(width: number, height: number): number {
  return width / height >= 3.2 ? 2 : 1;
}

/**
 * Scale and offset of the canvases on a screen: whole canvases scaled uniformly (CSS
 * transform, so text stays sharp at any scale) and centred.
 */
export function fitCanvas(
  width: number,
  height: number,
  tiles = tilesFor(width, height),
): { scale: number; left: number; top: number; tiles: number } {
  const scale = Math.min(width / (CANVAS.width * tiles), height / CANVAS.height);
  return {
    scale,
    left: (width - CANVAS.width * tiles * scale) / 2,
    top: (height - CANVAS.height * scale) / 2,
    tiles,
  };
}

/** Room a panel's frame takes around its body: border, padding and the title line (PanelFrame.vue). */
export const FRAME = { x: 2 + 2 * 20, y: 2 + 2 * 14 + 44 + 8 };

/** How many rows of `rowHeight` fit in `available` pixels: a panel never overflows its frame. */
export function rowsThatFit(available: number, rowHeight: number): number {
  return Math.max(0, Math.floor(available / rowHeight));
}
