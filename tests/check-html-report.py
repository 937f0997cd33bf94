#!/usr/bin/env python3
"""Checks that a finrst HTML page is self-contained and that the data in it
cannot become markup, whatever its strings hold.

usage: check-html-report.py HTML [ID=JSON_FILE ...] [--pcaps-exist]

For each ID=JSON_FILE, the page's <script type="application/json" id=ID>
must hold exactly the document in JSON_FILE once parsed: nothing was lost to
escaping and no string ended the element early. Always checked:
  - no '<', '>' or '&' inside a data element, no raw U+2028 or U+2029;
  - as many <script openings as </script closings, and only the page's
    own scripts (the data elements and one script of code);
  - no <img, <iframe, <object, <embed, <link, <base or src= outside the data;
  - no network address other than the SVG namespace, and no fetch,
    XMLHttpRequest, WebSocket or import;
  - the script never uses innerHTML, outerHTML, insertAdjacentHTML,
    document.write or eval;
  - a Content-Security-Policy with default-src 'none'.
With --pcaps-exist, every cell's pcap, reached from the page's directory
through the page's pcap_base, exists (the links work).

Prints one line per problem and exits 1 if there is any.
"""
import json
import os
import re
import sys

FORBIDDEN_MARKUP = ("<img", "<iframe", "<object", "<embed", "<link", " src=", "<base")
FORBIDDEN_SCRIPT = ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                    "fetch(", "XMLHttpRequest", "WebSocket", "import(", "new Function")


def data_elements(page):
    """{id: content} of every <script type="application/json" id=...>."""
    found = {}
    for match in re.finditer(r'<script type="application/json" id="([^"]+)">(.*?)</script', page, re.S | re.I):
        found[match.group(1)] = match.group(2)
    return found


def check(path, expected, pcaps_exist):
    problems = []
    with open(path, encoding="utf-8") as file:
        page = file.read()
    lower = page.lower()
    elements = data_elements(page)
    for element_id, content in elements.items():
        for char in "<>&":
            if char in content:
                problems.append("data element %s holds a raw %r" % (element_id, char))
    for separator in ("\u2028", "\u2029"):
        if separator in page:
            problems.append("the page holds a raw U+%04X" % ord(separator))
    openings, closings = lower.count("<script"), lower.count("</script")
    if openings != closings or openings != len(elements) + 1:
        problems.append("%d <script openings and %d </script closings for %d data elements and one script"
                        % (openings, closings, len(elements)))
    # Inside a data element such text is a JSON string, inert; anywhere else it is markup.
    markup_only = re.sub(r'<script type="application/json" id="[^"]+">.*?</script', "", page, flags=re.S | re.I).lower()
    for markup in FORBIDDEN_MARKUP:
        if markup in markup_only:
            problems.append("the page holds %r outside its data" % markup)
    addresses = set(re.findall(r"(?:https?|wss?|ftp)://[^\s\"'<>)]*", page)) - {"http://www.w3.org/2000/svg"}
    if addresses:
        problems.append("the page names network addresses: %s" % ", ".join(sorted(addresses)))
    code = page[page.lower().rfind("<script>"):]
    for word in FORBIDDEN_SCRIPT:
        if word in code:
            problems.append("the page's script uses %s" % word)
    if not re.search(r"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'", page):
        problems.append("no Content-Security-Policy with default-src 'none'")
    documents = {}
    for element_id, json_path in expected:
        with open(json_path, encoding="utf-8") as file:
            wanted = json.load(file)
        if element_id not in elements:
            problems.append("no data element %s" % element_id)
            continue
        try:
            documents[element_id] = json.loads(elements[element_id])
        except ValueError as error:
            problems.append("data element %s is not JSON: %s" % (element_id, error))
            continue
        if documents[element_id] != wanted:
            problems.append("data element %s differs from %s" % (element_id, json_path))
    if pcaps_exist:
        problems.extend(check_pcap_links(path, elements))
    return problems


def check_pcap_links(path, elements):
    problems = []
    try:
        results = json.loads(elements["finrst-results"])
        base = json.loads(elements["finrst-context"])["pcap_base"]
    except (KeyError, ValueError) as error:
        return ["cannot read the results and pcap_base from the page: %s" % error]
    for cell in results.get("cells", []):
        if cell.get("pcap"):
            target = os.path.join(os.path.dirname(os.path.abspath(path)), base, cell["pcap"])
            if not os.path.isfile(target):
                problems.append("%s: its pcap link leads to %s, which does not exist" % (cell["id"], target))
    return problems


def main(argv):
    arguments = [a for a in argv[1:] if a != "--pcaps-exist"]
    if not arguments or any("=" not in a for a in arguments[1:]):
        sys.stderr.write("usage: check-html-report.py HTML [ID=JSON_FILE ...] [--pcaps-exist]\n")
        return 2
    expected = [tuple(a.split("=", 1)) for a in arguments[1:]]
    problems = check(arguments[0], expected, "--pcaps-exist" in argv)
    for problem in problems:
        print("%s: %s" % (arguments[0], problem))
    if problems:
        return 1
    print("%s: self-contained, data intact and inert" % os.path.basename(arguments[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
