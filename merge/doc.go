// Package merge merges three versions of a Jupyter notebook cell by cell,
// and line by line inside cells, the way DESIGN.md describes. Conflicts are
// values (Result.Conflicts), never errors, and are marked inside the source
// of the cell they belong to, so the merged notebook is always valid.
//
// Notebooks aligns the base with each side (diff.Align), merges the cell
// sequence as a diff3 of cell tokens, then merges every cell that both sides
// kept. The cases, base -> ours against base -> theirs:
//
//	base -> ours          base -> theirs          result                               conflict
//	unchanged             anything                theirs                               no
//	change X              the same change X       X once                               no
//	source edit           other source edit       three-way line merge in the cell     only where hunks overlap
//	deleted               outputs/counts/metadata deleted                              no
//	deleted               source or type edited   edited cell kept, source marked      yes
//	cells inserted        cells inserted at the   both, ours first; identical cells    no
//	  at one place          same place              once
//	cell inserted         a similar cell (same    one cell: their sources merged       where they differ
//	  at one place          id, or alike) there     (add/add)
//	cell moved            cell edited             edited cell at its new place         no
//	type changed          source edited           new type, edited source              no
//	type changed          other type change       ours' type (reported in Notes)       no
//	empty base (add/add)  -                       as cells inserted at one place       where paired cells differ
//
// Base cells are matched with each side's cells by diff.Align; cells it
// leaves unmatched on both ends are aligned once more with each other, so a
// cell that was moved far and edited still merges with the other side's
// edits; and cells left over then pair by equal source across types, so a
// cell whose type changed (which Align pairs only by id) is no deletion.
// Two similar cells that both sides put at one place are merged as one
// cell, against the base cell both sides replaced that holds most of
// their lines (a cell split in two, rewritten on both sides), or against an
// empty cell.
//
// Inside a cell that both sides changed, the source is merged line by line
// (diff3 over diff.Strings). Hunks of the two sides conflict when they share
// a base line, or when both insert at the same place; hunks that only touch
// merge cleanly. A conflicting hunk is retried at word granularity (words,
// runs of white space, single punctuation marks) and counts as resolved only
// if that finer merge is clean; Options.NoWordMerge turns this off, and
// hunks of more than 40 lines or 8 KiB on a side are not retried, nor any
// once the retries of a merge have spent a budget of diff work (about 26
// times what the costliest of the real merges of ../shared needs, bounding
// the retries of any merge to a fraction of a second). Equal
// lines at the start and the end of the two sides of a conflict are moved
// out of it (as git's zdiff3 does).
//
// Outputs and execution counts never conflict: a cell keeps those of the side
// whose source it ends up with (ours first, and theirs when ours left them as
// they were in the base); a merged source equal to neither side clears them.
// Metadata (of the notebook and of cells) and the other members merge key by
// key, recursively into objects; a key changed differently on both sides
// keeps ours and is reported in Result.Notes. nbformat_minor is the larger
// of the two sides, the file layout (Style) is ours. Cell ids are kept; a
// duplicate id in the result is replaced by one derived from the cell's
// content, and ids are only added when the result is nbformat 4.5 or later
// while a side was older.
//
// Everything is deterministic: the same inputs give the same bytes.
package merge
