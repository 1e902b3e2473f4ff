#!/usr/bin/env python3
"""Writes the notebook pair of the HTML review's tests (testdata/html):
old.ipynb and new.ipynb, which between them hold every kind of change the
page shows. All content is invented for this project; standard library
only; deterministic. Written the way nbformat writes, with the helpers of
testdata/notebooks/gen.py.

  python3 testdata/html/gen.py [DIR]

What changes from old to new (cell ids in brackets):
  [intro]    markdown edited; it holds a table, math, a raw <script>, an
             <img onerror> and an image from a URL, none of which may run
             or load in the page
  [imports]  unchanged (folded with the other unchanged cells)
  [plot]     code edited, stream output edited, its PNG chart redrawn
  [reenc]    unchanged source, its PNG encoded anew with the same pixels
  [table]    code edited; an HTML output with a <script> and a style, and a
             JavaScript output: neither may run
  [error]    code edited; a traceback with ANSI colours
  [figure]   markdown whose attachment image changed
  [moved]    moved, unchanged
  [gone]     removed
  [fresh]    added, with an SVG output
  [notes]    raw cell that became markdown
  [tagged]   edited, with new metadata (tags) and a new execution count
  [svg]      SVG output changed
  [tail-*]   unchanged cells
"""

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else HERE

spec = importlib.util.spec_from_file_location("nbgen", os.path.join(os.path.dirname(HERE), "notebooks", "gen.py"))
g = importlib.util.module_from_spec(spec)
sys.argv = sys.argv[:1]  # gen.py reads its own arguments
spec.loader.exec_module(g)

import base64
import struct
import zlib


def png_level(width, height, pixel, level):
    """g.png with another compression level: same pixels, other bytes."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw.extend(pixel(x, y))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), level)) + chunk(b"IEND", b"")
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + body).decode("ascii")


def rings(x, y):
    d = ((x - 40) ** 2 + (y - 30) ** 2) // 60
    return (255, 255, 255) if d % 2 else (200, 80, 40)


def scatter(points, width=160, height=100):
    def pixel(x, y):
        for px, py in points:
            if (x - px) ** 2 + (y - py) ** 2 <= 9:
                return (214, 39, 40)
        if y == height - 8 or x == 8:
            return (60, 60, 60)
        return (255, 255, 255)
    return g.png(width, height, pixel)


SVG_OLD = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">
  <rect x="1" y="1" width="118" height="38" rx="6" fill="#cfe8ff" stroke="#333"/>
  <text x="60" y="25" font-size="14" text-anchor="middle">build: passing</text>
</svg>
"""
SVG_NEW = SVG_OLD.replace("#cfe8ff", "#ffd6d6").replace("passing", "failing")

INTRO = """# Sales report

Revenue is units times price: $r = u \\cdot p$, and the total is

$$R = \\sum_{i=1}^{n} r_i$$

| region | units | price |
|--------|------:|------:|
| east   | {east} | 3.50 |
| west   | 7 | 4.00 |

<script>window.nbdMarkdownScript = 1; document.body.setAttribute("data-md-script", "ran")</script>
<img src="x" onerror="window.nbdMarkdownScript = 2">

![logo](https://example.com/logo.png)
"""

HTML_TABLE = """<div>
<style scoped>
    .dataframe tbody tr th {{ vertical-align: top; }}
    .dataframe thead th {{ text-align: right; }}
</style>
<table border="1" class="dataframe">
  <thead><tr style="text-align: right;"><th></th><th>region</th><th>units</th></tr></thead>
  <tbody>
    <tr><th>0</th><td>east</td><td>{east}</td></tr>
    <tr><th>1</th><td>west</td><td>7</td></tr>
  </tbody>
</table>
<script>window.nbdOutputScript = 1; try {{ parent.document.body.setAttribute("data-output-script", "ran") }} catch (e) {{}}</script>
</div>
"""

RED = "\u001b[0;31m"
GREEN = "\u001b[0;32m"
RESET = "\u001b[0m"


def traceback(evalue):
    return [
        RED + "---------------------------------------------------------------------------" + RESET,
        RED + "KeyError" + RESET + "                                  Traceback (most recent call last)",
        "Cell " + GREEN + "In[6], line 2" + RESET + "\n" + GREEN + "----> 2" + RESET + " sales[" + "\u001b[38;5;124m" + "'" + evalue + "'" + RESET + "]\n",
        RED + "KeyError" + RESET + ": '" + evalue + "'",
    ]


