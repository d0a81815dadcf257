import { PipeTransform } from '@nestjs/common';
import { unstorableText } from '@jifen/shared';
import type { z } from 'zod';
import { badRequest, invalidBody } from './domain-error';

/** Validates a body or query at the edge with the shared schema; a failure names every field. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const text = unstorableText(value);
    if (text) {
      const field = text.field || '(body)';
      throw badRequest(
        'REQUEST.INVALID_TEXT',
        `invalid ${this.what}: ${field}: ${text.message}`,
        `请求参数有误：${field} 含有无法保存的字符（NUL 或不成对的代理项）`,
        { fields: [{ field, message: text.message }] },
      );
    }
    const parsed = this.schema.safeParse(value ?? {});
    if (!parsed.success) throw invalidBody(parsed.error, this.what);
    return parsed.data;
  }
}
