import { log } from './log';

let installed = false;

/**
 * The last line of defence: a rejection or exception nobody caught (a framework bug, a driver
 * callback) is logged, and the server keeps answering. Node's default would end the process,
 * and with it every request in flight — one malformed request must not take Lunas down.
 * Installed once, when the server starts.
 */
export function installLastResortHandlers(): void {
	if (installed) return;
	installed = true;
	process.on('unhandledRejection', (reason) => {
		log.error({ err: reason }, 'unhandled rejection (kept running)');
	});
	process.on('uncaughtException', (err, origin) => {
		log.error({ err, origin }, 'uncaught exception (kept running)');
	});
}
