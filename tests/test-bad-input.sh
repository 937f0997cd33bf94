#!/bin/sh
# Bad input that tests/test-cli.sh, test-compare.sh and test-reports.sh do not
# already give finrst: filters that name an unknown mode, pattern or family
# (the error names it and points to `finrst list`), ids cut short, pairings
# left out; unknown options of list and explain; -j, --repeat and -t out of
# range or not numbers; an empty or unwritable output directory; results
# files that are malformed in ways the others do not try, for report and
# compare; expectation tables malformed in ways the others do not try (the
# error names the file and the line); control characters in what an error
# quotes. Each must exit 2 with one line "finrst: ..." on stderr that says
# what is wrong, and leave the output directory as it was: no temporary
# file, no half-written report, the previous results.json untouched.
#
# usage: sh tests/test-bad-input.sh [BUILD_DIR]   (default: build). Ends with
# "bad-input: N passed, M failed".

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
fixture=$root/tests/fixtures/results-linux.json

. "$root/tests/script-helpers.sh"
helpers_begin bad-input "$build"

helpers_temporary
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# fail NAME [DETAILS]: DETAILS, indented, say what was seen.
# The output directory every refused command is pointed at: it holds the
# results of an earlier run, which a refused command must leave as they were.
out=$tmp/out
if ! "$finrst" run -o "$out" 'close/drain/ipv4' >"$tmp/setup" 2>&1 || [ ! -s "$out/results.json" ]; then
	fail "setup: a run of close/drain/ipv4 writes $out/results.json" "$(cat "$tmp/setup")"
	helpers_end
	exit 1
fi
cp "$out/results.json" "$tmp/results-before.json"
listing() {
	(cd "$out" && find . | sort)
}
listing >"$tmp/listing-before"

# refused NAME TEXT COMMAND...: COMMAND exits 2, its stderr is one line that
# starts with "finrst: " and contains TEXT (a fixed string), nothing appeared
# in or vanished from $out, and results.json there is unchanged.
refused() {
	name=$1 text=$2
	shift 2
	"$@" >"$tmp/stdout" 2>"$tmp/err"
	status=$?
	lines=$(wc -l <"$tmp/err" | tr -d ' ')
	listing >"$tmp/listing-after"
	if [ "$status" -ne 2 ]; then
		fail "$name: exit 2" "$(seen)"
	elif [ "$lines" -ne 1 ] || ! grep -q '^finrst: ' "$tmp/err"; then
		fail "$name: one line 'finrst: ...' on stderr" "$(seen)"
	elif ! grep -F -q -- "$text" "$tmp/err"; then
		fail "$name: the message says '$text'" "$(seen)"
	elif ! cmp -s "$tmp/listing-before" "$tmp/listing-after"; then
		fail "$name: nothing left behind in the output directory" \
			"$(diff "$tmp/listing-before" "$tmp/listing-after")"
	elif ! cmp -s "$tmp/results-before.json" "$out/results.json"; then
		fail "$name: the previous results.json is untouched" "$(seen)"
	else
		pass "$name: $(cat "$tmp/err")"
	fi
}

# also_not TEXT: the last refusal's message does not contain TEXT.
also_not() {
	if grep -F -q -- "$1" "$tmp/err"; then
		fail "  ... and does not say '$1'" "$(cat "$tmp/err")"
	fi
}

# ---- filters: what is unknown is named ----

refused "filter with an unknown mode" "unknown mode 'no-such-mode'" \
	"$finrst" run -o "$out" 'no-such-mode/drain/ipv4'
refused "filter with an unknown mode: see finrst list" "see 'finrst list'" \
	"$finrst" run -o "$out" 'no-such-mode/drain/ipv4'
refused "filter with an unknown mode and glob elsewhere" "unknown mode 'no-such-mode'" \
	"$finrst" run -o "$out" 'no-such-mode/*/ipv6'
refused "filter with an unknown pattern" "unknown pattern 'no-such-pattern'" \
	"$finrst" run -o "$out" 'close/no-such-pattern/ipv4'
refused "filter with an unknown pattern: see finrst list" "see 'finrst list'" \
	"$finrst" run -o "$out" 'close/no-such-pattern/ipv4'
refused "filter with an unknown family" "unknown family 'ipv5'" \
	"$finrst" run -o "$out" 'close/drain/ipv5'
