// The same ghp_ format written in plain JS as well as we can, for comparison: pooled
// crypto.getRandomValues, rejection sampling, a CRC32 table, fixed-width base62.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CRC_TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c >>> 0;
}
const POOL = new Uint8Array(65536);
let pos = POOL.length;
const codes = new Uint8Array(30);

function randomByte() {
  if (pos === POOL.length) {
    crypto.getRandomValues(POOL);
    pos = 0;
  }
  return POOL[pos++];
}

export function pureJsToken() {
  let crc = 0xffffffff;
  let body = '';
  for (let i = 0; i < 30; ) {
    const b = randomByte();
    if (b >= 248) continue;
    const c = ALPHABET.charCodeAt(b % 62);
    codes[i++] = c;
    crc = CRC_TABLE[(crc ^ c) & 0xff] ^ (crc >>> 8);
  }
  body = String.fromCharCode.apply(null, codes);
  let v = (crc ^ 0xffffffff) >>> 0;
  let sum = '';
  for (let i = 0; i < 6; i++) {
    sum = ALPHABET[v % 62] + sum;
    v = Math.floor(v / 62);
  }
  return `ghp_${body}${sum}`;
}
