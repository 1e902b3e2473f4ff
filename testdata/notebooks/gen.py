#!/usr/bin/env python3
"""Writes the project's own test notebooks (testdata/notebooks) and the demo
notebooks (testdata/demo). All content is invented for this project.

The files are written exactly the way nbformat writes notebooks:
json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "),
ensure_ascii=False) plus a final newline, with sources, stream text and
text-like mime data split into lines by str.splitlines(True). Standard
library only, so `python3 testdata/notebooks/gen.py` regenerates them
anywhere; the output is deterministic. With two arguments it writes into
those folders instead (the notebook package's tests use that to check the
committed files are what this script writes).
"""

import base64
import json
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(os.path.dirname(HERE), "demo")
if len(sys.argv) == 3:  # gen.py NOTEBOOKS-DIR DEMO-DIR (the tests check the files are current)
    HERE, DEMO = sys.argv[1], sys.argv[2]

SPLIT_MIME = ("image/svg+xml", "application/javascript")


def lines(s):
    return s.splitlines(True)


def bundle(data):
    out = {}
    for k, v in data.items():
        if isinstance(v, str) and (k.startswith("text/") or k in SPLIT_MIME):
            out[k] = lines(v)
        else:
            out[k] = v
    return out


def finish(nb):
    for c in nb["cells"]:
        c["source"] = lines(c["source"])
        for name, att in c.get("attachments", {}).items():
            c["attachments"][name] = bundle(att)
        for o in c.get("outputs", []):
            if o["output_type"] == "stream":
                o["text"] = lines(o["text"])
            elif "data" in o:
                o["data"] = bundle(o["data"])
    return nb


def dumps(nb):
    return json.dumps(finish(nb), indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False) + "\n"


def write(path, nb):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(dumps(nb))


# --- small real PNG images -------------------------------------------------

def png(width, height, pixel):
    """A real RGB PNG; pixel(x, y) returns an (r, g, b) tuple."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        for x in range(width):
            raw.extend(pixel(x, y))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + body).decode("ascii")


def bar_chart(values, width=96, height=64, color=(31, 119, 180)):
    """A bar chart of values as a base64 PNG."""
    top = max(values)
    bar = width // len(values)

    def pixel(x, y):
        i = min(x // bar, len(values) - 1)
        h = int(values[i] / top * (height - 4))
        if x % bar in (0, bar - 1):
            return (255, 255, 255)
        if y >= height - h:
            return color
        return (255, 255, 255)

    return png(width, height, pixel)


def gradient(size=8):
    return png(size, size, lambda x, y: (x * 32, y * 32, 128))


SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">
  <rect x="1" y="1" width="38" height="18" rx="3" fill="#f0c040" stroke="#333"/>
  <text x="20" y="14" font-size="10" text-anchor="middle">ok &amp; go</text>
</svg>
"""

KERNEL = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": "3.11.4",
    },
}


def md(source, id=None, **extra):
    c = {"cell_type": "markdown", "metadata": {}, "source": source}
    if id:
        c["id"] = id
    c.update(extra)
    return c


def raw(source, id=None, metadata=None):
    c = {"cell_type": "raw", "metadata": metadata or {}, "source": source}
    if id:
        c["id"] = id
    return c


def code(source, count=None, outputs=(), id=None, metadata=None):
    c = {"cell_type": "code", "execution_count": count, "metadata": metadata or {}, "outputs": list(outputs), "source": source}
    if id:
        c["id"] = id
    return c


def stream(text, name="stdout"):
    return {"name": name, "output_type": "stream", "text": text}


def result(count, data, metadata=None):
    return {"data": data, "execution_count": count, "metadata": metadata or {}, "output_type": "execute_result"}


def display(data, metadata=None):
    return {"data": data, "metadata": metadata or {}, "output_type": "display_data"}


def error(ename, evalue, traceback):
    return {"ename": ename, "evalue": evalue, "output_type": "error", "traceback": traceback}


def notebook(cells, minor, metadata=None):
    return {"cells": cells, "metadata": metadata if metadata is not None else dict(KERNEL), "nbformat": 4, "nbformat_minor": minor}


