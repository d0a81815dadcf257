// Realistic events for the load generators: the demo simulator's own stories (incidents,
// complaints, administrative and criminal cases, some late or out of order), taken from the
// built server so the mix is the one the product demonstrates. Each event is the next step
// of a story drawn from a pool of open stories; a finished story is replaced by a new one.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { EventSimulator } = require('../server/dist/modules/demo/event-simulator.js');

/** `units`: [{ code }], `officers`: [{ badgeNo, unitCode }] as seeded; `tag` keeps ids apart. */
export function eventStories({ units, officers, tag, open = 2000 }) {
  const byUnit = new Map();
  for (const o of officers) {
    if (!byUnit.has(o.unitCode)) byUnit.set(o.unitCode, []);
    byUnit.get(o.unitCode).push(o);
  }
  const stations = units.filter((u) => u.kind !== 'bureau' && (byUnit.get(u.code)?.length ?? 0) >= 2);
  const directory = {
    unitsWithin: () => stations,
    officersWithin: (code) => byUnit.get(code) ?? [],
  };
  const simulator = new EventSimulator(null, { directory }, null);
  let serial = 0;
  const pool = [];
  const fresh = () => {
    const s = simulator.newStory(Date.now());
    s.id = `${s.id}${tag}${++serial}`;
    return s;
  };
  while (pool.length < open) pool.push(fresh());
  return function next(count) {
    const events = [];
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      const k = Math.floor(Math.random() * pool.length);
      const story = pool[k];
      const step = story.steps[story.next];
      events.push({
        eventId: `bench-${story.id}-${story.next}`,
        type: step.type,
        occurredAt: new Date(now - (step.backdate ?? 0) - Math.floor(Math.random() * 60_000)).toISOString(),
        unitCode: story.unitCode,
        subject: { kind: story.kind, ref: story.id },
        officers: story.officers,
        data: step.data ?? {},
      });
      story.next++;
      if (story.next >= story.steps.length) pool[k] = fresh();
    }
    return events;
  };
}
