#!/bin/sh
# The HTML report in a real browser: Debian's Chromium, headless, loads a
# report written by a small real run from disk, opens a cell from the URL
# hash (#cell=close-unread/write-first/ipv4), and takes screenshots of the
# matrix and of the opened cell. The rendered DOM must hold the grid (a
# button for every cell) and the cell's detail (its packet ladder as SVG with
# the RST, expected against actual, the link to its pcap); the page must log
# nothing to the console (no "Uncaught" error, no refused fetch). A copy of
# the page with a driving script added checks the verdict and text filters
# and that a click opens a cell. Then the hostile fixture: its strings must
# not become elements.
#
# usage: sh tests/test-browser.sh [BUILD_DIR]   (default: build)
# Without Chromium it says "skip: chromium not installed" and passes.
# FINRST_SCREENSHOTS=DIR keeps the screenshots (matrix.png, cell.png) there.
# Ends with "browser: N passed, M failed".

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)

browser=""
for candidate in chromium chromium-browser; do
	if command -v "$candidate" >/dev/null 2>&1; then
		browser=$candidate
		break
	fi
done
if [ -z "$browser" ]; then
	echo "skip: chromium not installed (apt-get install chromium): the report is not checked in a browser"
	echo "browser: 0 passed, 0 failed"
	exit 0
fi
. "$root/tests/script-helpers.sh"
helpers_begin browser "$build"

helpers_temporary
shots=${FINRST_SCREENSHOTS:-$tmp/shots}
mkdir -p "$shots" || exit 1

# browse URL ARGS...: headless Chromium as root, a fresh profile each time,
# nothing fetched in the background; stdout to $tmp/dom, stderr (with the
# console, at --v=0) to $tmp/log.
browse() {
	url=$1
	shift
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --enable-logging=stderr --v=0 "$@" "$url" >"$tmp/dom" 2>"$tmp/log"
	status=$?
}

# The page logs nothing itself, so any console line is an error or a refusal.
quiet_console() {
	if grep -E 'CONSOLE|Uncaught' "$tmp/log" >"$tmp/console"; then
		fail "$1: nothing on the console" "$(cat "$tmp/console")"
	else
		pass "$1: nothing on the console"
	fi
}

is_png() {
	[ -s "$1" ] && [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '211PNG' ]
}

has() {
	if grep -F -q -- "$2" "$tmp/dom"; then pass "$1"; else fail "$1" "'$2' not in the rendered DOM"; fi
}

out=$tmp/run
if ! "$finrst" run -o "$out" --html "$out/index.html" 'close/*' 'close-unread/*' 'linger0/*' >"$tmp/run.out" 2>&1; then
	fail "run close/* close-unread/* linger0/* --html" "$(cat "$tmp/run.out")"
	helpers_end
	exit 1
fi
page="file://$out/index.html"
cells=$(grep -o '"id": *"[^"]*/ipv[46]"' "$out/results.json" | wc -l | tr -d ' ')

# ---- the matrix ----

browse "$page" --screenshot="$shots/matrix.png" --window-size=1400,1000
if [ "$status" -eq 0 ] && is_png "$shots/matrix.png"; then pass "screenshot of the matrix: $shots/matrix.png"; else fail "screenshot of the matrix" "exit $status; $(tail -5 "$tmp/log")"; fi
quiet_console "the matrix"
browse "$page" --dump-dom
buttons=$(grep -o '<button type="button" class="cell v-' "$tmp/dom" | wc -l | tr -d ' ')
if [ "$buttons" -eq "$cells" ]; then pass "the grid has a button for each of the $cells cells"; else fail "the grid has a button for each of the $cells cells" "$buttons buttons"; fi
has "the summary bar counts the verdicts" 'data-verdict="xfail"'
has "a grid per family" '<section data-family="ipv6">'
has "the cells show what each side sent" '<span class="t-RST">RST</span>'
if grep -q '<aside id="detail" hidden' "$tmp/dom"; then pass "no cell is open without a hash"; else fail "no cell is open without a hash" "$(grep -o '<aside[^>]*>' "$tmp/dom")"; fi

# ---- a cell opened from the URL hash ----

