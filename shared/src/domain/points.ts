/**
 * Points have one decimal and are stored exactly as integer tenths (RULES.md): 1.5 points
 * is 15. Conversions live here so no other code multiplies floats by ten.
 */
export type Tenths = number;

export function toTenths(points: number): Tenths {
  return Math.round(points * 10);
}

export function fromTenths(tenths: Tenths): number {
  return tenths / 10;
}
