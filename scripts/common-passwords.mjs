#!/usr/bin/env node
// common-passwords.mjs — builds src/auth/data/common-passwords.txt, the deny
// list password_problem (src/auth/password.c) checks new passwords against.
//
// The source is the "passwords-common" dictionary of the npm package
// @zxcvbn-ts/language-common (MIT; the frequency-ranked leaked-password list
// zxcvbn uses). Install it somewhere outside the repository and point this
// script at it, so the list can be rebuilt from a named, versioned source:
//
//   mkdir -p /tmp/pw && cd /tmp/pw && npm install --no-save @zxcvbn-ts/language-common
//   node scripts/common-passwords.mjs /tmp/pw/node_modules/@zxcvbn-ts/language-common
//
// Output: one password a line, lower-cased, sorted (byte order, as strcmp),
// unique. Only entries of PASSWORD_MIN_LENGTH (12) characters or more are
// kept: shorter ones are already refused by the length rule, so listing them
// would only make the binary bigger. Lower-casing is ASCII-only, matching the
// C side, which folds ASCII letters before its binary search.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_LENGTH = 12; // PASSWORD_MIN_LENGTH in src/auth/password.h

const [pkgDir, outArg] = process.argv.slice(2);
if (!pkgDir) {
	console.error('usage: node scripts/common-passwords.mjs PATH/TO/@zxcvbn-ts/language-common [OUT]');
	process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(outArg ?? join(here, '..', 'src', 'auth', 'data', 'common-passwords.txt'));

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
if (pkg.name !== '@zxcvbn-ts/language-common') {
	console.error(`${pkgDir} holds ${pkg.name}, not @zxcvbn-ts/language-common`);
	process.exit(1);
}
// The package ships the plain JSON array in src/ beside its compressed copy in dist/.
const source = JSON.parse(readFileSync(join(pkgDir, 'src', 'passwords.json'), 'utf8'));
if (!Array.isArray(source)) {
	console.error('src/passwords.json is not an array');
	process.exit(1);
}

const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const kept = new Set();
for (const entry of source) {
	const word = lower(String(entry));
	// One entry a line: anything that could break the line format is dropped.
	if (/[\x00-\x1f\x7f]/.test(word))
		continue;
	if ([...word].length >= MIN_LENGTH)
		kept.add(word);
}
const cmp = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const words = [...kept].sort(cmp);
writeFileSync(out, words.join('\n') + '\n');
console.log(`${pkg.name}@${pkg.version}: ${source.length} entries, ${words.length} of ${MIN_LENGTH}+ characters -> ${out}`);
