import type { ErrorBody } from '@jifen/shared';
import type { NextFunction, Request, Response } from 'express';
import { unstorableText } from '@jifen/shared';
import type { AppConfig } from '../../config/config';
import { jsonShapeProblem } from './json-structure';

type Limits = AppConfig['limits'];

function answer(res: Response, body: ErrorBody): void {
  res.status(body.statusCode).json(body);
}

/** A request carries a body when it says so: a length above zero, or a chunked transfer. */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Before the body is read: the API speaks JSON only, so a body of any other type is a 415
 * naming the type received, not a confusing "field required" from an empty body.
 */
export function requireJsonBodies() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.path.startsWith('/api/') || !hasBody(req)) return next();
    const type = req.headers['content-type'];
    if (type && JSON_TYPE.test(type)) return next();
    answer(res, {
      statusCode: 415,
      code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      message: `the body must be application/json, not ${type ? JSON.stringify(type) : 'untyped'}`,
      messageZh: `请求体必须是 application/json，收到的是 ${type ?? '未声明类型'}`,
    });
  };
}

/**
 * A path or query that decodes to text no database can keep (NUL, a lone surrogate) or does
 * not decode at all is a 400 here, before any handler looks an id up with it.
 */
export function requireStorableUrl() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const parts = (req.url ?? '').split(/[/?&=]/);
    let problem: string | null = null;
    for (const part of parts) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        problem = `${JSON.stringify(part.slice(0, 40))} is not valid percent-encoded UTF-8`;
        break;
      }
      const text = unstorableText(decoded);
      if (text) {
        problem = `${JSON.stringify(part.slice(0, 40))} ${text.message}`;
        break;
      }
    }
    if (!problem) return next();
    answer(res, {
      statusCode: 400,
      code: 'REQUEST.MALFORMED_URL',
      message: `the URL cannot be read: ${problem}`,
      messageZh: '请求地址含有无法识别的字符',
    });
  };
}

/** After the body is parsed: its depth and the keys of each object stay within the configured limits. */
export function limitJsonShape(limits: Limits) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const problem = jsonShapeProblem(req.body, { depth: limits.jsonDepth, keys: limits.jsonKeys });
    if (!problem) return next();
    answer(res, {
      statusCode: 400,
      code: 'REQUEST.TOO_COMPLEX',
      message: `${problem.field}: ${problem.message}`,
      messageZh: `请求体结构过于复杂（${problem.field}）：嵌套不得超过 ${limits.jsonDepth} 层，每个对象不得超过 ${limits.jsonKeys} 个键`,
      details: { fields: [problem] },
    });
  };
}

/** body-parser's refusals, each with the status and words it deserves; null for anything else. */
export function bodyParserError(e: unknown, limits: Limits): ErrorBody | null {
  const err = e as { type?: string; message?: string; cause?: { type?: string; message?: string } } | null;
  const type = err?.type ?? err?.cause?.type;
  const message = err?.cause?.message ?? err?.message ?? '';
  switch (type) {
    case 'entity.too.large':
      return {
        statusCode: 413,
        code: 'REQUEST.TOO_LARGE',
        message: `the body is larger than ${limits.bodyBytes} bytes (JIFEN_BODY_MAX_BYTES)`,
        messageZh: `请求体超过 ${limits.bodyBytes} 字节`,
      };
    case 'entity.parse.failed':
      return {
        statusCode: 400,
        code: 'REQUEST.MALFORMED_JSON',
        message: `the body is not valid JSON: ${message}`,
        messageZh: '请求体不是合法的 JSON',
      };
    case 'encoding.unsupported':
      return {
        statusCode: 415,
        code: 'REQUEST.UNSUPPORTED_ENCODING',
        message: `${message}; use gzip, deflate, br or none`,
        messageZh: '不支持的请求体压缩方式，请使用 gzip、deflate、br 或不压缩',
      };
    case 'charset.unsupported':
      return {
        statusCode: 415,
        code: 'REQUEST.UNSUPPORTED_CHARSET',
        message: `${message}; send UTF-8`,
        messageZh: '不支持的字符集，请使用 UTF-8',
      };
    case 'request.size.invalid':
      return {
        statusCode: 400,
        code: 'REQUEST.LENGTH_MISMATCH',
        message: 'the body is not as long as its Content-Length says',
        messageZh: '请求体长度与 Content-Length 不符',
      };
    case 'request.aborted':
      return {
        statusCode: 400,
        code: 'REQUEST.ABORTED',
        message: 'the request was aborted before its body was complete',
        messageZh: '请求在请求体传完之前中断',
      };
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return {
        statusCode: 400,
        code: 'REQUEST.UNREADABLE',
        message: 'the body could not be read',
        messageZh: '无法读取请求体',
      };
    default:
      return null;
  }
}
