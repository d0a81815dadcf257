export default {
  app: { title: 'Jifen case-handling supervision' },
  severity: { critical: 'Critical', warning: 'Warning', info: 'Info' },
  stage: { warning: 'Due soon', violation: 'Overdue', event: 'Problem' },
  status: {
    open: 'Open',
    acknowledged: 'Acknowledged',
    rectifying: 'Rectifying',
    rectified: 'Rectified',
    closed: 'Closed',
    dismissed: 'Dismissed',
  },
  connection: {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Connection lost — showing data from {time}, reconnecting…',
    offline: 'Disconnected — showing data from {time}',
    denied: 'The wall token is invalid or revoked: {reason}',
  },
};
