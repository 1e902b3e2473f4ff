// Package tsv reads the tab-separated tables of ../shared (corpus.tsv,
// merges/cases.tsv) for the tests, benchmarks and evaluators.
package tsv

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Read reads a tab-separated file into one map per row, keyed by the column
// names of its first line; a short row lacks the missing columns.
func Read(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var header []string
	var rows []map[string]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
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
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}
