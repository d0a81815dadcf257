import { SetMetadata } from '@nestjs/common';
import type { JobKey } from './jobs';

export const ON_JOB = 'jifen:on-job';

/** Marks the method that handles a job; the runner refuses to start with none or two per job. */
export const OnJob = (job: JobKey) => SetMetadata(ON_JOB, job);
