#!/bin/sh
# make check-browser: case.html as a real browser shows it.  Installs
# Debian's chromium when it is missing (as root), triages the demo bundle
# (samples/mkdemo.sh) and a bundle of hostile file names, loads each page
# in headless Chromium through the DevTools protocol (check-page.js) and
# fails on any console error, uncaught exception, error log entry or
# network request; the screenshots stay in BUILD/browser/ for CI.  A page
# made to fail is checked first, so that a checker that sees nothing
# cannot pass.
# Usage: tests/browser/run.sh BUILD_DIR
set -eu
[ $# = 1 ] || { echo "usage: run.sh BUILD_DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
out=$build/browser
fail() { echo "check-browser: FAIL: $*" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || fail "chromium is missing (apt-get install chromium, as root)"
	echo "check-browser: installing chromium"
	apt-get update >/dev/null && apt-get install -y chromium >/dev/null ||
	    fail "apt-get install chromium"
fi
command -v node >/dev/null 2>&1 || fail "node is missing"
# Node 20 has WebSocket behind a flag; later versions have it by default.
if node -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)'; then
	nodews="node"
else
	nodews="node --experimental-websocket --no-warnings"
fi
check() { # PAGE PNG RESULT: the checker's exit status
	set +e
	$nodews "$here/check-page.js" chromium "$1" "$2" > "$3"
	_rc=$?
	set -e
	return $_rc
}

rm -rf "$out"
mkdir -p "$out"
# The checker must see a bad page as bad.
if check "$here/bad.html" "$out/bad.png" "$out/bad.json"; then
	fail "the bad page passed: $(cat "$out/bad.json")"
fi
for w in '"requests":\["http://example.invalid/x.png"\]' '"console":\["boom"\]' \
    'undefinedFunction'; do
	grep -q "$w" "$out/bad.json" || fail "the bad page's $w was not seen: $(cat "$out/bad.json")"
done

sh "$root/samples/mkdemo.sh" "$out/demo" "$build/bin" > "$out/mkdemo.log" 2>&1 ||
    fail "mkdemo.sh: $(tail -3 "$out/mkdemo.log")"
set +e
"$build/bin/case-triage" --at 2025-03-10T12:00:00Z \
    --password-file "$out/demo/p12.pw" \
    --cluster-password-file "$out/demo/cluster.pw" \
    --out-dir "$out/demo-case" "$out/demo" > "$out/demo-case.out" 2>&1
rc=$?
set -e
[ "$rc" = 1 ] || fail "case-triage on the demo: exit $rc"
check "$out/demo-case/case.html" "$out/case.png" "$out/case.json" ||
    fail "case.html: $(cat "$out/case.json")"
grep -q '"svg":3' "$out/case.json" || fail "case.html: not 3 pictures: $(cat "$out/case.json")"
[ -s "$out/case.png" ] || fail "no screenshot"

# Hostile names: markup in file names must stay text (no request, no
# script run).
h=$out/hostile
mkdir -p "$h/<img src=http:%2F%2Fexample.invalid%2Fa.png>"
cp "$out/demo/tftp/cucm-pub/ITLFile.tlv" \
    "$h/<img src=http:%2F%2Fexample.invalid%2Fa.png>/<script>console.error(1)<%2Fscript>.tlv"
set +e
"$build/bin/case-triage" --out-dir "$out/hostile-case" "$h" > "$out/hostile.out" 2>&1
set -e
check "$out/hostile-case/case.html" "$out/hostile.png" "$out/hostile.json" ||
    fail "hostile case.html: $(cat "$out/hostile.json")"
echo "check-browser: ok (screenshots in $out)"
