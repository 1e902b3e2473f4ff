// Package merge merges three versions of a Jupyter notebook cell by cell,
// and line by line inside cells. Conflicts are values (Result.Conflicts),
// never errors, and are marked inside the source of the cell they belong
// to, so the merged notebook is always a valid notebook that Jupyter opens.
//
// Notebooks merges parsed notebooks. FastPath answers, on bytes and before
// anything is parsed, the merges that need none. Text merges plain texts
// (for files that are not notebooks). GitLines is git's own text merge of
// a file, for callers to take where the cells conflict but git's merge is
// clean: a merge that git completes does not get worse (row git clean). SplitMarkers, Fix, HasMarkers and
// MarkedCells read back what git's text merge leaves: files and cells that
// hold textual conflict markers.
//
// # Cases
//
// Notebooks aligns the base with each side (diff.Align), merges the cell
// sequence as a diff3 of cell tokens, then merges every cell that both sides
// kept. The cases, base -> ours against base -> theirs (each also holds
// with the sides swapped, except where it names ours), with the name by
// which the code refers to each row:
//
//	row            base -> ours          base -> theirs          result                               conflict
//	unchanged      unchanged             anything                theirs                               no
//	same change    change X              the same change X       X once                               no
//	edit/edit      source edit           other source edit       three-way line merge in the cell     only where hunks overlap
//	word edit      words of lines        other words of the      the side whose word edits hold the   where neither holds
//	                 edited                same lines edited       other's                              the other's
//	delete/rerun   deleted               outputs/counts/metadata deleted                              no
//	delete/edit    deleted               source or type edited   edited cell kept, source marked      yes
//	delete/small   deleted, its text     source changed a little deleted (reported in Notes)          no
//	  edit           nowhere else
//	insert/insert  cells inserted        cells inserted at the   both, ours first; identical cells    no
//	                 at one place          same place              once
//	add/add        cell inserted         a similar cell (same    one cell: their sources merged       where they differ
//	                 at one place          id, or alike) there
//	move/edit      cell moved            cell edited             edited cell at its new place         no
//	move/move      cell moved            cell moved elsewhere    at ours' place (reported in Notes)   no
//	moved text     text moved to another the text edited where   the edit merged where the text went  no
//	                 cell (split, join)    it stood
//	type/edit      type changed          source edited           new type, edited source              no
//	type/type      type changed          other type change       ours' type (reported in Notes)       yes, without markers
//	attachments    attachment changed    changed otherwise       ours' attachment (in Notes)          yes, without markers
//	empty base     empty base (add/add)  -                       as cells inserted at one place       where paired cells differ
//	git clean      cells that conflict, where git's text merge   git's merge of the file (callers,    no
//	                 of the file is clean and a notebook          with GitLines)
//
// The table is implemented by the switches of the code, each branch naming
// its row: the order of cells in sequence, interleave and dedup (merge.go),
// each cell in cell and merge3, the lines of a source in mergeText
// (text.go), moved text in moved.go, the first two rows, on bytes, in
// FastPath, and the last, on bytes, by the callers of GitLines.
//
// # Cell sequence
//
// Base cells are matched with each side's cells by diff.Align; cells it
// leaves unmatched on both ends are aligned once more with each other, so a
// cell that was moved far and edited still merges with the other side's
// edits; and cells left over then pair by equal source across types, so a
// cell whose type changed (which Align pairs only by id) is no deletion.
// A cell that one side deleted and the other changed a little (at most a
// fifth of its words, white space aside) goes, when fewer than half of its
// lines stand anywhere on the deleting side: on real merges people deleted
// such cells in most cases. Its text found on the deleting side makes it a
// move instead.
// Text that one side moved to another cell (a cell split in two, two
// joined, lines moved) and the other side edited where it stood is found
// on the moving side as one block in one cell, and the edit is merged
// there (moved.go says when the text counts as found).
// Two similar cells that both sides put at one place are merged as one
// cell, against the base cell both sides replaced that holds most of
// their lines (a cell split in two, rewritten on both sides), or against an
// empty cell. A nil base is an empty one: both sides added the notebook.
//
// # Inside a cell
//
// Inside a cell that both sides changed, the source is merged line by line
// (diff3 over diff.Strings). Each side's changed blocks are first placed
// where git's diff places them (slide): a block that can stand at several
// places, as an inserted paragraph next to a blank line can, goes as far
// down as it can, so that two insertions that git keeps apart do not meet
// here. Hunks of the two sides conflict when they share a base line, or
// when both insert at the same place; hunks that only touch merge cleanly,
// and lines that one side inserted right next to a change of the other
// side that writes the same lines there are written once (row
// insert/insert, for lines). A conflicting hunk is retried at word
// granularity (words, runs of white space, single punctuation marks as
// tokens) and counts as
// resolved only if that finer merge is clean, the two sides' changes are
// apart by more than white space ("x * 2" edited into "x * 3" and into
// "x ** 2" is no clean "x ** 3"), and its result equals one side's text
// for the hunk (row word edit: one side's word edits hold the other's; a
// line that neither side wrote is mostly not what people want, who then
// take one side whole); such cells are listed in Result.Notes, and
// Options.NoWordMerge turns the retry off. Hunks of more than 40 lines or
// 8 KiB on a side are not retried, nor any once the retries of one merge
// have spent a shared budget of diff work: the retry then stays cheap
// whatever the inputs (texts that share little are the slow case of a
// diff), and the budget is far above what real merges need.
//
// # Conflict markers
//
// A conflict is written as git writes it, inside the cell's source, so the
// notebook stays valid JSON: a line of Options.MarkerSize '<' (7 when 0;
// git's %L) and the label Options.OursLabel ("ours" when ""; git's %X),
// ours' lines, with Options.Diff3 (git's merge.conflictStyle diff3 or
// zdiff3) a line of '|' and Options.BaseLabel ("base"; git's %S) then the
// base's lines, a line of '=', theirs' lines, and a line of '>' and
// Options.TheirsLabel ("theirs"; git's %Y). Every marker is on a line of
// its own, also where a side lacks a final newline; markers take the line
// end of the text around them (CR LF in CR LF text), and a conflict at the
// end of a source ends in a newline only when a side's text did. Lines the
// two sides share at the start and the end of a conflict are moved out of
// it, as zdiff3 does. A cell deleted on one side and edited on the other is
// one conflict over its whole source, with an empty section for the
// deleting side, in the edited cell without outputs.
//
// Reading markers back (SplitMarkers, Fix) follows the same rules: a
// conflict opens with a line of at least 7 '<' followed by a space and a
// label or by the line end; its '|', '=' and '>' lines have the opening
// line's length, and marker lines of another length inside it are content
// (git nests them when it merges virtual ancestors). The labels and length
// of the first conflict, and whether every conflict has a base section,
// give the look of the conflicts Fix leaves.
//
// # Outputs, metadata and ids
//
// Outputs and execution counts never conflict: a cell keeps those of the side
// whose source it ends up with (ours first, and theirs when ours left them as
// they were in the base); a merged source equal to neither side clears them,
// and Options.StripOutputs clears all of them. Only code cells get them: a
// markdown or raw cell that a side gives with outputs or a count (which
// nbformat's schema does not allow, yet some files have) keeps them as that
// side has them where the merge takes the side's cell, and has none where
// the merge builds the cell anew (a merged source, a changed type).
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
