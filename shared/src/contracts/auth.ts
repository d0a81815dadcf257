import { z } from 'zod';

export const ROLES = ['admin', 'supervisor', 'officer', 'display', 'ingest'] as const;
export type Role = (typeof ROLES)[number];
/** Roles a person logs in with; display and ingest exist only as tokens. */
export const USER_ROLES = ['admin', 'supervisor', 'officer'] as const;

export const LoginSchema = z.object({
  username: z.string().trim().min(1, 'username is required').max(64),
  password: z.string().min(1, 'password is required').max(200),
});
export type LoginBody = z.infer<typeof LoginSchema>;

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  /** Root of the caller's scope; null for an admin of the whole bureau. */
  unitCode: string | null;
  badgeNo: string | null;
}

export interface LoginAnswer {
  accessToken: string;
  expiresAt: string;
  user: SessionUser;
}

export const CreateUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{3,64}$/, 'username is 3–64 letters, digits, _ . or -'),
    password: z.string().min(10, 'password needs at least 10 characters').max(200),
    role: z.enum(USER_ROLES),
    unitCode: z.string().trim().min(1).max(32).optional(),
    badgeNo: z.string().trim().min(1).max(32).optional(),
  })
  .superRefine((u, ctx) => {
    if (u.role === 'officer' && !u.badgeNo)
      ctx.addIssue({ code: 'custom', path: ['badgeNo'], message: 'an officer user needs a badgeNo' });
    if (u.role === 'supervisor' && !u.unitCode)
      ctx.addIssue({ code: 'custom', path: ['unitCode'], message: 'a supervisor needs a unitCode' });
  });
export type CreateUserBody = z.infer<typeof CreateUserSchema>;

export const TOKEN_KINDS = ['display', 'ingest'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export const CreateTokenSchema = z.object({
  kind: z.enum(TOKEN_KINDS),
  unitCode: z.string().trim().min(1).max(32).optional(),
  label: z.string().trim().min(1, 'label is required').max(120),
  /** Lifetime in days; without it the installation's default (JIFEN_API_TOKEN_TTL_DAYS). */
  expiresInDays: z.number().int().min(1, 'expiresInDays is at least 1').max(3650).optional(),
});
export type CreateTokenBody = z.infer<typeof CreateTokenSchema>;

export interface TokenInfo {
  id: string;
  kind: TokenKind;
  unitCode: string | null;
  label: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  /** null: the token does not expire. */
  expiresAt: string | null;
  rotatedAt: string | null;
}

/** A new secret for a token; the old one keeps working until `previousValidUntil`. */
export const RotateTokenSchema = z.object({
  expiresInDays: z.number().int().min(1, 'expiresInDays is at least 1').max(3650).optional(),
});
export type RotateTokenBody = z.infer<typeof RotateTokenSchema>;

export interface RotatedToken extends CreatedToken {
  previousValidUntil: string;
}

/** The secret is in this answer only; it is stored hashed. */
export interface CreatedToken extends TokenInfo {
  token: string;
}
