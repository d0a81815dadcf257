import { z } from 'zod';

export const UNIT_KINDS = ['bureau', 'brigade', 'station', 'squad'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'a code is 1–32 letters, digits, _ or -');

export const UnitRowSchema = z.object({
  code,
  name: z.string().trim().min(1, 'name is required').max(100),
  parentCode: code.nullish(),
  kind: z.enum(UNIT_KINDS),
});
export type UnitRow = z.infer<typeof UnitRowSchema>;

export const OfficerRowSchema = z.object({
  badgeNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,32}$/, 'a badge number is 1–32 letters, digits or -'),
  name: z.string().trim().min(1, 'name is required').max(64),
  unitCode: code,
  active: z.boolean().default(true),
  /**
   * Since when the officer belongs to `unitCode` (a transfer's effective date). Points earned
   * before stay with the unit the officer was in when each thing happened. Default: the import's
   * `effectiveFrom`, else the moment of the import.
   */
  since: z.iso.datetime({ offset: true }).optional(),
});
export type OfficerRow = z.infer<typeof OfficerRowSchema>;

export const OrgImportSchema = z.object({
  units: z.array(z.unknown()).max(20_000).default([]),
  officers: z.array(z.unknown()).max(200_000).default([]),
  /** When transfers in this import take effect (each officer row may say otherwise with `since`). */
  effectiveFrom: z.iso.datetime({ offset: true }).optional(),
});

export interface OrgImportError {
  list: 'units' | 'officers';
  index: number;
  key: string | null;
  errors: { field: string; message: string }[];
}

export interface OrgImportAnswer {
  units: { created: number; updated: number; unchanged: number };
  officers: { created: number; updated: number; unchanged: number };
  errors: OrgImportError[];
}

export interface UnitNode {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  children: UnitNode[];
}

export interface OfficerInfo {
  badgeNo: string;
  name: string;
  unitCode: string;
  unitName: string;
  active: boolean;
}
