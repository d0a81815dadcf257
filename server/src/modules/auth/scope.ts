import { forbidden, notFound } from '../../core/errors/domain-error';
import type { OrgDirectory } from '../org/org-directory';
import type { Principal } from '../../core/http/principal';

/**
 * The unit subtree a read covers: the one asked for, which must lie inside the caller's
 * own scope, or the caller's scope itself. null means the whole organisation.
 */
export function resolveScope(
  directory: OrgDirectory,
  principal: Principal,
  requested?: string,
): string | null {
  if (requested !== undefined) {
    if (!directory.unit(requested))
      throw notFound('UNIT.NOT_FOUND', `unit ${requested} does not exist`, `单位 ${requested} 不存在`);
    if (principal.unitCode !== null && !directory.isWithin(requested, principal.unitCode)) {
      throw forbidden(`unit ${requested} is outside your scope`, `单位 ${requested} 不在您的管辖范围内`);
    }
    return requested;
  }
  return principal.unitCode;
}

/** Officers read only what is theirs; everyone else reads officers within their scope. */
export function assertCanReadOfficer(directory: OrgDirectory, principal: Principal, badgeNo: string): void {
  const officer = directory.officer(badgeNo);
  if (!officer)
    throw notFound('OFFICER.NOT_FOUND', `officer ${badgeNo} does not exist`, `警号 ${badgeNo} 不存在`);
  if (principal.role === 'officer' && principal.badgeNo !== badgeNo) {
    throw forbidden('officers may read only their own score', '民警只能查看本人积分');
  }
  if (principal.unitCode !== null && !directory.isWithin(officer.unitCode, principal.unitCode)) {
    throw forbidden(`officer ${badgeNo} is outside your scope`, `民警 ${badgeNo} 不在您的管辖范围内`);
  }
}
