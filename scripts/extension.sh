# shellcheck shell=bash
# The extension, assembled from extension/ and the shared page code into dist/.

# The extension: extension/'s pages, locales and icons, its scripts bundled with the shared UI
# (www/lib) they import, the core (www/pkg) and the page style, assembled — never copied by
# hand — into dist/chrome and dist/firefox, and zipped.
build_extension() {
  log "extension (dist/chrome, dist/firefox)"
  rm -rf dist
  local browser
  for browser in chrome firefox; do
    local out="dist/$browser"
    mkdir -p "$out/pkg"
    # Everything but the scripts, which are bundled below.
    (cd extension && find . -type f ! -name '*.js' -exec cp --parents {} "../$out/" \;)
    # The glue of the core, the scanner and the verifier (the options page's Import reads a
    # records file with the verifier's parser), and each wasm as it is (embed_wasm).
    local package
    for package in pkg/patmint pkg-scan/patmint_scan pkg-verify/patmint_verify; do
      cp "www/pkg/${package#*/}.js" "$out/pkg/"
      embed_wasm "${package}_bg.wasm" plain > "$out/pkg/${package#*/}_wasm.js"
    done
    cp www/style.css "$out/style.css"
    # Each entry (background, options, offscreen, popup; clipboard.js for Firefox's background
    # page) is one module bundled from extension/ and the www/lib modules it imports, with the
    # plain wasm modules above: the popup, opened on every click, starts about 10 % sooner than
    # from a graph of fifteen modules (bench/ux.mjs). Not minified; see tools/extension-bundle.mjs.
    node tools/extension-bundle.mjs "$out"
    rm "$out/pkg/patmint_wasm.js" # the core's: inside every bundle that loads it
    # One source manifest valid in both browsers; what each package leaves out (keys, files)
    # is data in extension/browsers.json.
    node tools/extension-manifest.mjs "$browser" "$(version)" "$out"
    (cd "$out" && zip -qrX "../patmint-$browser.zip" .)
  done
  printf 'extension: dist/chrome (load unpacked), dist/firefox, dist/patmint-chrome.zip, dist/patmint-firefox.zip\n'
}
