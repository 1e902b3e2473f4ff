package diff

import (
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

// BenchmarkAlign measures Align alone on the 2,000-cell pair, with cell
// ids and without: without ids it pairs cells by their sources (exact,
// then similar), which is most of the time of a diff of such a pair. The
// stage benchmarks of internal/pipeline put it beside the parse. The two
// versions are parsed with one StringTable, as the commands parse them
// (the parse then takes each long source's hash, Cell.SourceHash).
func BenchmarkAlign(b *testing.B) {
	for _, v := range []struct {
		name string
		args []string
	}{{"ids", nil}, {"no-ids", []string{"--no-ids"}}} {
		b.Run(v.name, func(b *testing.B) {
			base, local := benchPair(b, v.args...)
			var strs notebook.StringTable
			x, err := notebook.ParseWith(base, notebook.ParseOptions{DigestOutputs: true, Strings: &strs})
			if err != nil {
				b.Fatal(err)
			}
			y, err := notebook.ParseWith(local, notebook.ParseOptions{DigestOutputs: true, Strings: &strs})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				Align(x.Cells, y.Cells)
			}
		})
	}
}
