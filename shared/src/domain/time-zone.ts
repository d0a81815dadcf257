import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

/** Offsets change (DST, politics) only on whole quarter hours: one lookup per quarter hour is exact. */
const BUCKET_MS = 15 * 60_000;
const MAX_CACHED = 500_000;

/**
 * The bureau's time zone with its UTC offsets remembered. Luxon asks `Intl` for the offset on
 * every date operation, which was a third of the server's time under load; offsets are a
 * function of the zone and the quarter hour, so each is computed once. Behaves exactly like
 * Luxon's own IANA zone otherwise.
 */
class RememberedZone extends Zone {
  private readonly offsets = new Map<number, number>();

  constructor(private readonly iana: IANAZone) {
    super();
  }

  override get type(): string {
    return 'iana';
  }
  override get name(): string {
    return this.iana.name;
  }
  override get isUniversal(): boolean {
    return false;
  }
  override get isValid(): boolean {
    return this.iana.isValid;
  }
  override offsetName(ts: number, opts: ZoneOffsetOptions): string | null {
    return this.iana.offsetName(ts, opts);
  }
  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.iana.formatOffset(ts, format);
  }
  override offset(ts: number): number {
    const bucket = Math.floor(ts / BUCKET_MS);
    let o = this.offsets.get(bucket);
    if (o === undefined) {
      o = this.iana.offset(ts);
      if (this.offsets.size >= MAX_CACHED) this.offsets.clear();
      this.offsets.set(bucket, o);
    }
    return o;
  }
  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.name;
  }
}

const zones = new Map<string, Zone>();

/** The zone to hand to Luxon for `timeZone` (`Asia/Shanghai`), with its offsets remembered. */
export function bureauZone(timeZone: string): Zone {
  let z = zones.get(timeZone);
  if (!z) {
    z = new RememberedZone(IANAZone.create(timeZone));
    zones.set(timeZone, z);
  }
  return z;
}

/** Calendar parts of an instant in a zone, without a formatter: the offset shifts a UTC date. */
export function localParts(at: number, timeZone: string): { year: number; month: number; day: number } {
  const d = new Date(at + bureauZone(timeZone).offset(at) * 60_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `2026-11-23 10:15` in the zone: how due times are written in a problem's detail. */
export function localMinute(at: number, timeZone: string): string {
  return new Date(at + bureauZone(timeZone).offset(at) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}
