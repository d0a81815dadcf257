import { SetMetadata } from '@nestjs/common';
import type { JobContext, JobData, JobKey } from './jobs';

export const ON_JOB = 'jifen:on-job';

export type JobHandler<K extends JobKey> = (data: JobData<K>, ctx: JobContext) => Promise<unknown>;

/**
 * Marks the method that handles a job; the runner refuses to start with none or two per job.
 * The method's signature is checked against the job's data type.
 */
export function OnJob<K extends JobKey>(job: K) {
  return <H extends JobHandler<K>>(
    target: object,
    property: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ) => {
    SetMetadata(ON_JOB, job)(target, property, descriptor);
  };
}

export type AnyJobHandler = (data: unknown, ctx: JobContext) => Promise<unknown>;

/**
 * Every declared job with its one handler. Throws naming the jobs that have no handler, and
 * the first job found with two, so a wiring mistake stops the start instead of leaving a
 * job to pile up unhandled.
 */
export function indexHandlers(
  declared: readonly JobKey[],
  found: readonly { key: JobKey; handler: AnyJobHandler; owner: string }[],
): Map<JobKey, AnyJobHandler> {
  const byKey = new Map<JobKey, { handler: AnyJobHandler; owner: string }>();
  for (const f of found) {
    const first = byKey.get(f.key);
    if (first) throw new Error(`job ${f.key} has two handlers: ${first.owner} and ${f.owner}`);
    byKey.set(f.key, f);
  }
  const missing = declared.filter((k) => !byKey.has(k));
  if (missing.length) throw new Error(`jobs without a handler: ${missing.join(', ')}`);
  return new Map([...byKey].map(([k, v]) => [k, v.handler]));
}
