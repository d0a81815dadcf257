import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role, TokenKind } from '@jifen/shared';
import { epochMs } from '../../core/database/columns';

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username!: string;

  /**
   * The username in lower case: unique, so `Alice` and `alice` cannot both exist, even when
   * created at the same instant, and login finds a user whatever case is typed. Null only on
   * an embedded database from before it existed, until the next start fills it in.
   */
  @Column({ type: 'varchar', length: 64, unique: true, nullable: true })
  usernameKey!: string | null;

  @Column({ type: 'varchar', length: 100 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ type: 'varchar', length: 32, nullable: true })
  unitCode!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  badgeNo!: string | null;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;
}

/** Kiosk (display) and source-system (ingest) tokens; only the SHA-256 of the secret is kept. */
@Entity('access_tokens')
export class AccessTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: TokenKind;

  @Column({ type: 'varchar', length: 64, unique: true })
  secretHash!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  unitCode!: string | null;

  @Column({ type: 'varchar', length: 120 })
  label!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  createdBy!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  revokedAt!: number | null;

  /** null: the token does not expire. */
  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  expiresAt!: number | null;

  /** The secret a rotation replaced, still accepted until `previousValidUntil` so that a wall can be moved over. */
  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  previousSecretHash!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  previousValidUntil!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  rotatedAt!: number | null;
}

/**
 * One login. Its JWTs carry the session and a generation: a refresh issues the next
 * generation and keeps the one before valid for a short overlap, so that tabs and requests
 * in flight with the old token do not fail, and then never again.
 */
@Entity('user_sessions')
export class UserSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'int' })
  generation!: number;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  previousValidUntil!: number | null;

  @Column({ type: 'bigint', transformer: epochMs })
  expiresAt!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  createdAt!: number;
}

/** Installation-wide values generated once (the signing secret). */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