# --- testdata/notebooks ----------------------------------------------------

def all_outputs():
    """nbformat 4.5 with ids: every cell type and output kind."""
    tb = [
        "\u001b[0;31m---------------------------------------------------------------------------\u001b[0m",
        "\u001b[0;31mZeroDivisionError\u001b[0m                         Traceback (most recent call last)",
        "Cell \u001b[0;32mIn[4], line 1\u001b[0m\n\u001b[0;32m----> 1\u001b[0m \u001b[43mratio\u001b[49m\u001b[43m(\u001b[49m\u001b[38;5;241;43m3\u001b[39;49m\u001b[43m,\u001b[49m\u001b[43m \u001b[49m\u001b[38;5;241;43m0\u001b[39;49m\u001b[43m)\u001b[49m\n",
        "\u001b[0;31mZeroDivisionError\u001b[0m: division by zero",
    ]
    cells = [
        md("# Every kind of output\n\nA notebook written for the tests of *nbdiff*: stream, results, images, errors.", id="intro-1"),
        code("import sys\nprint(\"hello, world\")\nprint(\"warning: low disk\", file=sys.stderr)", 1,
             [stream("hello, world\n"), stream("warning: low disk\n", "stderr")], id="streams-2"),
        code("{\"a\": 1, \"b\": [1, 2]}", 2,
             [result(2, {"application/json": {"a": 1, "b": [1, 2], "nested": {"ok": True, "none": None, "pi": 3.14159}},
                         "text/plain": "{'a': 1, 'b': [1, 2]}"}, {"application/json": {"expanded": False, "root": "root"}})],
             id="json-3"),
        code("def ratio(a, b):\n    return a / b\n\nratio(3, 0)", 4, [error("ZeroDivisionError", "division by zero", tb)], id="error-4"),
        code("from IPython.display import SVG, Image, HTML\nImage(data=square_png)\n", 5,
             [display({"image/png": gradient(), "text/plain": "<IPython.core.display.Image object>"},
                      {"image/png": {"height": 8, "width": 8}})], id="png-5"),
        code("SVG(badge)", 6, [result(6, {"image/svg+xml": SVG, "text/plain": "<IPython.core.display.SVG object>"})], id="svg-6"),
        code("HTML(table)", 7, [result(7, {
            "text/html": "<table>\n  <tr><th>city</th><th>temp °C</th></tr>\n  <tr><td>Zürich</td><td>21.5</td></tr>\n</table>",
            "text/plain": "<IPython.core.display.HTML object>"})], id="html-7"),
        code("%%javascript\nconsole.log(\"hi\")", 8,
             [display({"application/javascript": "console.log(\"hi\")\n", "text/plain": "<IPython.core.display.Javascript object>"})],
             id="js-8"),
        md("Here is the logo: ![logo](attachment:logo.png)\n\nIt is *tiny*.", id="attach-9",
           attachments={"logo.png": {"image/png": gradient(4)}}),
        raw(".. note::\n   A raw cell for nbconvert, with a trailing newline.\n", id="raw-10",
            metadata={"raw_mimetype": "text/restructuredtext"}),
        code("", None, [], id="empty-11"),
        code("x = 1  # never run", None, [], id="unrun-12", metadata={"tags": ["parameters"]}),
    ]
    return notebook(cells, 5)


