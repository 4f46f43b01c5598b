/** Runtime caches of the service worker (pwa-config.js) that the page checks for "ready offline". */
export const SHELL_CACHE = 'lunas-tech-shell';
export const DATA_CACHE = 'lunas-tech-data';
/** The one key each is stored under, whatever /tech URL filled it. */
export const SHELL_KEY = '/tech';
export const DATA_KEY = '/tech/__data.json';
/** Header that lets the page's own fetch of /tech fill the shell cache (navigations need none). */
export const WARM_HEADER = 'x-lunas-warm';