refused "one word that is no mode or pattern" "'frobnicate' names no mode or pattern" \
	"$finrst" run -o "$out" 'frobnicate'
refused "a mode alone: the glob that was meant" "'close/*'" "$finrst" run -o "$out" 'close'
refused "a pattern alone: the glob that was meant" "'*/drain/*'" "$finrst" run -o "$out" 'drain'
refused "mode/pattern without the family" "'close/drain/*'" "$finrst" run -o "$out" 'close/drain'
refused "a pairing left out of the matrix, and why" "close-unread/drain is left out of the matrix" \
	"$finrst" run -o "$out" 'close-unread/drain/ipv4'
refused "a glob that matches nothing" "the filter 'clo*/nothing*' matches no cell" \
	"$finrst" run -o "$out" 'clo*/nothing*'
also_not "perhaps"
refused "explain an unknown pattern" "no-such-pattern" "$finrst" explain -o "$out" 'close/no-such-pattern/ipv4'

# ---- options ----

refused "finrst with an unknown option" "'--frobnicate'" "$finrst" --frobnicate
refused "list with an unknown option" "'--frobnicate'" "$finrst" list --frobnicate
refused "explain with an unknown option" "'--frobnicate'" "$finrst" explain --frobnicate close/drain/ipv4
for jobs in -1 999999 2x ''; do
	refused "run -j '$jobs'" "--jobs needs a whole number from 1 to 256, not '$jobs'" \
		"$finrst" run -o "$out" -j "$jobs" 'close/drain/ipv4'
done
for repeat in 0 -1 x 2.5 100001 ''; do
	refused "run --repeat '$repeat'" "--repeat needs a whole number from 1 to 100000, not '$repeat'" \
		"$finrst" run -o "$out" --repeat "$repeat" 'close/drain/ipv4'
done
refused "run -r without its number" "incomplete option '-r'" "$finrst" run -o "$out" -r
# Options may follow the filters; after --, everything is a filter.
refused "a filter after -- that looks like an option" "cell ids never start with '-'" \
	"$finrst" run -o "$out" 'close/drain/ipv4' -- --junit
for limit in -1 x 10ms 3600001; do
	refused "run -t '$limit'" "--time-limit needs a whole number from 1 to 3600000, not '$limit'" \
		"$finrst" run -o "$out" -t "$limit" 'close/drain/ipv4'
done

# ---- the output directory ----

# "" would mean the root of the file system: results.json and pcaps/ there.
refused "run -o ''" "the output directory needs a name" "$finrst" run -o '' 'close/drain/ipv4'
refused "explain -o ''" "the output directory needs a name" "$finrst" explain -o '' 'close/drain/ipv4'
: >"$tmp/regular-file"
refused "run -o a regular file" "cannot create the output directory $tmp/regular-file/pcaps: Not a directory" \
	"$finrst" run -o "$tmp/regular-file" 'close/drain/ipv4'

# A read-only directory: root writes anywhere, so as root the run is made as
# nobody (setpriv), from a directory nobody may enter.
mkdir -p "$tmp/shared/read-only"
chmod 755 "$tmp" "$tmp/shared"
chmod 555 "$tmp/shared/read-only"
if [ "$(id -u)" != 0 ]; then
	refused "run -o under a read-only directory" "cannot create the output directory $tmp/shared/read-only/out: Permission denied" \
		"$finrst" run -o "$tmp/shared/read-only/out" 'close/drain/ipv4'
elif command -v setpriv >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	refused "run -o under a read-only directory (as nobody)" \
		"cannot create the output directory $tmp/shared/read-only/out: Permission denied" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$finrst" run -o "$tmp/shared/read-only/out" 'close/drain/ipv4'
else
	skip "run -o under a read-only directory: running as root, which may write anywhere, and setpriv cannot drop to nobody"
fi
chmod 700 "$tmp"

# ---- results files report and compare refuse ----

mkdir -p "$tmp/bad"
sed '5s/.*/  "system": "Linux",,/' "$fixture" >"$tmp/bad/malformed.json"
: >"$tmp/bad/empty.json"
mkdir -p "$tmp/bad/directory.json"
printf '"just a string"\n' >"$tmp/bad/string.json"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$fixture" "$tmp/bad" <<'PY'
import json, sys
fixture, bad = sys.argv[1], sys.argv[2]
text = open(fixture, "rb").read()
document = json.loads(text)
def write(name, content):
    open(f"{bad}/{name}", "wb").write(content if isinstance(content, bytes) else content.encode())
