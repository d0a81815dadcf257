import { describe, expect, it } from 'vitest';
import en from './en';
import zh from './zh-CN';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('messages', () => {
  it('every text exists in Chinese and in English', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });
  it('no text is left empty', () => {
    const values = (o: object): string[] =>
      Object.values(o).flatMap((v) => (typeof v === 'object' ? values(v) : [v]));
    expect([...values(zh), ...values(en)].filter((v) => !String(v).trim())).toEqual([]);
  });
});
