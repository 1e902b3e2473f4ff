package main

import (
	"strings"

	"github.com/nbtools/nbdiff/internal/gitcmd"
)

// unmergedStages returns the index stages of file when it is an unmerged
// path of the git repository that holds dir, keyed by stage number, or nil
// when it is not (or there is no repository or no git).
func unmergedStages(dir, file string) map[int]string {
	out, err := gitcmd.Run(dir, "ls-files", "-u", "-z", "--", file)
	if err != nil || len(out) == 0 {
		return nil
	}
	stages := make(map[int]string)
	for _, rec := range strings.Split(string(out), "\x00") {
		// "<mode> <object> <stage>\t<path>"
		meta, _, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 3 || len(f[2]) != 1 || f[2][0] < '1' || f[2][0] > '3' {
			continue
		}
		stages[int(f[2][0]-'0')] = f[1]
	}
	if len(stages) == 0 {
		return nil
	}
	return stages
}

// catBlob returns the content of the blob named object.
func catBlob(dir, object string) ([]byte, error) {
	return gitcmd.Run(dir, "cat-file", "blob", object)
}
