import { QueryFailedError } from 'typeorm';

/**
 * Postgres codes that mean the connection, not the statement, failed: class 08 (connection
 * exception), 57P01–57P03 (the server is shutting down or the backend was terminated), and
 * 53300 (too many connections).
 */
const CONNECTION_CODES = /^(08...|57P0[123]|53300)$/;

/** What the driver and TypeORM say when a connection dies under a query or a transaction. */
const CONNECTION_MESSAGES =
  /Connection terminated|Client was closed and is not queryable|Client has encountered a connection error|ECONNREFUSED|ECONNRESET|EPIPE|timeout exceeded when trying to connect/i;

/**
 * Whether an error means the database could not be reached or dropped the connection (a
 * failover, a restart, an administrator ending backends) rather than that the request was
 * wrong: such a request was rolled back whole and may simply be sent again.
 */
export function isConnectionLost(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  // TypeORM releases a query runner whose client failed; a later query in the same unit of work then says so.
  if (e.name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  const code =
    e instanceof QueryFailedError
      ? (e.driverError as { code?: unknown }).code
      : (e as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.test(code)) return true;
  return CONNECTION_MESSAGES.test(e.message);
}
