export default {
  app: { title: '积分制执法监督' },
  severity: { critical: '严重', warning: '一般', info: '提示' },
  stage: { warning: '临期预警', violation: '超期', event: '问题' },
  status: {
    open: '待确认',
    acknowledged: '已确认',
    rectifying: '整改中',
    rectified: '已整改',
    closed: '已办结',
    dismissed: '已撤销',
  },
  connection: {
    connecting: '正在连接…',
    live: '实时',
    reconnecting: '连接中断，显示的是 {time} 的数据，正在重连…',
    offline: '连接已断开，显示的是 {time} 的数据',
    denied: '大屏令牌无效或已吊销：{reason}',
  },
};
