import common from './zh-CN/common';
import consoleMessages from './zh-CN/console';
import notifications from './zh-CN/notifications';
import publications from './zh-CN/publications';
import wall from './zh-CN/wall';

/** Messages are kept per screen so the wall and the console can grow without treading on each other. */
export default { ...common, ...wall, ...consoleMessages, ...notifications, ...publications };
