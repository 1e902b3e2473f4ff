// Package notebook reads, writes and strips Jupyter notebooks.
//
// The stable contract of this package:
//
//   - Parse accepts nbformat 4.0 to 4.5, and later 4.x minors leniently
//     (cell types it does not know are kept there), with or without a UTF-8
//     byte-order mark. Invalid JSON or UTF-8 gives a *SyntaxError with the
//     byte offset, line and column; JSON that is not a notebook (no
//     "nbformat", no "cells", a cell without "cell_type", a source that is
//     not text, ...) gives a *StructureError naming the cell index and the
//     field. Nesting deeper than 10,000 levels is a *SyntaxError. Parse never
//     panics and never retains the caller's bytes.
//   - nbformat 3 (worksheets) and 2 are upgraded on read the way nbformat's
//     readers and converters do: lists of lines are joined (nbformat 2 with
//     "\n"; nbformat 3 concatenated, or joined with "\n" when the lines lack
//     their ends); worksheets are flattened into cells; heading cells become
//     markdown cells of "#" times the level (at most 6, the deepest
//     Markdown heading), a space and the heading on one line; html cells
//     become markdown; a code cell's input becomes its
//     source, prompt_number its execution_count, collapsed moves into its
//     metadata, and language is dropped; pyout becomes execute_result (its
//     prompt_number the execution_count), pyerr becomes error, a stream's
//     "stream" becomes "name"; display data moves into "data" under full
//     mime types (text -> text/plain, html -> text/html, svg ->
//     image/svg+xml, png -> image/png, jpeg -> image/jpeg, latex ->
//     text/latex, json -> application/json, decoded, javascript ->
//     application/javascript), also in output metadata; the notebook
//     metadata loses "name" and "signature". Unlike nbformat, which
//     upgrades to 4.5 and gives every cell a random id, the result is
//     nbformat 4.4 without cell ids (ids are never invented), and
//     Notebook.OrigMajor says which version was read. Write then writes a
//     4.4 notebook, byte for byte as nbformat would after removing the ids.
//     nbformat 1 and versions above 4 are refused with a *StructureError,
//     and so is a version 2 or 3 with the layout of 4 ("cells", no
//     "worksheets"), as nbformat refuses it. A missing nbformat_minor is
//     0, as nbformat reads it.
//   - Every field the package does not interpret is kept verbatim, numbers
//     keep their literal text, and the key order of the input does not
//     matter.
//     Strings are decoded as encoding/json decodes them: a \u escape of a
//     lone UTF-16 surrogate becomes U+FFFD (Python keeps the surrogate, but
//     nbformat then cannot write the file as UTF-8).
//   - Write produces exactly the bytes nbformat's writer produces
//     (json.dumps with indent=1, sorted keys, ensure_ascii=False, after
//     split_lines and strip_transient, plus a final newline) for every file
//     nbformat wrote. A file written with another indentation (2 or 4
//     spaces, tabs) keeps it, and so do CRLF line endings, a byte-order mark
//     and a missing final newline. For every input that parses,
//     Parse(Write(nb)) is the same notebook and Write(Parse(Write(nb))) ==
//     Write(nb).
//   - Strip removes outputs, execution counts and volatile metadata
//     (VolatileMetadata), as StripOptions says; a notebook or cell with
//     "keep_output": true in its metadata, or a cell tagged keep_output,
//     keeps its outputs. Strip is idempotent.
//   - ParseWith with DigestOutputs replaces each cell's outputs by a
//     SHA-256 digest for comparing (equal exactly when the outputs are
//     equal apart from execute_result counts); such a notebook says so in
//     OutputsDigested and is not for writing. It parses the same inputs
//     and fails with the same errors as Parse.
//   - ParseWith with SkipOutputs checks outputs and drops them, keeping
//     only their number (OutputsSkipped says so); it too parses the same
//     inputs and fails with the same errors as Parse, and once Strip has
//     removed every output, Write writes what it writes for the notebook
//     parsed in full and stripped alike.
//   - ParseWith with Like (the CellIndex of another version, filled by a
//     parse with Index) gives the notebook it gives without: it only
//     copies the cells whose bytes it finds in the index instead of
//     parsing them again. With LikeShares the copies share their values
//     with the index's cells.
//   - Cell.Lines splits a source like Python's str.splitlines(True)
//     (SplitLines); Cell.Hash is a 64-bit FNV-1a hash of the cell type and
//     source, the same on every machine.
//
// Performance: Parse builds cells as it parses them, not from an object
// first, so that what it allocates in all stays near the size of the file
// (TestParseMemory bounds it); with DigestOutputs it hashes outputs as it
// scans them and never builds them, and allocates less still; with
// SkipOutputs it only scans them. Write
// allocates little beyond its output. The benchmarks in bench_test.go
// measure these on a generated 2,000-cell notebook with images, beside
// encoding/json decoding the same bytes into an any; the figures are in
// the README.
//
// The package imports only the standard library and keeps no global state.
package notebook