def changed(change):
    d = json.loads(json.dumps(document))
    change(d)
    return json.dumps(d, indent=1)
write("no-id.json", changed(lambda d: d["cells"][0].pop("id")))
write("bad-verdict.json", changed(lambda d: d["cells"][1].__setitem__("verdict", "maybe")))
write("cells-object.json", changed(lambda d: d.__setitem__("cells", {})))
write("cell-string.json", changed(lambda d: d["cells"].__setitem__(2, "close/drain/ipv4")))
write("version-string.json", changed(lambda d: d.__setitem__("version", "1")))
write("latin1.json", text.replace(b'"Linux"', b'"Lin\xe9ux"', 1))
write("nul.json", text.replace(b'"version": 1,', b'"version": 1,\x00', 1))
write("trailing.json", text + b"\ngarbage\n")
write("duplicate-key.json", text.replace(b'"version": 1,', b'"version": 1, "version": 1,', 1))
write("deep.json", "[" * 5000)
write("newline-in-token.json", '{"format": "finrst-results", "version": 1, "cells": [{"id": "a\\\n"}]}')
PY
	refused "report: malformed JSON, with line and column" "$tmp/bad/malformed.json:5:" \
		"$finrst" report "$tmp/bad/malformed.json" --junit "$out/junit.xml" --html "$out/index.html"
	refused "report: an empty file" "$tmp/bad/empty.json: not valid JSON: the file is empty" \
		"$finrst" report "$tmp/bad/empty.json" --junit "$out/junit.xml"
	refused "report: a directory" "cannot read $tmp/bad/directory.json: Is a directory" \
		"$finrst" report "$tmp/bad/directory.json"
	refused "report: JSON that is a string" "$tmp/bad/string.json:1:15: not valid JSON: '[' or '{' expected" \
		"$finrst" report "$tmp/bad/string.json"
	refused "report: a cell without an id" "$tmp/bad/no-id.json: cells[0] has no \"id\" string" \
		"$finrst" report "$tmp/bad/no-id.json" --html "$out/index.html"
	refused "report: an unknown verdict" "cells[1] has an unknown verdict" \
		"$finrst" report "$tmp/bad/bad-verdict.json"
	refused "report: cells not an array" "\"cells\" is missing or not an array" \
		"$finrst" report "$tmp/bad/cells-object.json"
	refused "report: a cell that is not an object" "cells[2] is not an object" \
		"$finrst" report "$tmp/bad/cell-string.json"
	refused "report: the version as a string" "is finrst results of a version that is not a whole number" \
		"$finrst" report "$tmp/bad/version-string.json"
	refused "report: not UTF-8" "unable to decode byte 0xe9" "$finrst" report "$tmp/bad/latin1.json"
	refused "report: a NUL byte is not called truncation" "a NUL byte" "$finrst" report "$tmp/bad/nul.json"
	also_not "truncated"
	refused "report: trailing garbage is not called truncation" "end of file expected near 'garbage'" \
		"$finrst" report "$tmp/bad/trailing.json"
	also_not "truncated"
	refused "report: a duplicate key" "duplicate object key" "$finrst" report "$tmp/bad/duplicate-key.json"
	refused "report: nesting too deep" "maximum parsing depth" "$finrst" report "$tmp/bad/deep.json"
	refused "report: a newline quoted from the file stays on the line" "\\x0a" \
		"$finrst" report "$tmp/bad/newline-in-token.json"
	refused "compare: malformed JSON" "$tmp/bad/malformed.json:5:" \
		"$finrst" compare "$fixture" "$tmp/bad/malformed.json" --html "$out/compare.html"
	refused "compare: an empty file" "the file is empty" \
		"$finrst" compare "$tmp/bad/empty.json" "$fixture" --html "$out/compare.html"
	refused "compare: a directory" "Is a directory" "$finrst" compare "$fixture" "$tmp/bad/directory.json"
	refused "compare: a cell without an id" "cells[0] has no \"id\" string" \
		"$finrst" compare "$fixture" "$tmp/bad/no-id.json" --fail-on-diff
