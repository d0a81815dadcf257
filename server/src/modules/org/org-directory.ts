import type { OfficerInfo, UnitKind, UnitNode } from '@jifen/shared';

export interface DirectoryUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  /** `/bureau/station/squad/`: a unit is within a scope when its path starts with the scope's. */
  path: string;
}

export interface DirectoryOfficer {
  badgeNo: string;
  name: string;
  unitCode: string;
  active: boolean;
}

/** An officer's unit from an instant on (epoch ms). */
export interface Membership {
  badgeNo: string;
  unitCode: string;
  since: number;
}

/**
 * The organisation held in memory: every request checks scope against it and every event's
 * officers are resolved through it. Small (a city has thousands of rows) and rebuilt whole
 * after an import, so it never drifts from the tables.
 */
export class OrgDirectory {
  private units = new Map<string, DirectoryUnit>();
  private officers = new Map<string, DirectoryOfficer>();
  private children = new Map<string | null, string[]>();
  private memberships = new Map<string, Membership[]>();

  replace(
    units: Omit<DirectoryUnit, 'path'>[],
    officers: DirectoryOfficer[],
    memberships: Membership[] = [],
  ): void {
    const byCode = new Map(units.map((u) => [u.code, u]));
    const next = new Map<string, DirectoryUnit>();
    const pathOf = (code: string, seen: Set<string>): string => {
      const done = next.get(code);
      if (done) return done.path;
      const u = byCode.get(code)!;
      // A parent that is missing or would close a cycle makes the unit a root.
      const parent =
        u.parentCode && byCode.has(u.parentCode) && !seen.has(u.parentCode) ? u.parentCode : null;
      const path = (parent ? pathOf(parent, new Set([...seen, code])) : '/') + `${code}/`;
      next.set(code, { ...u, parentCode: parent, path });
      return path;
    };
    for (const u of units) pathOf(u.code, new Set([u.code]));
    this.units = next;
    this.children = new Map();
    for (const u of [...next.values()].sort((a, b) => a.code.localeCompare(b.code))) {
      const list = this.children.get(u.parentCode) ?? [];
      list.push(u.code);
      this.children.set(u.parentCode, list);
    }
    this.officers = new Map(officers.map((o) => [o.badgeNo, o]));
    this.memberships = new Map();
    for (const m of [...memberships].sort((a, b) => a.since - b.since)) {
      const list = this.memberships.get(m.badgeNo) ?? [];
      list.push(m);
      this.memberships.set(m.badgeNo, list);
    }
  }

  /**
   * The unit an officer belonged to at an instant: points stay with the unit of the day the
   * thing happened. Before the first recorded membership, the first one; with none recorded,
   * the officer's current unit.
   */
  hasMemberships(badgeNo: string): boolean {
    return (this.memberships.get(badgeNo)?.length ?? 0) > 0;
  }

  unitAt(badgeNo: string, at: number): string | undefined {
    const list = this.memberships.get(badgeNo);
    if (!list?.length) return this.officers.get(badgeNo)?.unitCode;
    let unit = list[0].unitCode;
    for (const m of list) {
      if (m.since > at) break;
      unit = m.unitCode;
    }
    return unit;
  }

  unit(code: string): DirectoryUnit | undefined {
    return this.units.get(code);
  }

  /**
   * The one code that differs from `code` only in case, for a hint in an error: codes and
   * badge numbers are matched exactly, never guessed.
   */
  sameButCase(code: string, kind: 'unit' | 'officer'): string | undefined {
    const lower = code.toLowerCase();
    const keys = kind === 'unit' ? this.units.keys() : this.officers.keys();
    const found = [...keys].filter((k) => k !== code && k.toLowerCase() === lower);
    return found.length === 1 ? found[0] : undefined;
  }

  officer(badgeNo: string): DirectoryOfficer | undefined {
    return this.officers.get(badgeNo);
  }

  /** Path of a unit, or of the whole organisation (`/`) for a null scope. */
  pathOf(code: string | null): string {
    return code === null ? '/' : (this.units.get(code)?.path ?? `/${code}/`);
  }

  isWithin(unitCode: string, scope: string | null): boolean {
    if (scope === null) return this.units.has(unitCode);
    const u = this.units.get(unitCode);
    return !!u && u.path.startsWith(this.pathOf(scope));
  }

  /** Unit codes from the unit up to its root, the unit first: the rooms a change is sent to. */
  ancestry(unitCode: string): string[] {
    const path = this.units.get(unitCode)?.path;
    return path ? path.split('/').filter(Boolean).reverse() : [];
  }

  childrenOf(code: string | null): DirectoryUnit[] {
    return (this.children.get(code) ?? []).map((c) => this.units.get(c)!);
  }

  unitsWithin(scope: string | null): DirectoryUnit[] {
    const prefix = this.pathOf(scope);
    return [...this.units.values()].filter((u) => u.path.startsWith(prefix));
  }

  officersWithin(scope: string | null): DirectoryOfficer[] {
    if (scope === null) return [...this.officers.values()];
    return [...this.officers.values()].filter((o) => this.isWithin(o.unitCode, scope));
  }

  tree(scope: string | null): UnitNode[] {
    const build = (u: DirectoryUnit): UnitNode => ({
      code: u.code,
      name: u.name,
      kind: u.kind,
      parentCode: u.parentCode,
      children: this.childrenOf(u.code).map(build),
    });
    if (scope !== null) {
      const root = this.units.get(scope);
      return root ? [build(root)] : [];
    }
    return this.childrenOf(null).map(build);
  }

  officerInfo(o: DirectoryOfficer): OfficerInfo {
    return { ...o, unitName: this.units.get(o.unitCode)?.name ?? o.unitCode };
  }

  get unitCount(): number {
    return this.units.size;
  }

  get officerCount(): number {
    return this.officers.size;
  }
}
