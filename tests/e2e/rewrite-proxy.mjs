// An attacker's HTTP proxy for tests/e2e/git-server.test.mjs: git sends its requests through
// it (`-c http.proxy=…`), and it rewrites each request's path and query — exactly, byte for
// byte, with no normalisation — before passing it on, so that a stock git client speaks the
// spellings a proxy configuration must not be fooled by (`git%2Dreceive-pack`, `%76ictim`,
// `..`). A child process: git runs synchronously in the test, which would block a proxy that
// lived in the test's own event loop.
//
//   node rewrite-proxy.mjs PORT '[["from", "to"], …]'   (prints "ready" once listening)
import http from 'node:http';

const [port, rules] = [Number(process.argv[2]), JSON.parse(process.argv[3])];
const server = http.createServer((req, res) => {
  // Absolute form (a proxy request): keep the raw path, never parse it through URL (which
  // would resolve `..` and decode nothing else).
  const m = /^http:\/\/([^/]+)(\/.*)$/.exec(req.url);
  if (!m) {
    res.writeHead(400).end();
    return;
  }
  let path = m[2];
  for (const [from, to] of rules) path = path.split(from).join(to);
  const [host, targetPort] = m[1].split(':');
  const upstream = http.request({ host, port: Number(targetPort ?? 80), method: req.method, path, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => res.writeHead(502).end());
  req.pipe(upstream);
});
server.listen(port, '127.0.0.1', () => console.log('ready'));
