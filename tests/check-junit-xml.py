#!/usr/bin/env python3
"""Reads a finrst JUnit XML report back with an independent consumer
(xml.etree) and checks it against the results JSON it was rendered from.

usage: check-junit-xml.py JUNIT_XML RESULTS_JSON

Checks: one <testsuite> per mode in the order of the cells, one <testcase>
per cell (classname = mode, name = pattern/family, time = duration in
seconds); the counts of each testsuite and of <testsuites> agree with the
verdicts; a failing cell has <failure> whose message names every mismatched
field with its expected and actual value, and whose body holds the ladder;
an error cell has <error>, a skipped one <skipped>, each with the cell's
reason as message; an xfail cell passes and carries its deviation in
<system-out> and as a testsuite property. Strings are compared exactly,
after making the JSON's text legal XML 1.0 the way finrst documents it
(each forbidden character written as the text \\uXXXX).

Prints one line per problem and exits 1 if there is any; otherwise prints
"junit.xml: N testcases checked, 0 problems".
"""
import json
import sys
import xml.etree.ElementTree as ElementTree


def xml_legal(text):
    """XML 1.0 allows tab, newline, carriage return, U+0020..U+D7FF,
    U+E000..U+FFFD and beyond U+FFFF; anything else becomes \\uXXXX text."""
    out = []
    for char in str(text):
        code = ord(char)
        if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000:
            out.append(char)
        else:
            out.append("\\u%04X" % code)
    return "".join(out)


class Checker:
    def __init__(self, path):
        self.path = path
        self.problems = []

    def problem(self, where, text):
        self.problems.append("%s: %s: %s" % (self.path, where, text))

    def same(self, where, what, expected, actual):
        if expected != actual:
            self.problem(where, "%s is %r, expected %r" % (what, actual, expected))

    def check(self, root, results):
        cells = results.get("cells", [])
        if root.tag != "testsuites":
            self.problem("root", "is <%s>, not <testsuites>" % root.tag)
            return 0
        modes = []
        for cell in cells:
            if cell["mode"] not in modes:
                modes.append(cell["mode"])
        suites = root.findall("testsuite")
        self.same("testsuites", "the modes of the testsuites", [xml_legal(m) for m in modes],
                  [s.get("name") for s in suites])
        self.check_counts("testsuites", root, cells)
        checked = 0
        for suite, mode in zip(suites, modes):
            of_mode = [c for c in cells if c["mode"] == mode]
            self.check_counts("testsuite " + mode, suite, of_mode, skipped=True)
            self.check_xfail_properties(suite, of_mode)
            cases = suite.findall("testcase")
            self.same("testsuite " + mode, "the number of testcases", len(of_mode), len(cases))
            for case, cell in zip(cases, of_mode):
                self.check_case(case, cell)
                checked += 1
        self.same("document", "the number of testcases", len(cells), len(list(root.iter("testcase"))))
        return checked

    def check_counts(self, where, element, cells, skipped=False):
        verdicts = [c["verdict"] for c in cells]
        self.same(where, "tests", str(len(cells)), element.get("tests"))
        self.same(where, "failures", str(verdicts.count("fail")), element.get("failures"))
        self.same(where, "errors", str(verdicts.count("error")), element.get("errors"))
        if skipped:
            self.same(where, "skipped", str(verdicts.count("skip")), element.get("skipped"))

    def check_xfail_properties(self, suite, cells):
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        for cell in cells:
            if cell["verdict"] != "xfail":
                continue
            name = xml_legal("xfail %s/%s" % (cell["pattern"], cell["family"]))
            self.same(cell["id"], "the xfail property", xml_legal(cell["expected"].get("deviation", "")),
                      properties.get(name))

    def check_case(self, case, cell):
        where = cell["id"]
        self.same(where, "classname", xml_legal(cell["mode"]), case.get("classname"))
        self.same(where, "name", xml_legal("%s/%s" % (cell["pattern"], cell["family"])), case.get("name"))
        try:
            seconds = float(case.get("time"))
            if abs(seconds - cell["duration_ms"] / 1000.0) > 0.0011:
                self.problem(where, "time %s is not duration_ms %s in seconds" % (seconds, cell["duration_ms"]))
        except (TypeError, ValueError):
            self.problem(where, "time %r is not a number" % case.get("time"))
        children = [child.tag for child in case]
        verdict = cell["verdict"]
        wanted = {"fail": ["failure"], "error": ["error"], "skip": ["skipped"], "xfail": ["system-out"], "pass": []}[verdict]
        self.same(where, "the children of the testcase", wanted, children)
        if verdict == "fail":
            self.check_failure(where, case.find("failure"), cell)
        elif verdict in ("error", "skip"):
            element = case.find("error" if verdict == "error" else "skipped")
            if element is not None:
                self.same(where, "the %s message" % element.tag, xml_legal(cell.get("error", "")) or
                          ("the cell could not be run" if verdict == "error" else ""), element.get("message"))
        elif verdict == "xfail":
            out = case.find("system-out")
            deviation = xml_legal(cell["expected"].get("deviation", ""))
            if out is None or deviation not in (out.text or ""):
                self.problem(where, "the xfail's system-out does not carry its deviation %r" % deviation)

    def check_failure(self, where, failure, cell):
        if failure is None:
            return
        message = failure.get("message") or ""
        for mismatch in cell.get("mismatches", []):
            said = xml_legal("%s: expected %s, actual %s" % (mismatch["field"], mismatch["expected"], mismatch["actual"]))
            if said not in message:
                self.problem(where, "the failure message %r does not say %r" % (message, said))
            reference = xml_legal(mismatch.get("reference", ""))
            if reference and reference not in message:
                self.problem(where, "the failure message does not give the reference %r" % reference)
        if not cell.get("mismatches") and xml_legal(cell.get("error", "")) not in message:
            self.problem(where, "the failure message %r does not give the error" % message)
        body = failure.text or ""
        if "expected" not in body or "actual" not in body:
            self.problem(where, "the failure body has no expected/actual table")
        calls = cell.get("calls", {})
        for side in ("client", "server"):
            for call in calls.get(side, []):
                if not call["call"].startswith("@") and xml_legal(call["call"]) not in body:
                    self.problem(where, "the failure body lacks the %s's call %r" % (side, call["call"]))
        if cell.get("segments") and "-->" not in body and "<--" not in body:
            self.problem(where, "the failure body has no segment ladder")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: check-junit-xml.py JUNIT_XML RESULTS_JSON\n")
        return 2
    checker = Checker(argv[1])
    try:
        root = ElementTree.parse(argv[1]).getroot()
    except (OSError, ElementTree.ParseError) as error:
        print("%s: cannot read as XML: %s" % (argv[1], error))
        return 1
    with open(argv[2], encoding="utf-8") as file:
        results = json.load(file)
    count = checker.check(root, results)
    for line in checker.problems:
        print(line)
    if checker.problems:
        return 1
    print("junit.xml: %d testcases checked, 0 problems" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
