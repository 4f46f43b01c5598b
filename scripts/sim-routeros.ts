/**
 * Runs a simulated MikroTik router until Ctrl+C:
 *   npm run sim:routeros -- --port 8728 --user admin --password secret [--legacy-login] [--ros 6|7]
 *                           [--latency-ms N] [--tls]
 */
import { parseArgs } from 'node:util';
import { startRouterOsSimulator } from '../src/lib/server/routeros-sim/index';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '8728' },
		host: { type: 'string', default: '127.0.0.1' },
		user: { type: 'string', default: 'admin' },
		password: { type: 'string', default: '' },
		'legacy-login': { type: 'boolean', default: false },
		ros: { type: 'string', default: '7' },
		'latency-ms': { type: 'string', default: '0' },
		tls: { type: 'boolean', default: false }
	}
});

const ros = Number(values.ros);
if (ros !== 6 && ros !== 7) throw new Error('--ros must be 6 or 7');

const sim = await startRouterOsSimulator({
	port: Number(values.port),
	host: values.host,
	user: values.user,
	password: values.password,
	ros,
	legacyLogin: values['legacy-login'],
	latencyMs: Number(values['latency-ms']),
	tls: values.tls
});

// A fresh router in an RT/RW Net already has the usual package and isolir profiles.
sim.state.menu('/ppp/profile').add({ name: 'isolir', 'rate-limit': '256k/256k', 'address-list': 'isolir' });
sim.state.menu('/ppp/profile').add({ name: '10M', 'rate-limit': '5M/10M' });

const login = values['legacy-login'] ? 'challenge login' : 'plain login';
console.log(
	`RouterOS ${ros} simulator (${login}${values.tls ? ', TLS' : ''}) listening on ${sim.host}:${sim.port} as ${values.user}`
);

const stop = () => {
	void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
