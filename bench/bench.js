// Runs every contender interleaved, in rounds, in this one page; reports medians.
import { generate, fingerprint, check } from '../www/pkg/patmint.js';
import { loadPatmint } from '../www/lib/load-patmint.js';
import { nanoid } from '../node_modules/nanoid/index.browser.js';
import { createSHA256 } from '../node_modules/hash-wasm/dist/index.esm.js';
import { pureJsToken } from './purejs.js';

const out = document.getElementById('out');
const log = (line) => { out.textContent += `${line}\n`; };

const t0 = performance.now(); // ms since navigation start
await loadPatmint();
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

window.benchResults = { startupMs: startup, moduleStartMs: t0, mint, fingerprint: fp, check: chk, rounds: ROUNDS, userAgent: navigator.userAgent };
document.documentElement.dataset.done = 'true';
