import { validateEvent } from '../contracts/events';
import { unstorableText } from './storable-text';

const event = {
  eventId: 'e-1',
  type: 'case.filed',
  occurredAt: '2026-11-23T08:15:00+08:00',
  unitCode: 'S1',
  subject: { kind: 'case', ref: 'C-1' },
  officers: [{ badgeNo: '100001', role: 'primary' }],
  data: {},
};

describe('unstorableText', () => {
  it('passes Chinese, emoji (a surrogate pair), right-to-left marks and zero-width characters', () => {
    expect(unstorableText({ a: '盗窃案 🚓 \u202e\u200b', b: ['\ud83d\ude93'], ключ: 1 })).toBeNull();
  });

  it('names the string holding a NUL, a lone high or a lone low surrogate', () => {
    expect(unstorableText({ a: { b: ['ok', 'x\u0000'] } })).toEqual({
      field: 'a.b.1',
      message: expect.stringContaining('NUL'),
    });
    expect(unstorableText({ a: '\ud800x' })?.field).toBe('a');
    expect(unstorableText({ a: 'x\udfff' })?.message).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableText('\u0000')).toEqual({ field: '', message: expect.any(String) });
  });

  it('checks object keys too', () => {
    expect(unstorableText({ data: { 'k\u0000': 1 } })).toEqual({
      field: 'data.k\\u0000',
      message: expect.stringMatching(/^key contains the NUL/),
    });
  });

  it('walks a structure ten thousand levels deep without running out of stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(unstorableText(deep)?.message).toMatch(/NUL/);
  });
});

describe('validateEvent refuses what cannot be stored, per event', () => {
  it.each([
    ['eventId', { ...event, eventId: 'e\u0000' }],
    ['eventId', { ...event, eventId: 'e\ud800' }],
    ['subject.ref', { ...event, subject: { kind: 'case', ref: 'C\udc00' } }],
    ['data.note', { ...event, data: { note: '\u0000' } }],
  ])('%s', (field, raw) => {
    const v = validateEvent(raw);
    expect(v).toEqual({ ok: false, errors: [{ field, message: expect.any(String) }] });
  });

  it('refuses control characters in identifiers, naming the field', () => {
    const v = validateEvent({ ...event, unitCode: 'S\u00071' });
    expect(v).toEqual({
      ok: false,
      errors: [{ field: 'unitCode', message: 'must not contain control characters' }],
    });
  });
});
