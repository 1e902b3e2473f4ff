package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
)

// git runs git with args in dir and returns its standard output. A missing
// git binary or a failing command is an error that carries git's stderr.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return out, fmt.Errorf("git %s: %w", args[0], err)
		}
		return out, fmt.Errorf("git %s: %w: %s", args[0], err, msg)
	}
	return out, nil
}

// gitDiff3 reports whether git's merge.conflictStyle, as seen from dir, asks
// for a base section (diff3 or zdiff3). Without git, or outside a
// repository without the setting, it is false.
func gitDiff3(dir string) bool {
	out, err := git(dir, "config", "--get", "merge.conflictStyle")
	if err != nil {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(string(out))) {
	case "diff3", "zdiff3":
		return true
	}
	return false
}

// unmergedStages returns the index stages of file when it is an unmerged
// path of the git repository that holds dir, keyed by stage number, or nil
// when it is not (or there is no repository or no git).
func unmergedStages(dir, file string) map[int]string {
	out, err := git(dir, "ls-files", "-u", "-z", "--", file)
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
	return git(dir, "cat-file", "blob", object)
}
