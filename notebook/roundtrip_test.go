package notebook

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const corpusDir = "../../shared/corpus"

// corpusRows reads corpus.tsv into one map per row, keyed by column name.
func corpusRows(t testing.TB) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "corpus.tsv"))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	defer f.Close()
	var header []string
	var rows []map[string]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if header == nil {
			header = cols
			continue
		}
		row := map[string]string{}
		for i, h := range header {
			if i < len(cols) {
				row[h] = cols[i]
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func TestCorpusRoundTrip(t *testing.T) {
	rows := corpusRows(t)
	identical, want := 0, 0
	for _, row := range rows {
		name := row["id"]
		data, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		nb, err := Parse(data)
		if row["nbformat"] != "4" {
			if err == nil {
				t.Errorf("%s: nbformat %s accepted", name, row["nbformat"])
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		out := Write(nb)
		if row["nbformat_writes_identical"] == "yes" {
			want++
			if bytes.Equal(out, data) {
				identical++
			} else {
				i := 0
				for i < len(out) && i < len(data) && out[i] == data[i] {
					i++
				}
				lo := max(0, i-80)
				t.Errorf("%s: not byte-identical at byte %d:\nwant %q\ngot  %q", name, i, data[lo:min(len(data), i+80)], out[lo:min(len(out), i+80)])
			}
		}
		nb2, err := Parse(out)
		if err != nil {
			t.Errorf("%s: output does not parse: %v", name, err)
			continue
		}
		if out2 := Write(nb2); !bytes.Equal(out, out2) {
			t.Errorf("%s: second round trip is not byte-stable", name)
		}
	}
	t.Logf("corpus: %d of %d nbformat-written v4 files byte-identical after Parse and Write", identical, want)
	if testing.Verbose() || identical != want {
		println("corpus round trip:", identical, "of", want, "byte-identical")
	}
}