def unicode_v44():
    """nbformat 4.4 without ids: non-ASCII text, escapes, volatile metadata."""
    cells = [
        md("## Größenvergleich — サイズ比較 📏\n\nÀ la carte: naïve café, Ωμέγα, Привет, שלום, 中文。"),
        code("names = [\"Zoë\", \"Łukasz\", \"Ng\u0169yễn\", \"Saoirse\"]\nfor n in names:\n    print(f\"{n:>8} | {len(n)}\")", 3,
             [stream("     Zoë | 3\n  Łukasz | 6\n  Ngũyễn | 6\n Saoirse | 7\n")],
             metadata={"ExecuteTime": {"end_time": "2023-04-01T10:00:01.250Z", "start_time": "2023-04-01T10:00:01.200Z"},
                       "collapsed": False, "scrolled": True}),
        code("s = \"tab\\there, quote \\\" backslash \\\\ and bell \\x07\"\nprint(s)", 4,
             [stream("tab\there, quote \" backslash \\ and bell \x07\n")]),
        code("print(\"control: \\x00 \\x1f \\x7f </script> & <b>\")", 5, [stream("control: \x00 \x1f \x7f </script> & <b>\n")],
             metadata={"tags": ["keep_output"]}),
        code("3 / 7", 6, [result(6, {"text/plain": "0.42857142857142855"})]),
        raw("Raw text with a form feed\fand a vertical tab\vinside, and no final newline"),
        md("Line separator\u2028paragraph separator\u2029next line\u0085file sep\x1cend"),
    ]
    md_ = dict(KERNEL)
    md_["toc"] = {"base_numbering": 1, "nav_menu": {}, "number_sections": True}
    md_["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2, "version_minor": 0}}
    return notebook(cells, 4, md_)


def crlf_sources():
    """nbformat 4.5: sources written on Windows keep "\\r\\n" inside the strings."""
    cells = [
        md("# Notes from Windows\r\n\r\nEvery line of this cell ends in CR LF.\r\n", id="crlf-md"),
        code("total = 0\r\nfor i in range(4):\r\n    total += i\r\nprint(total)", 1, [stream("6\r\n")], id="crlf-code"),
        code("mixed = 'unix'\nold_mac = 'cr'\rwindows = 'crlf'\r\nend = True", 2, [], id="mixed-ends"),
    ]
    return notebook(cells, 5)


def empty_v44():
    return notebook([], 4, {})


# --- nbformat 3 and 2, for the upgrade on read ---------------------------

def v3_notebook():
    """nbformat 3.0 as IPython 2 wrote it: worksheets, heading cells, short
    mime keys, pyout and pyerr, lists of lines."""
    cells1 = [
        {"cell_type": "heading", "level": 1, "metadata": {}, "source": ["Quarterly\n", "report"]},
        {"cell_type": "markdown", "metadata": {"trusted": True}, "source": ["Some *notes*,\n", "on two lines."]},
        {"cell_type": "code", "collapsed": True, "input": ["import math\n", "print(math.pi)"], "language": "python",
         "metadata": {}, "outputs": [{"output_type": "stream", "stream": "stdout", "text": ["3.141592653589793\n"]}],
         "prompt_number": 1},
        {"cell_type": "code", "collapsed": False, "input": ["x = [1, 2]", "x"], "language": "python", "metadata": {},
         "outputs": [{"metadata": {}, "output_type": "pyout", "prompt_number": 2, "text": ["[1, 2]"],
                      "html": ["<b>[1, 2]</b>"]}],
         "prompt_number": 2},
        {"cell_type": "heading", "level": 3, "metadata": {}, "source": "Figures"},
        {"cell_type": "code", "collapsed": False, "input": ["plot()"], "language": "python", "metadata": {},
         "outputs": [{"metadata": {"png": {"width": 8}}, "output_type": "display_data", "png": gradient(),
                      "text": ["<matplotlib.figure.Figure at 0x10d3>"]},
                     {"metadata": {}, "output_type": "display_data", "svg": lines(SVG), "latex": ["$x^2$"],
                      "json": ["{\"a\": [1, 2.5e-3],\n", " \"b\": null}"]},
                     {"output_type": "stream", "stream": "stderr", "text": ["careful\n"]}],
         "prompt_number": 3},
    ]
    cells2 = [
        {"cell_type": "code", "collapsed": False, "input": ["1/0"], "language": "python", "metadata": {},
         "outputs": [{"ename": "ZeroDivisionError", "evalue": "division by zero", "output_type": "pyerr",
                      "traceback": ["Traceback (most recent call last)", "ZeroDivisionError: division by zero"]}],
         "prompt_number": 4},
        {"cell_type": "code", "collapsed": False, "input": [], "language": "python", "metadata": {}, "outputs": []},
        {"cell_type": "raw", "metadata": {}, "source": ["raw text stays raw"]},
        {"cell_type": "html", "metadata": {}, "source": ["<p>an html cell</p>"]},
    ]
    return {"metadata": {"name": "report", "signature": "sha256:0123abcd"}, "nbformat": 3, "nbformat_minor": 0,
            "worksheets": [{"cells": cells1, "metadata": {}}, {"cells": cells2, "metadata": {}}]}


def v2_notebook():
    """nbformat 2 as IPython 0.12 wrote it (lines without their ends)."""
    cells = [
        {"cell_type": "markdown", "source": ["# Old notebook", "", "Written by IPython 0.12."]},
        {"cell_type": "code", "collapsed": False, "input": ["for i in range(2):", "    print i"], "language": "python",
         "outputs": [{"output_type": "stream", "stream": "stdout", "text": ["0", "1"]}], "prompt_number": 1},
        {"cell_type": "code", "collapsed": True, "input": ["'caf\u00e9'"], "language": "python",
         "outputs": [{"output_type": "pyout", "prompt_number": 2, "text": ["u'caf\\xe9'"]}], "prompt_number": 2},
    ]
    return {"metadata": {"name": "old"}, "nbformat": 2, "worksheets": [{"cells": cells}]}


def write_old(path, nb, separators):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(json.dumps(nb, indent=1, sort_keys=True, separators=separators, ensure_ascii=False))


# --- testdata/demo ---------------------------------------------------------

DATA_CSV = """region,month,units,price
north,2024-01,120,9.5
north,2024-02,135,9.5
south,2024-01,80,11.0
south,2024-02,,11.0
east,2024-01,150,8.75
east,2024-02,160,8.75
west,2024-01,95,10.25
west,2024-02,101,10.25
"""

HEAD_HTML = """<div>
<table border="1" class="dataframe">
  <thead>
    <tr style="text-align: right;">
      <th></th>
      <th>region</th>
      <th>month</th>
      <th>units</th>
      <th>price</th>
    </tr>
  </thead>
  <tbody>
{rows}
  </tbody>
</table>
</div>"""


def head_outputs(count, rows):
    text = "  region    month  units  price\n" + "\n".join(
        "%d %6s  %s  %5s  %5s" % (i, r[0], r[1], r[2], r[3]) for i, r in enumerate(rows))
    html = HEAD_HTML.format(rows="\n".join(
        "    <tr>\n      <th>%d</th>\n      <td>%s</td>\n      <td>%s</td>\n      <td>%s</td>\n      <td>%s</td>\n    </tr>" % (i, *r)
        for i, r in enumerate(rows)))
    return [result(count, {"text/html": html, "text/plain": text})]


ROWS = [("north", "2024-01", "120.0", "9.50"), ("north", "2024-02", "135.0", "9.50"),
        ("south", "2024-01", "80.0", "11.00"), ("south", "2024-02", "NaN", "11.00"),
        ("east", "2024-01", "150.0", "8.75")]


def demo_cells(version, counts):
    """The sales analysis; version "before" or "after". counts gives the
    execution count of each code cell in order."""
    after = version == "after"
    c = iter(counts)
    cells = []
    cells.append(md("# Monthly sales by region\n\nWe load the sales export, clean it, and compare regions.", id="b7e1c2a0"))
    n = next(c)
    cells.append(code("import io\n\nimport matplotlib.pyplot as plt\nimport pandas as pd\n\nCSV = \"\"\"" + DATA_CSV + "\"\"\"\n"
                      "sales = pd.read_csv(io.StringIO(CSV))\nprint(sales.shape)", n,
                      [stream("(8, 4)\n")], id="3f9d04b1"))
    n = next(c)
    cells.append(code("sales.head()", n, head_outputs(n, ROWS), id="c2a8e5f3"))
    cells.append(md("## Cleaning\n\nOne month of the south region has no unit count.", id="9e4b7d12"))
    n = next(c)
    if after:
        src = ("# fill the missing month with the region's mean instead of dropping it\n"
               "sales[\"units\"] = sales.groupby(\"region\")[\"units\"].transform(lambda u: u.fillna(u.mean()))\n"
               "sales[\"revenue\"] = sales[\"units\"] * sales[\"price\"]\n"
               "sales[\"revenue\"].describe()")
        desc = "count       8.000000\nmean     1184.015625\nstd       196.284114\nmin       880.000000\nmax      1400.000000\nName: revenue, dtype: float64"
    else:
        src = ("sales = sales.dropna()\n"
               "sales[\"revenue\"] = sales[\"units\"] * sales[\"price\"]\n"
               "sales[\"revenue\"].describe()")
        desc = "count       7.000000\nmean     1214.017857\nstd       183.524385\nmin       880.000000\nmax      1400.000000\nName: revenue, dtype: float64"
    cells.append(code(src, n, [result(n, {"text/plain": desc})], id="51d0a6ce"))
    n = next(c)
    totals = [2422.5, 1760.0 if after else 880.0, 2712.5, 1988.25]
    cells.append(code("by_region = sales.groupby(\"region\")[\"revenue\"].sum()\nax = by_region.plot.bar(title=\"Revenue by region\")\nplt.show()", n,
                      [display({"image/png": bar_chart(totals), "text/plain": "<Figure size 640x480 with 1 Axes>"})],
                      id="e0c3f7a9"))
    if after:
        n = next(c)
        cells.append(code("share = (by_region / by_region.sum()).round(3)\nshare.sort_values(ascending=False)", n,
                          [result(n, {"text/plain": "region\neast     0.305\nnorth    0.273\nwest     0.224\nsouth    0.198\nName: revenue, dtype: float64"})],
                          id="7ab2d9e4"))
    cells.append(md("## Findings\n\n" + (
        "- East sells the most units and earns the most revenue.\n"
        "- South is last even after filling its missing month with the mean.\n"
        if after else
        "- East sells the most units and earns the most revenue.\n"
        "- South earns the least, but one of its months is missing.\n"), id="4c6e1b85"))
    n = next(c)
    cells.append(code("best = by_region.idxmax()\nprint(f\"best region: {best} ({by_region[best]:.2f})\")", n,
                      [stream("best region: east (2712.50)\n")], id="d8f25a07"))
    return cells


def demo():
    before = notebook(demo_cells("before", [1, 2, 3, 4, 5]), 5)
    after = notebook(demo_cells("after", [1, 2, 3, 5, 6, 7]), 5)
    write(os.path.join(DEMO, "before.ipynb"), before)
    write(os.path.join(DEMO, "after.ipynb"), after)

    # A merge: base was committed after one run; ours re-ran it twice and
    # edited the loading cell; theirs restarted, re-ran it and edited the
    # findings. Every execution count changed on both sides, differently.
    base = notebook(demo_cells("before", [1, 2, 3, 4, 5]), 5)
    ours = notebook(demo_cells("before", [6, 7, 8, 9, 10]), 5)
    theirs = notebook(demo_cells("before", [1, 2, 4, 5, 7]), 5)
    load = ours["cells"][1]
    load["source"] = load["source"].replace("print(sales.shape)", "sales[\"month\"] = pd.to_datetime(sales[\"month\"])\nprint(sales.shape)")
    findings = theirs["cells"][6]
    findings["source"] += "- West is steady: February is 6% above January.\n"
    intro = theirs["cells"][0]
    intro["source"] = intro["source"].replace("the sales export", "the January-February sales export")
    write(os.path.join(DEMO, "base.ipynb"), base)
    write(os.path.join(DEMO, "ours.ipynb"), ours)
    write(os.path.join(DEMO, "theirs.ipynb"), theirs)


def main():
    write(os.path.join(HERE, "all-outputs-v4.5.ipynb"), all_outputs())
    write(os.path.join(HERE, "unicode-v4.4.ipynb"), unicode_v44())
    write(os.path.join(HERE, "crlf-sources-v4.5.ipynb"), crlf_sources())
    write(os.path.join(HERE, "empty-v4.4.ipynb"), empty_v44())
    os.makedirs(os.path.join(HERE, "upgrade"), exist_ok=True)
    write_old(os.path.join(HERE, "upgrade", "v3.ipynb"), v3_notebook(), (",", ": "))
    write_old(os.path.join(HERE, "upgrade", "v2.ipynb"), v2_notebook(), (", ", ": "))
    demo()


if __name__ == "__main__":
    main()
