import { jsonShapeProblem } from './json-structure';

const nest = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

describe('jsonShapeProblem', () => {
  it('accepts exactly the configured depth and refuses one level more, naming where', () => {
    expect(jsonShapeProblem(nest(5), { depth: 5, keys: 10 })).toBeNull();
    expect(jsonShapeProblem(nest(6), { depth: 5, keys: 10 })).toEqual({
      field: '0.0.0.0.0',
      message: 'nests arrays and objects deeper than 5 levels',
    });
    expect(jsonShapeProblem({ a: { b: {} } }, { depth: 2, keys: 10 })?.field).toBe('a.b');
  });

  it('accepts exactly the configured keys per object and refuses one more', () => {
    const obj = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(jsonShapeProblem({ events: [obj(3)] }, { depth: 5, keys: 3 })).toBeNull();
    expect(jsonShapeProblem({ events: [obj(4)] }, { depth: 5, keys: 3 })).toEqual({
      field: 'events.0',
      message: 'has 4 keys, more than 3',
    });
  });

  it('walks a hundred thousand levels without running out of stack', () => {
    expect(jsonShapeProblem(nest(100_000), { depth: 32, keys: 10 })?.message).toMatch(/deeper than 32/);
  });

  it('leaves scalars and empty bodies alone', () => {
    for (const v of [undefined, null, 0, 'x', true, {}, []])
      expect(jsonShapeProblem(v, { depth: 1, keys: 0 })).toBeNull();
  });
});
