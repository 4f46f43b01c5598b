/**
 * Runs the Midtrans simulator until Ctrl+C:
 *   npm run sim:midtrans -- --port 8790 --server-key SB-Mid-server-demo --notify-url http://localhost:3000/api/midtrans/notification
 * Point Lunas at it with MIDTRANS_SNAP_BASE_URL and MIDTRANS_API_BASE_URL = the printed address.
 */
import { parseArgs } from 'node:util';
import { startMidtransSimulator } from '../src/lib/server/midtrans-sim/index';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '8790' },
		host: { type: 'string', default: '127.0.0.1' },
		'server-key': { type: 'string' },
		'notify-url': { type: 'string' }
	}
});

if (!values['server-key']) {
	console.error('sim:midtrans: --server-key is required (the MIDTRANS_SERVER_KEY Lunas uses)');
	process.exit(2);
}

const sim = await startMidtransSimulator({
	port: Number(values.port),
	host: values.host,
	serverKey: values['server-key'],
	notifyUrl: values['notify-url']
});

console.log(`Midtrans simulator listening on ${sim.url}`);
console.log(values['notify-url'] ? `Notifications go to ${values['notify-url']}` : 'No --notify-url: notifications are not sent');

const stop = () => {
	void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
