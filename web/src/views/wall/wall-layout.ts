/** The wall is designed on a 1920×1080 canvas and scaled to any screen, letterboxed. */
export const CANVAS = { width: 1920, height: 1080 };

export function fitCanvas(width: number, height: number): { scale: number; left: number; top: number } {
  const scale = Math.min(width / CANVAS.width, height / CANVAS.height);
  return { scale, left: (width - CANVAS.width * scale) / 2, top: (height - CANVAS.height * scale) / 2 };
}

/** Privacy mode for public screens: the surname and a mask, or the badge number. */
export function maskName(name: string, badgeNo: string | undefined, privacy: boolean): string {
  if (!privacy) return name;
  if (!name) return badgeNo ?? '';
  return name.slice(0, 1) + '＊'.repeat(Math.max(1, name.length - 1));
}
