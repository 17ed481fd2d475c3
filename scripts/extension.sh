# shellcheck shell=bash
# The extension, assembled from extension/ and the shared page code into dist/.

# The extension: extension/ plus the shared UI (www/lib), the core (www/pkg) and the page style,
# assembled — never copied by hand — into dist/chrome and dist/firefox, and zipped.
build_extension() {
  log "extension (dist/chrome, dist/firefox)"
  rm -rf dist
  local browser
  for browser in chrome firefox; do
    local out="dist/$browser"
    mkdir -p "$out/lib" "$out/pkg"
    cp -R extension/. "$out/"
    cp www/lib/*.js "$out/lib/"
    # The glue of the core, the scanner and the verifier (the options page's Import reads a
    # records file with the verifier's parser), and each wasm as it is (embed_wasm).
    local package
    for package in pkg/patmint pkg-scan/patmint_scan pkg-verify/patmint_verify; do
      cp "www/pkg/${package#*/}.js" "$out/pkg/"
      embed_wasm "${package}_bg.wasm" plain > "$out/pkg/${package#*/}_wasm.js"
    done
    cp www/style.css "$out/style.css"
    # The popup opens on every click of the toolbar button: one bundled module instead of a graph
    # of fifteen starts it about 10 % sooner (bench/ux.mjs). It sits at the package root, where
    # load-patmint.js's '../pkg/…' still names pkg/ (a URL's '..' stops at the root). Not
    # minified, so that a store reviewer can read it; esbuild is pinned by package-lock.json, so
    # the AMO source package rebuilds it byte for byte (tests/store/amo-source.test.mjs).
    esbuild "$out/popup.js" --bundle --format=esm --log-level=warning --allow-overwrite --outfile="$out/popup.js"
    # One source manifest valid in both browsers; what each package leaves out (keys, files)
    # is data in extension/browsers.json.
    node tools/extension-manifest.mjs "$browser" "$(version)" "$out"
    (cd "$out" && zip -qrX "../patmint-$browser.zip" .)
  done
  printf 'extension: dist/chrome (load unpacked), dist/firefox, dist/patmint-chrome.zip, dist/patmint-firefox.zip\n'
}
