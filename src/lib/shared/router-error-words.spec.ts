import { describe, expect, it } from 'vitest';
import { routerErrorKey } from './router-error-words';
import { translate } from './i18n/index';

describe('routerErrorKey', () => {
	it('names the kind of failure whichever writer stored it', () => {
		const cases: Array<[string, string]> = [
			['no answer from 10.0.0.1:8728 within 10 s', 'routerError.timeout'],
			['timeout: no answer to /ppp/secret/print within 10 s', 'routerError.timeout'],
			['no answer within 15 s', 'routerError.timeout'],
			['cannot reach 10.0.0.1:8728: connect ECONNREFUSED 10.0.0.1:8728', 'routerError.connect'],
			['connect: cannot reach 192.0.2.1:8729: connect EHOSTUNREACH', 'routerError.connect'],
			['login: login refused by 10.0.0.1:8728: wrong username or password (category 0)', 'routerError.login'],
			['login refused by 10.0.0.1:8728: wrong username or password', 'routerError.login'],
			['closed: the router closed the connection', 'routerError.closed'],
			['router refused: failure: already have such name', 'routerError.refused'],
			['trap: no such item (category 0)', 'routerError.refused'],
			['fatal: not logged in', 'routerError.fatal'],
			['protocol: router sent garbage: bad length', 'routerError.protocol'],
			['connect: cannot reach 10.0.0.1:8729: self-signed certificate', 'routerError.tls'],
			['something nobody foresaw', 'routerError.other'],
			['', 'routerError.other']
		];
		for (const [raw, key] of cases) expect([raw, routerErrorKey(raw)]).toEqual([raw, key]);
	});

	it('has words for every kind in both languages, none of them the technical text', () => {
		for (const key of ['timeout', 'connect', 'login', 'closed', 'refused', 'fatal', 'protocol', 'tls', 'other'] as const) {
			const id = translate('id', `routerError.${key}`);
			const en = translate('en', `routerError.${key}`);
			expect(id).not.toBe(`routerError.${key}`);
			expect(en).not.toBe(`routerError.${key}`);
			expect(id).not.toBe(en);
			expect(id).not.toMatch(/timeout|no answer|refused|within/i);
		}
	});
});
