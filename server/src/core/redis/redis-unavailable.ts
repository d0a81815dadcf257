/**
 * What ioredis rejects a command with when Redis cannot be reached: the retries per request
 * ran out while reconnecting, the connection was closed under the command, or the offline
 * queue is off. A request that needed Redis (leaderboards, sessions of the queue board) then
 * answers 503 naming Redis; what is stored in Postgres is untouched.
 */
export function isRedisUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  return /^Connection is closed\.?$|Stream isn't writeable and enableOfflineQueue/.test(e.message);
}
