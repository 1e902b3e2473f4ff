package cmdutil

import (
	"strconv"
	"strings"
)

// Plural returns n followed by one when n is 1 and by many otherwise:
// Plural(1, "cell", "cells") is "1 cell", Plural(2, ...) "2 cells".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// OfTotal returns "K of N NOUNS VERB" with the verb agreeing with K: "1 of
// 3 notebooks holds", "2 of 3 notebooks hold", "1 of 1 notebook holds".
func OfTotal(k, n int, one, many, verbOne, verbMany string) string {
	noun, verb := many, verbMany
	if n == 1 {
		noun = one
	}
	if k == 1 {
		verb = verbOne
	}
	return strconv.Itoa(k) + " of " + strconv.Itoa(n) + " " + noun + " " + verb
}

// Suggest returns the name among names closest to s, when it is close
// enough to be what a person meant to type (an edit distance of at most 2,
// and less than half of s; or s a prefix of it of at least 3 characters),
// else "". Ties go to the earlier name.
func Suggest(s string, names []string) string {
	if s == "" || strings.ContainsAny(s, "/.:~^@") {
		return ""
	}
	best, bestD := "", 3
	for _, n := range names {
		d := editDistance(strings.ToLower(s), n)
		if len(s) >= 3 && strings.HasPrefix(n, strings.ToLower(s)) {
			d = min(d, 1)
		}
		if d < bestD && 2*d < len(s) {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the Damerau-Levenshtein distance (with adjacent
// transpositions) of a and b, counted in bytes.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