cell=close-unread/write-first/ipv4
browse "$page#cell=$cell" --screenshot="$shots/cell.png" --window-size=1400,1000
if [ "$status" -eq 0 ] && is_png "$shots/cell.png"; then pass "screenshot of the opened cell: $shots/cell.png"; else fail "screenshot of the opened cell" "exit $status; $(tail -5 "$tmp/log")"; fi
quiet_console "the opened cell"
browse "$page#cell=$cell" --dump-dom
has "the detail of $cell is open" "<aside id=\"detail\" aria-live=\"polite\" data-cell=\"$cell\">"
has "its packet ladder is drawn as SVG" '<svg class="ladder"'
has "the ladder shows the client's RST" 'RST ACK  seq 1001 ack 1001 len 0'
has "the ladder marks the client's close() on its lifeline" '>close() = 0<title>client: close() = 0 at'
has "the ladder marks the server's ECONNRESET" 'recv(non-blocking) = -1 ECONNRESET'
has "expected against actual, with the reference" 'Expected against actual'
has "both sides' calls with errno" '<td class="mono nowrap bad">ECONNRESET</td>'
has "the link to its pcap" 'href="pcaps/close-unread_write-first_ipv4.pcap"'
has "its documented deviation" 'documented deviation: '
has "the cell is marked in the grid" "class=\"cell v-xfail selected\" data-cell=\"$cell\""

browse "$page#cell=no-such/cell/ipv4" --dump-dom
has "an unknown cell in the hash says so" 'No cell with this id is in these results.'

# ---- filters and clicks, driven by a script added to a copy of the page ----

cat >"$tmp/drive.js" <<'JS'
<script>
window.addEventListener('load', function () {
  var seen = [], shown = function () { return document.getElementById('shown').textContent; };
  var chip = document.querySelector('.chip[data-verdict="pass"]');
  chip.click();
  seen.push('without pass: ' + shown());
  seen.push('pass cells not dimmed: ' + document.querySelectorAll('button.cell.v-pass:not(.dim)').length);
  chip.click();
  var input = document.getElementById('text-filter');
  input.value = 'close-unread/write-first';
  input.dispatchEvent(new Event('input'));
  seen.push('text: ' + shown());
  seen.push('rows: ' + Array.prototype.filter.call(document.querySelectorAll('#matrix tbody tr'), function (row) { return !row.hidden; }).length);
  input.value = '';
  input.dispatchEvent(new Event('input'));
  seen.push('cleared: ' + shown());
  document.querySelector('button.cell[data-cell="linger0/drain/ipv6"]').click();
  setTimeout(function () {
    seen.push('clicked: ' + document.getElementById('detail').getAttribute('data-cell') + ' ' + location.hash);
    document.body.setAttribute('data-driven', seen.join('; '));
  }, 50);
});
</script>
JS
awk -v drive="$tmp/drive.js" '/^<\/body>/ { while ((getline line < drive) > 0) print line } { print }' "$out/index.html" >"$out/driven.html"
browse "file://$out/driven.html" --dump-dom --virtual-time-budget=2000
quiet_console "the driven page"
driven=$(grep -o 'data-driven="[^"]*"' "$tmp/dom")
total=$cells
passes=$(grep -o '"verdict": *"pass"' "$out/results.json" | wc -l | tr -d ' ')
for want in "without pass: $((total - passes)) of $total cells shown" "pass cells not dimmed: 0" \
	"text: 2 of $total cells shown" "rows: 2" "cleared: $total of $total cells shown" \
	"clicked: linger0/drain/ipv6 #cell=linger0/drain/ipv6"; do
	case $driven in
	*"$want"*) pass "driven page: $want" ;;
	*) fail "driven page: $want" "$driven" ;;
	esac
done

# ---- hostile strings stay text ----

"$finrst" report "$root/tests/fixtures/hostile-results.json" --html "$tmp/hostile/index.html" >/dev/null 2>&1
hostile_cell='close%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E/%22quotes%27/ipv4'
browse "file://$tmp/hostile/index.html#cell=$hostile_cell" --dump-dom
quiet_console "the hostile report"
scripts=$(grep -o -i '<script' "$tmp/dom" | wc -l | tr -d ' ')
if [ "$scripts" -eq 3 ]; then pass "hostile: no script element was injected"; else fail "hostile: no script element was injected" "$scripts <script elements"; fi
for element in '<img' '<svg onload' '<b>Linux'; do
	if grep -F -q -- "$element" "$tmp/dom"; then fail "hostile: no $element element" "$(grep -F -o -- "$element[^>]*>" "$tmp/dom" | head -3)"; else pass "hostile: no $element element"; fi
done
has "hostile: the cell opened from its escaped id" 'data-cell="close&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;/&quot;quotes'"'"'/ipv4">'
has "hostile: its strings are shown as text" 'RST&lt;img src=x onerror=alert(2)&gt;'
has "hostile: a javascript: pcap becomes a relative path" 'javascript%3Aalert(1)"'

helpers_end
