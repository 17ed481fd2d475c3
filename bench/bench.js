// Runs every contender interleaved, in rounds, in this one page; reports medians.
import { loadPatmint, loadScanner } from '../www/lib/load-patmint.js';
import { nanoid } from '../node_modules/nanoid/index.browser.js';
import { createSHA256 } from '../node_modules/hash-wasm/dist/index.esm.js';
import { pureJsToken } from './purejs.js';

const out = document.getElementById('out');
const log = (line) => { out.textContent += `${line}\n`; };

const t0 = performance.now(); // ms since navigation start
const { generate, fingerprint, check } = await loadPatmint();
const startup = performance.now();

const ROUNDS = Number(new URLSearchParams(location.search).get('rounds') ?? 9);
const N = 10_000;

/** Ops per second of `run` (which performs `ops` operations), timed over at least 50 ms. */
async function rate(run, ops) {
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < 50) {
    await run();
    done += ops;
  }
  return done / ((performance.now() - start) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function suite(contenders) {
  const results = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, [run, ops]] of Object.entries(contenders)) results[name].push(await rate(run, ops));
  }
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
}

const tokens = generate('ghp', N);
const sha = await createSHA256();

const mint = await suite({
  'patmint generate("ghp", 10000)': [() => generate('ghp', N), N],
  'pure JS (pooled, CRC table)': [() => { for (let i = 0; i < N; i++) pureJsToken(); }, N],
  'nanoid() (21 chars)': [() => { for (let i = 0; i < N; i++) nanoid(); }, N],
  'crypto.randomUUID()': [() => { for (let i = 0; i < N; i++) crypto.randomUUID(); }, N],
});
log(JSON.stringify(mint));

const M = 1000;
const fp = await suite({
  'patmint fingerprint(token)': [() => { for (let i = 0; i < M; i++) fingerprint(tokens[i]); }, M],
  'crypto.subtle.digest (awaited)': [async () => {
    const enc = new TextEncoder();
    for (let i = 0; i < M; i++) await crypto.subtle.digest('SHA-256', enc.encode(tokens[i]));
  }, M],
  'hash-wasm sha256': [() => { for (let i = 0; i < M; i++) sha.init().update(tokens[i]).digest('hex'); }, M],
});
log(JSON.stringify(fp));

const chk = await suite({
  'patmint check(token)': [() => { for (let i = 0; i < M; i++) check(tokens[i]); }, M],
});
log(JSON.stringify(chk));

// The scanner on a 10 MB log with a few tokens (the log of crates/patmint/benches/core.rs), against one
// JS RegExp for the same shapes (what regex scanners do; it cannot prove a checksum).
const scanner = await loadScanner();
const lines = (await (await fetch('../crates/patmint/benches/log-lines.txt')).text()).trimEnd().split('\n');
const parts = [];
let size = 0;
for (let i = 0; size < 10 * 2 ** 20; i++) {
  const line = `${lines[i % lines.length]}\n`;
  parts.push(line);
  size += line.length;
  if (i % 20_000 === 7) parts.push(`Authorization: token ${generate('ghp', 1)[0]}\n`);
}
const log10 = parts.join('');
const SHAPES = /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}|glpat-[A-Za-z0-9_-]{20}|npm_[A-Za-z0-9]{36}|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{49,1024}|xox[abprs]-[0-9][A-Za-z0-9-]{19,254}|[sr]k_(?:test|live)_[A-Za-z0-9]{20,247}|AKIA[0-9A-Z]{16}|hf_[A-Za-z]{34})(?![A-Za-z0-9_])/g;
const found = scanner.scan(log10).length;
const regexFound = [...log10.matchAll(SHAPES)].length;
const scan = await suite({
  'patmint scan(10 MB log)': [() => scanner.scan(log10), log10.length],
  'patmint redact(10 MB log)': [() => scanner.redact(log10), log10.length],
  'JS RegExp matchAll, same shapes': [() => [...log10.matchAll(SHAPES)], log10.length],
});
log(JSON.stringify(scan));

window.benchResults = {
  startupMs: startup, moduleStartMs: t0, mint, fingerprint: fp, check: chk, scan,
  scanLog: { bytes: log10.length, found, regexFound },
  rounds: ROUNDS, userAgent: navigator.userAgent,
};
document.documentElement.dataset.done = 'true';
