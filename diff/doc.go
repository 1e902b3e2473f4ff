// Package diff compares Jupyter notebooks cell by cell, and renders the
// difference as a unified diff, a one-line summary, or nbdime's JSON diff
// format.
//
// # Contents
//
//   - Strings compares two token sequences (lines, words). It is the one
//     place the package uses go-diff, and it bounds go-diff's work.
//   - Align matches the cells of two notebooks (see below); the merge
//     package reuses it.
//   - Notebooks compares two notebooks: Align, then a line diff of the
//     source of every matched cell that changed, and, as Options ask, of
//     the outputs and metadata turned into lines.
//   - Render prints a Result; RenderText prints a plain line diff of two
//     files that are not notebooks; Textconv gives the cell-delimited text
//     of a notebook that git diffs when it runs a textconv.
//
// # Cell alignment
//
// Align works in six passes over the cells of the old notebook a and the
// new notebook b:
//
//  1. Cells whose id is unique and not empty on both sides match by id,
//     unless their sources differ and either is found unchanged on the
//     other side (the id went to another cell), or they are less alike
//     than the similarity of pass 4 at its lower bar (0.3, any types)
//     and either the ids of a side are only positions ("0", "1", ...,
//     which one inserted cell shifts) or a cell that no id pairs is that
//     alike (a cell split in two). Otherwise the id holds: a cell
//     rewritten but for a few lines is that cell, edited.
//     Of those matches, a longest sequence that keeps the order of both
//     notebooks (patience sorting) anchors the others; a match off that
//     sequence is a move.
//  2. In each gap between anchors, the cells not matched yet are compared
//     as a sequence by exact source (Strings over the sources: common
//     prefix and suffix trimmed, then Myers' algorithm over one token per
//     distinct source). Equal cells of the same type match.
//  3. A cell removed in one gap and a cell added in any gap with the same
//     type and source form a move. Then cells of equal, non-blank source
//     and different types match (a type change), in the same gap first,
//     then across gaps (moved and retyped).
//  4. Inside each range of cells left between matches, cells of the same
//     type with similar sources pair as modified. Similarity is
//     2*common/(n+m) over the multisets of word tokens (runs of letters,
//     digits and '_', and single punctuation characters) of the two
//     sources, hashed and sorted, at least 0.5 (0.3 when the range holds
//     one cell on each side); when the common prefix and suffix of the two
//     sources make up at least half of their bytes and more than the
//     common tokens, that share is taken instead. Where only the threshold
//     matters (a range of one cell on each side, the pairs on a common
//     sequence of first lines below), such a share is taken without
//     hashing; where the most similar of several cells is chosen, both
//     are measured, since the share of prefix and suffix is only a lower
//     bound. A range of at most 4,096 candidate pairs is
//     paired by a dynamic program that keeps the order and maximises the
//     total similarity. In a larger range, cells whose first non-blank
//     lines fall on a longest common sequence of those lines (Strings
//     again) pair when similar, and the ranges left are paired by the
//     dynamic program when small enough, else walked along their diagonal,
//     looking 4 cells ahead on each side.
//  5. A removed and an added cell of the same type left in any gaps, far
//     apart or crossing, pair when similar (at least 0.5 as above): a cell
//     moved and edited, shown as a move with its line diff. Each removed
//     cell is indexed under at most 6 keys (the hashes of its first and
//     last non-blank lines and the smallest hashes of its tokens; a key
//     that more than 8 removed cells share is dropped as too common), and
//     each added cell, in order, is compared with at most 16 removed cells
//     that share a key with it; the most similar pairs, the earliest on
//     ties.
//  6. Between the pairs of each range, cells of the same type still
//     unmatched pair in order when the non-blank lines of one stand
//     together, in order, in the other (a heading that got a paragraph,
//     code that got lines before or after it, a cell cut down to part of
//     itself), or, failing that, when at least half of the non-blank
//     lines of each are common to both (a heading kept and its paragraph
//     rewritten): edits that the token share rates below 0.5 when the part
//     added, cut or rewritten is the larger. A stretch of more than 4,096
//     candidate pairs is left as it is.
//
// The work is bounded so that notebooks of any size align in near-linear
// time: passes 1 and 3 are linear; pass 2 is bounded by Strings (past its
// bound the gap's cells are removed plus added); passes 4 and 5 hash at
// most 4,096 tokens of a cell, and passes 4 to 6 spend at most 8,000,000
// units of work in all (bytes read plus tokens or lines compared), after
// which the cells left are reported as removed plus added.
// Nothing depends on time, so the result is the same on every machine.
//
// # What is compared and shown
//
// A cell's source is compared line by line. Outputs, execution counts,
// metadata and ids are hidden by default: their changes are counted in
// Result.Hidden and printed as one note, such as
//
//	# 2 cells have new outputs (--outputs)
//
// Attachments (images pasted into markdown cells) count apart:
//
//	# 1 cell has new attachments (--outputs)
//
// With Options.Outputs, a cell's execution count and outputs are compared
// as lines: "execution_count: N", then per output a header
// ("output 1: stream stdout", "output 2: execute_result") and its data,
// text mime types as their lines (indented), other data (images, HTML next
// to plain text) as one summary line with the mime type, the decoded size
// and the first 8 hex digits of the SHA-256 of the data; attachments, as
// a part of their own, per attachment "attachment NAME" and its data. With
// Options.Metadata, the id and each top-level metadata key are one line
// each ("metadata.tags: [\"a\"]"), and so are the notebook's version and
// metadata keys.
//
// # The Plain format
//
// Plain output is a unified diff that less, delta and other pagers read:
//
//	diff --git a/analysis.ipynb b/analysis.ipynb
//	--- a/analysis.ipynb
//	+++ b/analysis.ipynb
//	@@ -1,3 +1,4 @@ cell 3 (code) "import pandas as pd"
//	 import pandas as pd
//	-df = pd.read_csv("old.csv")
//	+df = pd.read_csv("data/new.csv")
//	+df = df.dropna()
//	 df.head()
//	@@ -0,0 +1,2 @@ cell 5 (markdown) added "## Results"
//	+## Results
//	+The model improves by 3%.
//	@@ -0,0 +0,0 @@ cell 7 (code) moved from 9, unchanged "plot(df)"
//	@@ -1,2 +1,2 @@ cell 8 (code) moved from 2 "def load(path):"
//	 def load(path):
//	-    return pd.read_csv(path)
//	+    return pd.read_csv(path, sep=";")
//	@@ -0,0 +0,0 @@ cell 9 (markdown) was code, unchanged "# Appendix"
//	# 12 cells unchanged; 3 cells have new outputs (--outputs)
//
// Line numbers in @@ lines count lines inside the cell part shown; the text
// after @@ names the cell: its number (from 1, in the new notebook; in the
// old one for a removed cell), its type, how it changed (added, removed,
// "moved from N", "was TYPE"; "unchanged" when its source is the same),
// and its first non-blank line, or its id when the source is blank. A cell
// moved or retyped whose source is the same gets a hunk of its own without
// lines ("@@ -0,0 +0,0 @@"), so that a pager steps to it as to any other
// change. Outputs, attachments and metadata hunks are named "cell N (type)
// outputs", "cell N (type) attachments" and "cell N (type) metadata"; the
// notebook's metadata "notebook metadata". Blank lines at the edges of a
// hunk's context are left out. One "#" line at the end lists hidden
// changes, with the number of unchanged cells (which gets no line of its
// own). When only hidden parts changed, the output is the "diff --git"
// line and that note. Identical notebooks print nothing.
// git's extended header lines (RenderOptions.ExtendedHeader: "similarity
// index", "rename from", "rename to") follow the "diff --git" line, and a
// renamed notebook that is otherwise the same prints that header alone.
//
// With colour, lines are coloured as git colours them (RenderOptions.Colors:
// git's slots meta, frag, func, old, new and context, by default bold, cyan,
// plain, red, green, plain), and in a changed line paired with a line of
// the other side (in order, within one change) the words that differ are in
// reverse video. With a Highlighter (RenderOptions.Syntax), code cells keep
// the syntax colours of the notebook's language, on a dark red or green
// background for removed and added lines (a brighter one for the changed
// words), the +/- column in the old and new colours. With
// RenderOptions.Width, hunk headers longer than the width are cut, ending
// in "...".
//
// # The Stat and SideBySide formats
//
// Stat prints one line per notebook, aligned like git's --stat: the path,
// the source lines added and removed with a bar of + and -, and the cells
// by kind of change; then a totals line (RenderStat prints the lines of
// several notebooks together). SideBySide prints the hunks of each changed
// part in two columns, old and new, numbered, a removed line next to the
// added line that replaced it (see sidebyside.go).
//
// # The JSON format
//
// JSON output is one line per notebook:
//
//	{"old_path":"a.ipynb","new_path":"a.ipynb","diff":[...]}
//
// where a path is null for an absent side and "diff" is nbdime's diff of
// the old notebook into the new one. When cells moved, "moved" follows,
// one {"old":I,"new":J} per moved cell (indices from 0), and when changes
// are hidden, "hidden" counts them by kind ({"outputs":3,"ids":1}; keys
// outputs, execution_counts, attachments, metadata, ids, and notebook:
// true). A diff is a list of entries, each an object with "op" and "key".
// On a mapping (the notebook, a cell, a metadata object) the key is a
// string and the ops are:
//
//	{"op":"add","key":K,"value":V}       add member K
//	{"op":"remove","key":K}              remove member K
//	{"op":"replace","key":K,"value":V}   replace member K's value by V
//	{"op":"patch","key":K,"diff":[...]}  apply a diff to member K
//
// On a sequence (the cells, the outputs, the lines of a source) the key is
// an index into the old sequence and the ops are:
//
//	{"op":"addrange","key":I,"valuelist":[...]}  insert values before old item I
//	{"op":"removerange","key":I,"length":N}      remove old items I to I+N-1
//	{"op":"patch","key":I,"diff":[...]}          apply a diff to old item I
//
// Entries are sorted by key; at one index an addrange comes before a
// removerange or patch. A source (a string) is diffed as nbdime diffs a
// multi-line string: as the list of its lines (split as Python's
// str.splitlines(True) splits, each with its line end), values being
// lines. A moved cell is a removerange at its old place and an addrange
// (of the whole new cell) at its new one; outputs are compared whole.
//
// Values are in nbformat's in-memory form, as nbformat.read returns a
// notebook: a cell's source, the text of a stream output and the text
// data of a mime bundle (every type but application/json and
// application/*+json, in outputs and attachments) are one string, not the
// list of lines a file may hold; a code cell always has "outputs" and
// "execution_count". So nbdime's patch(old, diff), with the old notebook
// read by nbformat, gives the new one in every part the options show:
// cell types, sources and order always; with Options.Outputs the
// execution counts, outputs and attachments; with Options.Metadata the
// ids, metadata, format version and members nbformat does not define. A
// cell whose type changed also gains or loses the members of its type. For
// files that are not notebooks (RenderText) the line is
//
//	{"old_path":"a.ipynb","new_path":"a.ipynb","note":"...","diff":null}
package diff
