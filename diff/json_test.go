package diff

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// TestJSONOneLine checks that the JSON format writes each Result as one
// compact document on one line, so that a caller concatenates the
// renderings of several notebooks into JSON lines as they are.
func TestJSONOneLine(t *testing.T) {
	for _, c := range renderCases {
		r := Notebooks(c.a, c.b, c.opts)
		var buf bytes.Buffer
		if err := Render(&buf, r, RenderOptions{Format: JSON, NewPath: "nb.ipynb"}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
			t.Errorf("%s: not one line:\n%s", c.name, out)
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, buf.Bytes()); err != nil {
			t.Errorf("%s: %v:\n%s", c.name, err, out)
		} else if compact.String() != strings.TrimSuffix(out, "\n") {
			t.Errorf("%s: not compact:\n%s", c.name, out)
		}
	}
}

// TestJSONNonFinite: NaN and Infinity, which notebooks may hold (Python's
// json writes them), are written as Python's json and nbdime write them,
// on the one line.
func TestJSONNonFinite(t *testing.T) {
	a := withOutputs(nbtest.Parse("code:x"), 0, "1", `[{"output_type":"execute_result","execution_count":1,"metadata":{},"data":{"application/json":{"v":NaN}}}]`)
	b := withOutputs(nbtest.Parse("code:x"), 0, "1", `[{"output_type":"execute_result","execution_count":1,"metadata":{},"data":{"application/json":{"v":-Infinity}}}]`)
	var buf bytes.Buffer
	if err := Render(&buf, Notebooks(a, b, Options{Outputs: true}), RenderOptions{Format: JSON, NewPath: "nb.ipynb"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, `{"v":-Infinity}`) {
		t.Errorf("got %s", out)
	}
}
