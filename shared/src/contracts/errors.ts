/**
 * Every error the API or the gateway answers with. `code` is stable and for machines;
 * `message` is English and `messageZh` Chinese, for people.
 */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  messageZh: string;
  details?: unknown;
}
