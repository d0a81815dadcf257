import { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { invalidBody } from './domain-error';

/** Validates a body or query at the edge with the shared schema; a failure names every field. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value ?? {});
    if (!parsed.success) throw invalidBody(parsed.error, this.what);
    return parsed.data;
  }
}
