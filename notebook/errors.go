package notebook

import "fmt"

// A SyntaxError reports input that is not valid JSON (or not UTF-8).
// Offset counts bytes from the start of the input, after any byte-order
// mark; Line and Column count from 1 (Column in bytes).
type SyntaxError struct {
	Offset int
	Line   int
	Column int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("notebook: line %d, column %d (byte %d): %s", e.Line, e.Column, e.Offset, e.Msg)
}

// A StructureError reports JSON that is valid but not an nbformat 4
// notebook. Cell is the index of the cell at fault, or -1 for the notebook
// itself; Field names the member at fault.
type StructureError struct {
	Cell  int
	Field string
	Msg   string
}

func (e *StructureError) Error() string {
	where := "notebook"
	if e.Cell >= 0 {
		where = fmt.Sprintf("notebook: cell %d", e.Cell)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %q: %s", where, e.Field, e.Msg)
	}
	return fmt.Sprintf("%s: %s", where, e.Msg)
}