def cells(new):
    east = 12 if new else 10
    chart = scatter([(30, 70), (60, 50), (90, 40), (120, 20)] if new else [(30, 70), (60, 55), (90, 45), (120, 30)])
    plot_src = ("import matplotlib.pyplot as plt\n"
                "fig, ax = plt.subplots()\n"
                "ax.scatter(sales.units, sales.revenue" + (", color=\"tab:red\")\n" if new else ")\n") +
                "print(\"points:\", len(sales))\n")
    out = []
    out.append(g.md(INTRO.replace("{east}", str(east)) + ("\nFigures are in euros.\n" if new else ""), id="intro"))
    out.append(g.code("import pandas as pd\nimport numpy as np", 1, id="imports"))
    out.append(g.code(plot_src, 3 if new else 2,
                      [g.stream("points: %d\n" % (5 if new else 4)),
                       g.display({"image/png": chart, "text/plain": "<Figure size 160x100 with 1 Axes>"})], id="plot"))
    out.append(g.code("show_rings()", 4 if new else 3,
                      [g.display({"image/png": png_level(80, 60, rings, 1 if new else 9), "text/plain": "<Figure>"})], id="reenc"))
    out.append(g.code("sales.head(%d)" % (2 if new else 3), 5 if new else 4,
                      [g.result(5 if new else 4, {"text/html": HTML_TABLE.replace("{east}", str(east)).replace("{{", "{").replace("}}", "}"),
                                                  "text/plain": "  region  units\n0   east     %d\n1   west      7" % east}),
                       g.display({"application/javascript": "window.nbdJsOutput = 1;\ndocument.body.setAttribute('data-js-output', 'ran');",
                                  "text/plain": "<IPython.core.display.Javascript object>"})], id="table"))
    out.append(g.code("sales['%s']" % ("price" if new else "prize"), 6 if new else 5,
                      [g.error("KeyError", "price" if new else "prize", traceback("price" if new else "prize"))], id="error"))
    att = g.png(24, 16, (lambda x, y: (40, 160, 90) if x < 12 else (255, 255, 255)) if new else (lambda x, y: (40, 90, 160) if x < 8 else (255, 255, 255)))
    out.append(g.md("The logo:\n\n![logo](attachment:logo.png)\n", id="figure", attachments={"logo.png": {"image/png": att}}))
    moved = g.code("def total(df):\n    return (df.units * df.price).sum()", 7, id="moved")
    gone = g.code("import legacy; legacy.export_all  # old exporter", 8, [g.stream("done\n")], id="gone")
    notes = ("Notes: the west figures are estimates." if not new else "**Notes**: the west figures are estimates.")
    if new:
        out.append(moved)
        out.append(g.code("badge = render_badge(sales)\nbadge", 9,
                          [g.result(9, {"image/svg+xml": SVG_NEW, "text/plain": "<Badge>"})], id="fresh"))
        out.append(g.md(notes, id="notes"))
    else:
        out.append(gone)
        out.append(g.raw(notes, id="notes"))
    out.append(g.code("summary = sales.groupby('region').units.%s()" % ("sum" if new else "mean"), 11 if new else 10,
                      id="tagged", metadata={"tags": ["report", "final"]} if new else {"tags": ["report"]}))
    out.append(g.code("badge(status)", 12, [g.result(12, {"image/svg+xml": SVG_NEW if new else SVG_OLD, "text/plain": "<Badge>"})], id="svg"))
    for k in range(6):
        out.append(g.code("step_%d = transform(step_%d)  # unchanged" % (k + 1, k), 20 + k, [g.stream("step %d\n" % (k + 1))], id="tail-%d" % k))
    out.append(g.md("## Appendix\n\nNothing changed here.", id="tail-md"))
    if not new:
        out.append(moved)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    g.write(os.path.join(OUT, "old.ipynb"), g.notebook(cells(False), 5))
    g.write(os.path.join(OUT, "new.ipynb"), g.notebook(cells(True), 5))


if __name__ == "__main__":
    main()