else
	skip "python3 not installed: the malformed results files are not made"
fi

# ---- expectation tables: the error names the file and the line ----

# table NAME CONTENT: writes $tmp/NAME.exp.
table() {
	printf "$2" >"$tmp/$1.exp"
}
table unclosed 'platform = linux\n[close/*/*\nclient_teardown = FIN\nreference = R\n'
refused "table: a section header not closed" "$tmp/unclosed.exp:2: a section header is" \
	"$finrst" run -o "$out" -e "$tmp/unclosed.exp" 'close/drain/ipv4'
table no-equals 'platform = linux\n[*/*/*]\nclient_teardown FIN\nreference = R\n'
refused "table: a line without '='" "$tmp/no-equals.exp:3: expected 'field = value'" \
	"$finrst" run -o "$out" -e "$tmp/no-equals.exp" 'close/drain/ipv4'
table bad-word 'platform = linux\n[*/*/*]\nclient_teardown = FIN!\nreference = R\n'
refused "table: a value that is no word" "$tmp/bad-word.exp:3: bad value 'FIN!' for client_teardown" \
	"$finrst" run -o "$out" -e "$tmp/bad-word.exp" 'close/drain/ipv4'
table bad-number 'platform = linux\n[*/*/*]\nserver_writes_before_error = lots\nreference = R\n'
refused "table: a count that is no number" "$tmp/bad-number.exp:3: bad value 'lots' for server_writes_before_error" \
	"$finrst" explain -o "$out" -e "$tmp/bad-number.exp" 'close/drain/ipv4'
table empty-value 'platform = linux\n[*/*/*]\nclient_teardown =\nreference = R\n'
refused "table: an empty value" "$tmp/empty-value.exp:3: bad value '' for client_teardown: the value is empty" \
	"$finrst" run -o "$out" -e "$tmp/empty-value.exp" 'close/drain/ipv4'
table twice 'platform = linux\n[*/*/*]\nclient_teardown = FIN\nreference = R\nreference = S\n'
refused "table: a reference given twice" "$tmp/twice.exp:5: 'reference' given twice" \
	"$finrst" run -o "$out" -e "$tmp/twice.exp" 'close/drain/ipv4'
table before-section 'client_teardown = FIN\n[*/*/*]\nreference = R\n'
refused "table: a field before any section" "$tmp/before-section.exp:1: 'client_teardown' comes before any [GLOB] section" \
	"$finrst" run -o "$out" -e "$tmp/before-section.exp" 'close/drain/ipv4'
table not-a-glob 'platform = linux\n[close]\nclient_teardown = FIN\nreference = R\n'
refused "table: a section that is no cell glob" "$tmp/not-a-glob.exp:2: 'close' is not a cell glob" \
	"$finrst" run -o "$out" -e "$tmp/not-a-glob.exp" 'close/drain/ipv4'
table no-cells 'platform = linux\n[]\nclient_teardown = FIN\nreference = R\n'
refused "table: a section naming no cells" "$tmp/no-cells.exp:2: the section names no cells" \
	"$finrst" run -o "$out" -e "$tmp/no-cells.exp" 'close/drain/ipv4'
table no-field 'platform = linux\n[*/*/*]\nreference = R\n'
refused "table: a section that sets no field" "$tmp/no-field.exp:2: the section sets no field" \
	"$finrst" run -o "$out" -e "$tmp/no-field.exp" 'close/drain/ipv4'
table empty ''
refused "table: an empty file" "$tmp/empty.exp:" "$finrst" run -o "$out" -e "$tmp/empty.exp" 'close/drain/ipv4'
mkdir -p "$tmp/directory.exp"
refused "table: a directory" "cannot read the expectation table $tmp/directory.exp: Is a directory" \
	"$finrst" run -o "$out" -e "$tmp/directory.exp" 'close/drain/ipv4'

# ---- what an error quotes stays on its line ----

refused "a filter with a newline: one line" "'close\\x0a/drain/ipv4'" \
	"$finrst" run -o "$out" 'close
/drain/ipv4'
refused "a file name with an escape sequence: shown, not obeyed" "\\x1b[31m" \
	"$finrst" report "$tmp/no$(printf '\033')[31msuch.json"

helpers_end
