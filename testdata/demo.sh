#!/bin/sh
# The main job on notebooks that ship with the project (make demo).
# $1 is the folder the binaries were installed into.
set -e
bin=${1:-bin}
cd "$(dirname "$0")/demo"
echo "== nbdiff before.ipynb after.ipynb   (outputs, counts and metadata hidden)"
"$bin/nbdiff" --color=auto before.ipynb after.ipynb || true
echo
echo "== nbdiff --stat before.ipynb after.ipynb"
"$bin/nbdiff" --stat before.ipynb after.ipynb || true
echo
out=$(mktemp "${TMPDIR:-/tmp}/nbmerge-demo.XXXXXX")
trap 'rm -f "$out"' EXIT
echo "== nbmerge base.ipynb ours.ipynb theirs.ipynb -o $out"
echo "   (git merge-file conflicts on these; the cell-aware merge does not)"
if git merge-file -p ours.ipynb base.ipynb theirs.ipynb >/dev/null 2>&1; then
  echo "   git merge-file: clean"
else
  echo "   git merge-file: $? conflict(s)"
fi
set +e
"$bin/nbmerge" base.ipynb ours.ipynb theirs.ipynb -o "$out"
echo "   nbmerge exit code: $? (0 = clean); the merged notebook differs from ours by:"
"$bin/nbdiff" --color=auto ours.ipynb "$out"
exit 0
