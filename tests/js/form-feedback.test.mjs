// The create form's feedback logic (www/lib/form-feedback.js), issue 26: lengths counted as the
// user sees them with the core's count as the limit (26.26, 24), the core's messages as
// sentences and in the fine-grained form's words (26.18), the prefix told as it is typed (26.24),
// and messages said again in another language (26.18).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  asSentence, checkPrefixField, descriptionLengthWarning, errorText, lengthProblem, noteLengthWarning, retranslate,
  say, visibleLength,
} from '../../www/lib/form-feedback.js';
import { MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, accessText, translator } from '../../www/lib/model.js';

const en = translator('en');
const ja = translator('ja');
const FAMILY = '👨‍👩‍👧‍👦'; // 7 code points, one character as the user sees it

test('lengths: what the user sees is counted, the core\'s count is the limit', () => {
  assert.equal([...FAMILY].length, 7);
  assert.equal(visibleLength(FAMILY.repeat(20)), 20);
  assert.equal(visibleLength('e\u0301'.repeat(3)), 3, 'combining accents');
  assert.equal(visibleLength('日本語'), 3);
  // 20 family emoji: 20 characters on screen, 140 for the core, whose limit is 100.
  assert.deepEqual(lengthProblem(FAMILY.repeat(20), MAX_NAME_CHARS), { n: 20, stored: 140, max: 100 });
  const warning = noteLengthWarning(FAMILY.repeat(20), en);
  assert.match(warning, /its 20 characters count as 140/);
  assert.match(warning, /at most 100/);
  assert.doesNotMatch(warning, /has 140 characters/);
  // Within the core's bound: nothing to say, however it is counted.
  assert.equal(noteLengthWarning(FAMILY.repeat(14), en), '');
  assert.equal(noteLengthWarning('a'.repeat(100), en), '');
  assert.equal(noteLengthWarning(` ${'a'.repeat(100)} `, en), '', 'trimmed, as the core trims');
  // Plain text: one count, the plain message.
  assert.equal(noteLengthWarning('a'.repeat(120), en), 'The note has 120 characters: at most 100. Shorten it.');
  assert.equal(noteLengthWarning('あ'.repeat(120), ja), 'メモが120文字あります。100文字までに短くしてください。');
  // The fine-grained form's field is the "Token name".
  assert.equal(noteLengthWarning('a'.repeat(120), en, { fine: true }), 'The token name has 120 characters: at most 100. Shorten it.');
  assert.match(noteLengthWarning(FAMILY.repeat(20), ja, { fine: true }), /^トークン名が長すぎます。20文字ですが.*140文字.*100文字/);
});

test('the description: a 1 100-character paste is kept and said, not cut to 1 024', () => {
  assert.equal(MAX_DESCRIPTION_CHARS, 1024);
  assert.equal(descriptionLengthWarning('d'.repeat(1100), en), 'The description has 1100 characters: at most 1024. Shorten it.');
  assert.equal(descriptionLengthWarning('d'.repeat(1024), en), '');
  assert.match(descriptionLengthWarning(FAMILY.repeat(200), en), /its 200 characters count as 1400/);
});

test('the core\'s messages as sentences, and in the fine-grained form\'s words', () => {
  assert.equal(asSentence('a note is required: what is this token for?'), 'A note is required: what is this token for?');
  assert.equal(asSentence('the note is too long: at most 100 characters'), 'The note is too long: at most 100 characters.');
  assert.equal(asSentence('メモは必須です。'), 'メモは必須です。');
  const err = { code: 'empty_name', message: 'a note is required: what is this token for?' };
  assert.equal(errorText(en, err), 'A note is required: what is this token for?');
  assert.equal(errorText(en, err, { fine: true }), 'A token name is required: give this token a unique name.');
  assert.equal(errorText(ja, err), 'メモは必須です。このトークンの用途は？');
  assert.match(errorText(ja, err, { fine: true }), /^トークン名は必須です/);
  for (const code of ['empty_name', 'name_too_long', 'name_holds_token']) {
    assert.doesNotMatch(errorText(en, { code, message: 'the note …' }, { fine: true }), /note/i, code);
  }
  // Other codes are the core's own, in either form.
  assert.equal(errorText(en, { code: 'invalid_level', message: 'invalid level: use read or write' }, { fine: true }),
    'Invalid level: use read or write.');
});

test('one permission is "1 permission"', () => {
  const r = { format: 'github_pat', resourceOwner: 'octo', repositoryAccess: { kind: 'all' }, permissions: { issues: 'read' } };
  assert.equal(accessText(r, en), 'octo · All repositories · 1 permission');
  assert.equal(accessText({ ...r, permissions: { issues: 'read', metadata: 'read' } }, en), 'octo · All repositories · 2 permissions');
});

/** A stand-in for the page's slots: `$(id)` gives an object with textContent and value. */
function fakeForm(ids) {
  const els = Object.fromEntries(ids.map((id) => [id, { id, textContent: '', value: '' }]));
  return (id) => els[id] ?? null;
}

test('the prefix is told as it is typed: the tidy-up at once, a problem typing cannot fix at once, a short one when left', () => {
  const $ = fakeForm(['prefix', 'prefix-note', 'prefix-error']);
  $('prefix').value = 'MyService';
  assert.equal(checkPrefixField($, en), 'myservice');
  assert.equal($('prefix-note').textContent, 'Using the prefix myservice (lower-cased).');
  assert.equal($('prefix-error').textContent, '');
  $('prefix').value = 'my-service';
  checkPrefixField($, en);
  assert.equal($('prefix-note').textContent, '');
  assert.match($('prefix-error').textContent, /may hold only lowercase letters/);
  $('prefix').value = 'm';
  checkPrefixField($, en);
  assert.equal($('prefix-error').textContent, '', 'too short while typing: more typing fixes it');
  checkPrefixField($, en, { final: true });
  assert.match($('prefix-error').textContent, /too short/, 'said once the field is left');
  $('prefix').value = 'acme_';
  checkPrefixField($, en);
  assert.equal($('prefix-error').textContent, '');
  assert.match($('prefix-note').textContent, /trailing _ dropped/);
});

test('a message is said again in another language while its slot still shows it', () => {
  const $ = fakeForm(['note-error', 'prefix', 'prefix-note', 'prefix-error', 'form-error']);
  say($('note-error'), (t) => errorText(t, { code: 'empty_name', message: 'a note is required: what is this token for?' }), en);
  $('prefix').value = 'Acme';
  checkPrefixField($, en);
  say($('form-error'), () => 'gone', en);
  $('form-error').textContent = ''; // emptied since (the field changed)
  retranslate($, ja);
  assert.equal($('note-error').textContent, 'メモは必須です。このトークンの用途は？');
  assert.equal($('prefix-note').textContent, 'プレフィックス acme を使います（小文字にしました）。');
  assert.equal($('form-error').textContent, '', 'an emptied slot stays empty');
  retranslate($, en);
  assert.equal($('note-error').textContent, 'A note is required: what is this token for?');
});
