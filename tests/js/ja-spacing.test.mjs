// The Japanese table without stray spaces (issue 26.19). Japanese separates no words with
// spaces; the table's one convention is a half-width space that sets a Latin word (GitHub,
// SHA-256, ghp_, {format}) off from the Japanese around it. So an ASCII space is stray:
//  1. beside Japanese punctuation (。、「」（）：…, full-width forms): 「しました。 10 秒」;
//  2. between two Japanese characters: 「火曜日 に失効」, also through a placeholder that holds
//     Japanese text ({date} is 「2026年11月24日火曜日」);
//  3. between a number and a Japanese character: 「10 秒」「あと {n} 日」 (a number is a run of
//     ASCII digits and signs, 1〜100 included, or a placeholder that holds one); a word with a
//     letter (SHA-256, CRC32) is a Latin word, set off by rule 4;
//  4. but not between a Latin word and Japanese: 「GitHub の」「{format} のようです」;
//  5. and never at either end, nor two in a row.
// Placeholders count as what they hold: Latin ones as a Latin word, numeric ones as a number,
// the others (dates, times, names, messages) as Japanese text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STRINGS, LANGUAGES } from '../../www/lib/strings.js';
import { translator } from '../../www/lib/model.js';

/** Placeholders that hold a Latin word, and those that hold a number; the others hold Japanese text. */
const LATIN = new Set(['format', 'prefix', 'masked', 'owner', 'fields']);
const NUMBER = new Set(['n', 'count', 'total', 'added', 'changed', 'unchanged', 'verified', 'line', 'max', 'min']);
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー]/u;
const PUNCTUATION = /[\u3000-\u303f\uff00-\uffef・]/u; // 。、「」（）〜：… and the full-width forms

/**
 * What stands on one side of a space, from the character beside it outwards: 'ja', 'punct',
 * 'latin' (an ASCII word with a letter), 'number' (an ASCII word of digits and signs), 'edge',
 * or 'other' (a dash, a middle dot).
 */
function side(chars) {
  const c = chars[0];
  if (c === undefined) return 'edge';
  if (JAPANESE.test(c)) return 'ja';
  if (PUNCTUATION.test(c)) return 'punct';
  const word = /^[\x21-\x7e]*/.exec(chars)[0];
  if (/[A-Za-z]/.test(word)) return 'latin';
  if (/[0-9]/.test(word)) return 'number';
  return 'other';
}

/** The stray spaces of a Japanese text (the rules above), each as an excerpt with ⎵ for the space. */
function strayJapaneseSpaces(text) {
  const s = text.replace(/\{(\w+)\}/g, (m, name) => (LATIN.has(name) ? 'x' : NUMBER.has(name) ? '0' : '日'));
  const found = [];
  for (const m of s.matchAll(/ +/g)) {
    const before = [...s.slice(0, m.index)].reverse().join('');
    const after = s.slice(m.index + m[0].length);
    const [a, b] = [side(before), side(after)];
    const sides = new Set([a, b]);
    const stray = m[0].length > 1 || sides.has('edge') || sides.has('punct') ||
      ([a, b].every((k) => k === 'ja' || k === 'number') && sides.has('ja'));
    if (stray) found.push(`${[...before.slice(0, 8)].reverse().join('')}⎵${after.slice(0, 8)}`);
  }
  return found;
}

test('the rule: stray spaces are found, the Latin-word convention is kept', () => {
  const stray = (s) => strayJapaneseSpaces(s).length > 0;
  // Rule 1: beside Japanese punctuation.
  assert.ok(stray('コピーしました。 10秒後に消去します。'));
  assert.ok(stray('「 メモ」'));
  assert.ok(stray('名前 （任意）'));
  // Rule 2: between Japanese characters, also through a placeholder holding Japanese text.
  assert.ok(stray('2026年11月24日火曜日 に失効します。'));
  assert.ok(stray('{date} に失効します。'));
  assert.ok(stray('{name} の記録を削除'));
  assert.ok(stray('トークン {name} を再生成'));
  // Rule 3: between a number and Japanese.
  assert.ok(stray('10 秒'));
  assert.ok(stray('あと {n} 日で失効'));
  assert.ok(stray('1〜100 文字'));
  assert.ok(stray('末尾 4 文字'));
  // Rule 5.
  assert.ok(stray(' 先頭'));
  assert.ok(stray('末尾 '));
  assert.ok(stray('GitHub  の'));
  // Rule 4: a Latin word set off from Japanese; numbers and Latin between themselves.
  for (const ok of ['GitHub のプレフィックス', 'SHA-256 フィンガープリント', '{format} のようです', '4 MB を超えています',
    'CRC32 チェックサム', 'ghp_ — 個人アクセストークン', '10秒後に消去します。', '{date}に失効します。',
    'プレフィックス {prefix} を使います', '（wasm の中）', 'Read and write']) {
    assert.deepEqual(strayJapaneseSpaces(ok), [], ok);
  }
});

test('the Japanese table has no stray space', () => {
  assert.ok('ja' in LANGUAGES);
  const found = [];
  for (const [key, text] of Object.entries(STRINGS.ja)) {
    for (const at of strayJapaneseSpaces(text)) found.push(`${key}: ${at}`);
  }
  assert.deepEqual(found, []);
});

test('sentences are joined as each language writes them', () => {
  const en = translator('en');
  const ja = translator('ja');
  assert.equal(en.sentences('Copied.', 'Cleared in 10 s.'), 'Copied. Cleared in 10 s.');
  assert.equal(ja.sentences('コピーしました。', '10秒後に消去します。'), 'コピーしました。10秒後に消去します。');
  assert.equal(ja.sentences('コピーしました。', '', undefined), 'コピーしました。');
  assert.deepEqual(strayJapaneseSpaces(ja.sentences(ja('copied'), ja('autoclear.pending', { time: ja('autoclear.seconds', { n: 10 }) }))), []);
});
