package notebook

import (
	"slices"
	"strings"
)

// StripOptions says what Strip keeps. The zero value strips outputs,
// execution counts and the volatile metadata listed in VolatileMetadata.
type StripOptions struct {
	// KeepOutputs keeps cell outputs.
	KeepOutputs bool
	// KeepCounts keeps execution counts (of cells and of execute_result
	// outputs that are kept).
	KeepCounts bool
	// KeepMetadata are metadata paths not to strip although they are in
	// VolatileMetadata(), in the notation "metadata.KEY" (notebook) and
	// "cell.metadata.KEY" (every cell); KEY may be a dotted path.
	KeepMetadata []string
	// ExtraMetadata are further metadata paths to strip, in the same
	// notation.
	ExtraMetadata []string
}

// VolatileMetadata returns the metadata paths that Strip removes by default:
// state of a user interface or of a run rather than of the notebook's
// content. The caller may modify the returned slice.
func VolatileMetadata() []string {
	return []string{
		"metadata.signature",
		"metadata.widgets",
		"metadata.colab.provenance",
		"metadata.papermill.duration",
		"metadata.papermill.start_time",
		"metadata.papermill.end_time",
		"metadata.papermill.exception",
		"metadata.papermill.environment_variables",
		"cell.metadata.collapsed",
		"cell.metadata.scrolled",
		"cell.metadata.ExecuteTime",
		"cell.metadata.execution",
		"cell.metadata.heading_collapsed",
		"cell.metadata.hidden",
		"cell.metadata.jp-MarkdownHeadingCollapsed",
		"cell.metadata.jupyter.outputs_hidden",
		"cell.metadata.colab",
		"cell.metadata.outputId",
		"cell.metadata.executionInfo",
		"cell.metadata.papermill",
		"cell.metadata.vscode.languageId",
	}
}

// keepOutputKey is the metadata key, and the cell tag, by which a notebook
// or a cell asks for its outputs to be kept (as nbstripout honours it).
const keepOutputKey = "keep_output"

// Strip removes outputs, execution counts and volatile metadata from nb in
// place, as opts says, and reports whether anything changed. A notebook whose
// metadata has "keep_output": true keeps all outputs; a cell with that
// metadata or the tag "keep_output" keeps its own outputs and count.
// Strip is idempotent.
func Strip(nb *Notebook, opts StripOptions) bool {
	var nbPaths, cellPaths [][]string
	for _, p := range slices.Concat(VolatileMetadata(), opts.ExtraMetadata) {
		if slices.Contains(opts.KeepMetadata, p) && !slices.Contains(opts.ExtraMetadata, p) {
			continue
		}
		switch {
		case strings.HasPrefix(p, "metadata."):
			nbPaths = append(nbPaths, strings.Split(strings.TrimPrefix(p, "metadata."), "."))
		case strings.HasPrefix(p, "cell.metadata."):
			cellPaths = append(cellPaths, strings.Split(strings.TrimPrefix(p, "cell.metadata."), "."))
		}
	}
	changed := false
	// Metadata goes first, so that a keep_output that is itself stripped
	// does not keep outputs (which would make Strip not idempotent).
	for _, path := range nbPaths {
		changed = deletePath(&nb.Metadata, path) || changed
	}
	keepAll := isTrue(nb.Metadata.Get(keepOutputKey))
	for _, c := range nb.Cells {
		for _, path := range cellPaths {
			changed = deletePath(&c.Metadata, path) || changed
		}
		keep := keepAll || opts.KeepOutputs || cellKeepsOutput(c)
		if !keep && c.Outputs.Kind == Array && len(c.Outputs.Items) > 0 {
			c.Outputs.Items = []Value{}
			changed = true
		}
		if !opts.KeepCounts && !(keepAll || cellKeepsOutput(c)) {
			if c.ExecutionCount.Kind != Null {
				c.ExecutionCount = Value{}
				changed = true
			}
			for i := range c.Outputs.Items {
				if ec := c.Outputs.Items[i].Get("execution_count"); ec != nil && ec.Kind != Null {
					*ec = Value{}
					changed = true
				}
			}
			if nb.OutputsDigested && len(c.Outputs.Items) == 2 {
				// the digest of counts that are not all null
				c.Outputs.Items = c.Outputs.Items[:1]
				changed = true
			}
		}
	}
	return changed
}

func cellKeepsOutput(c *Cell) bool {
	if isTrue(c.Metadata.Get(keepOutputKey)) {
		return true
	}
	if tags := c.Metadata.Get("tags"); tags != nil {
		for i := range tags.Items {
			if tags.Items[i].Kind == String && tags.Items[i].Str == keepOutputKey {
				return true
			}
		}
	}
	return false
}

func isTrue(v *Value) bool { return v != nil && v.Kind == Bool && v.Str == "true" }

// deletePath deletes the member at path below v; an object emptied by the
// deletion is deleted too. It reports whether anything was deleted.
func deletePath(v *Value, path []string) bool {
	if len(path) == 1 {
		return v.Delete(path[0])
	}
	child := v.Get(path[0])
	if child == nil || child.Kind != Object {
		return false
	}
	if !deletePath(child, path[1:]) {
		return false
	}
	if len(child.Members) == 0 {
		v.Delete(path[0])
	}
	return true
}
