/**
 * What a staff password must be: at least PASSWORD_MIN_LENGTH characters and not guessable
 * in the first few thousand tries of a guessing list. Shared, so the form can say the same as the
 * server; enforced by `passwordSchema` wherever a password is set (staff create, set password,
 * `npm run user:create`).
 *
 * "Guessable" here is deliberately small and explainable, not an entropy estimate: a run along
 * the alphabet, the digits or a keyboard row (`1234567890`, `qwertyuiop`, `9876543210`); one short
 * unit repeated (`abcabcabca`, `1212121212`); too few different characters; or a common password
 * or word with digits or symbols around it (`password2024`, `admin12345`, `Bismillah!!`).
 */
export const PASSWORD_MIN_LENGTH = 10;

/** Rows a finger slides along, and the alphabet/digits, forwards; reversed runs are checked too. */
const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p', 'qazwsxedcrfvtgbyhnujmikolp'];

/** Bases seen most in leaked-password lists (international and Indonesian), lower case. */
const COMMON = new Set([
	'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass', 'admin', 'administrator', 'root', 'user', 'login', 'welcome', 'letmein',
	'qwerty', 'qwertyuiop', 'iloveyou', 'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess', 'master', 'shadow',
	'superman', 'trustno1', 'changeme', 'default', 'secret', 'test', 'guest', 'abc', 'abcd', 'asdf', 'zxcvbnm', 'azerty',
	'sayang', 'sayangku', 'cinta', 'rahasia', 'bismillah', 'indonesia', 'jakarta', 'bandung', 'surabaya', 'merdeka', 'garuda',
	'katasandi', 'sandi', 'kantor', 'teknisi', 'internet', 'wifi', 'rtrwnet', 'mikrotik', 'routeros', 'lunas', 'tagihan',
	'demo', 'office', 'technician'
]);

function isRun(s: string): boolean {
	if (s.length < 4) return false;
	for (const run of RUNS) {
		for (const r of [run, [...run].reverse().join('')]) if (r.includes(s)) return true;
	}
	return false;
}

/** `s` is one unit of at most 4 characters repeated (the last copy may be cut short). */
function isRepetition(s: string): boolean {
	for (let unit = 1; unit <= 4 && unit < s.length; unit++) {
		if ([...s].every((c, i) => c === s[i % unit])) return true;
	}
	return false;
}

export type PasswordProblem = 'short' | 'weak';

/** Why this password is refused, or null when it may be used. */
export function passwordProblem(password: string): PasswordProblem | null {
	if ([...password].length < PASSWORD_MIN_LENGTH) return 'short';
	const lower = password.toLowerCase();
	if (new Set(lower).size < 5 || isRun(lower) || isRepetition(lower)) return 'weak';
	// No letter at all: a number (`17081945…`, a phone number) or a shifted digit row.
	if (!/\p{L}/u.test(lower)) return 'weak';
	// A common base with digits, symbols or spaces around it: `Password2024!`, `123admin123`.
	const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
	if (COMMON.has(core) || isRun(core) || isRepetition(core)) return 'weak';
	// Or spread through it: `p4ssw0rd`-style swaps aside, `admin_2024`, `qwerty-123`.
	const letters = lower.replace(/[^\p{L}]/gu, '');
	const rest = lower.replace(/\p{L}/gu, '');
	if ((COMMON.has(letters) || isRun(letters)) && (rest === '' || isRun(rest) || isRepetition(rest) || /^[^0-9]*((19|20)\d\d)?[^0-9]*$/.test(rest))) return 'weak';
	return null;
}
