import common from './en/common';
import consoleMessages from './en/console';
import notifications from './en/notifications';
import publications from './en/publications';
import wall from './en/wall';

/** Messages are kept per screen so the wall and the console can grow without treading on each other. */
export default { ...common, ...wall, ...consoleMessages, ...notifications, ...publications };
