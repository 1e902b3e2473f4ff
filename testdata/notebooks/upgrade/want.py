#!/usr/bin/env python3
"""Writes upgrade/*.want.ipynb: what nbformat (5.5) makes of v2.ipynb and
v3.ipynb when it reads them as version 4 and writes them, except that the
notebook package stops at nbformat 4.4 and never invents cell ids, so the
random ids nbformat adds are removed and nbformat_minor is set to 4.
Needs the nbformat package (Debian: python3-nbformat); run it only when the
inputs change."""
import os

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
for name in ("v2", "v3"):
    nb = nbformat.read(os.path.join(HERE, name + ".ipynb"), as_version=4)
    nb.nbformat_minor = 4
    for cell in nb.cells:
        cell.pop("id", None)
    with open(os.path.join(HERE, name + ".want.ipynb"), "w", encoding="utf-8", newline="") as f:
        f.write(nbformat.writes(nb) + "\n")
