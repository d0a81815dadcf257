import { z } from 'zod';

/** Every panel a wall can show; the web app registers one component per name. */
export const WALL_PANELS = [
  'officers',
  'units',
  'ticker',
  'problems',
  'rates',
  'trends',
  'notice',
  'publication',
] as const;
export type WallPanel = (typeof WALL_PANELS)[number];

/**
 * Layouts of the 1920×1080 canvas and how many panels each holds, in slot order
 * (the web app's wall-layouts.ts gives each slot its place).
 */
export const WALL_LAYOUTS = { command: 5, quad: 4, trio: 3, duo: 2, single: 1 } as const;
export type WallLayout = keyof typeof WALL_LAYOUTS;

/** How a privacy wall shows people: never their names. */
export const PRIVACY_MODES = ['off', 'initials', 'badge'] as const;
export type PrivacyMode = (typeof PRIVACY_MODES)[number];

const HAN = /\p{Script=Han}/u;
const MASK = '＊';

/** 张伟 → 张＊, 欧阳娜娜 → 欧＊＊＊, john smith → J. S. */
export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return MASK;
  if (HAN.test(trimmed[0])) return trimmed[0] + MASK.repeat(Math.max(1, [...trimmed].length - 1));
  return trimmed
    .split(/\s+/)
    .map((w) => `${w[0].toUpperCase()}.`)
    .join(' ');
}

/** How a wall in privacy mode `mode` names an officer: by badge number or initials, never the name. */
export function maskedName(name: string, badgeNo: string | undefined, mode: PrivacyMode): string {
  // A badge number standing in for an unknown name is no name to hide.
  if (mode === 'off' || name === badgeNo) return name;
  if (mode === 'badge' && badgeNo) return badgeNo;
  return initialsOf(name);
}

const PanelSetSchema = z
  .object({
    layout: z.enum(Object.keys(WALL_LAYOUTS) as [WallLayout, ...WallLayout[]]),
    panels: z.array(z.enum(WALL_PANELS)).min(1).max(6),
    /** How long the set stays up when the wall rotates. */
    seconds: z.number().int().min(10, 'a panel set stays at least 10 s').max(3600),
  })
  .superRefine((s, ctx) => {
    if (s.panels.length !== WALL_LAYOUTS[s.layout])
      ctx.addIssue({
        code: 'custom',
        path: ['panels'],
        message: `the ${s.layout} layout holds ${WALL_LAYOUTS[s.layout]} panels, not ${s.panels.length}`,
      });
    if (new Set(s.panels).size !== s.panels.length)
      ctx.addIssue({ code: 'custom', path: ['panels'], message: 'a panel appears twice in one set' });
  });
export type WallPanelSet = z.infer<typeof PanelSetSchema>;

export const WallConfigSchema = z.object({
  /** Shown in turn; one set means no rotation. */
  panelSets: z.array(PanelSetSchema).min(1, 'a wall needs at least one panel set').max(6),
  privacy: z.enum(PRIVACY_MODES),
  /** Hour (0–23, bureau time) at which the wall reloads itself once a day; null: never. */
  reloadHour: z.number().int().min(0).max(23).nullable(),
});
export type WallConfig = z.infer<typeof WallConfigSchema>;

export const WallConfigBodySchema = z.object({
  config: WallConfigSchema,
  /** The version that was read: a save over someone else's newer one is refused. */
  version: z.number().int().min(0).optional(),
});
export type WallConfigBody = z.infer<typeof WallConfigBodySchema>;

/** What a wall shows until someone configures it. */
export const DEFAULT_WALL_CONFIG: WallConfig = {
  panelSets: [
    { layout: 'command', panels: ['officers', 'units', 'problems', 'rates', 'ticker'], seconds: 60 },
    { layout: 'quad', panels: ['trends', 'rates', 'notice', 'publication'], seconds: 20 },
  ],
  privacy: 'off',
  reloadHour: 4,
};

/** A display token with its wall's configuration. */
export interface WallSettings {
  tokenId: string;
  label: string;
  unitCode: string | null;
  revoked: boolean;
  config: WallConfig;
  /** 0 until first saved. */
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}
