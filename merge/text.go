package merge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// A chunk is one region of a three-way comparison: base[a0:a1] against
// ours[o0:o1] and theirs[t0:t1]. ours and theirs say which sides changed
// the region; a chunk where neither did is stable.
type chunk struct {
	a0, a1       int
	o0, o1       int
	t0, t1       int
	ours, theirs bool
}

// diff3 splits a base of n tokens into stable chunks and changed chunks,
// given the edits base -> ours (eo) and base -> theirs (et) as diff.Strings
// returns them. Hunks of the two sides fall into one chunk when they share a
// base token, or when both insert at the same place; hunks that merely touch
// stay apart (an insertion comes before a change that starts where it is).
//
// With strict, hunks that touch (end where the other starts) fall into one
// chunk too, as in git.
func diff3(n int, eo, et []diff.Edit, strict bool) []chunk {
	var out []chunk
	i, j := 0, 0
	pos, offO, offT := 0, 0, 0
	less := func(a, b diff.Edit) bool {
		return a.AStart < b.AStart || a.AStart == b.AStart && a.AEnd < b.AEnd
	}
	for i < len(eo) || j < len(et) {
		oursFirst := j >= len(et) || i < len(eo) && !less(et[j], eo[i])
		var lo int
		if oursFirst {
			lo = eo[i].AStart
		} else {
			lo = et[j].AStart
		}
		hi := lo
		if lo > pos {
			out = append(out, chunk{a0: pos, a1: lo, o0: pos + offO, o1: lo + offO, t0: pos + offT, t1: lo + offT})
		}
		c := chunk{a0: lo, o0: lo + offO, t0: lo + offT}
		started := false
		take := func(e diff.Edit) bool {
			if !started || e.AStart < hi || e.AStart == hi && (strict || hi == lo && e.AEnd == e.AStart) {
				started = true
				if e.AEnd > hi {
					hi = e.AEnd
				}
				return true
			}
			return false
		}
		for progress := true; progress; {
			progress = false
			if !started && !oursFirst {
				// theirs' hunk comes first: let the loop below take it.
			} else if i < len(eo) && take(eo[i]) {
				offO += (eo[i].BEnd - eo[i].BStart) - (eo[i].AEnd - eo[i].AStart)
				c.ours = true
				i++
				progress = true
			}
			if j < len(et) && take(et[j]) {
				offT += (et[j].BEnd - et[j].BStart) - (et[j].AEnd - et[j].AStart)
				c.theirs = true
				j++
				progress = true
			}
		}
		c.a1, c.o1, c.t1 = hi, hi+offO, hi+offT
		out = append(out, c)
		pos = hi
	}
	if pos < n {
		out = append(out, chunk{a0: pos, a1: n, o0: pos + offO, o1: n + offO, t0: pos + offT, t1: n + offT})
	}
	return out
}

// trimTouching finds the tokens that two neighbouring chunks, each
// changed by one side only and the two sides different, would both write
// where they touch: one side inserted tokens (a chunk with no base token)
// right before or after a change of the other side that writes the same
// tokens at that end (row insert/insert: identical insertions once). It
// returns, by chunk, how many tokens to leave out at its start (head) and
// at its end (tail); only a pure insertion loses tokens, so a change of
// the base is always written whole.
func trimTouching(chunks []chunk, o, t []string) (head, tail []int) {
	head, tail = make([]int, len(chunks)), make([]int, len(chunks))
	// written returns what chunk c writes, for a chunk changed by one
	// side only.
	written := func(c chunk) []string {
		if c.ours {
			return o[c.o0:c.o1]
		}
		return t[c.t0:c.t1]
	}
	oneSided := func(c chunk) bool { return c.ours != c.theirs }
	for k := 1; k < len(chunks); k++ {
		x, y := chunks[k-1], chunks[k]
		if !oneSided(x) || !oneSided(y) || x.ours == y.ours {
			continue
		}
		n := overlap(written(x), written(y))
		switch {
		case n == 0:
		case x.a0 == x.a1:
			// An insertion, then a change of the other side that
			// starts with its last tokens.
			tail[k-1] = n
		case y.a0 == y.a1:
			// A change, then an insertion of the other side that
			// starts with the change's last tokens.
			head[k] = n
		}
	}
	return head, tail
}

// overlap returns the largest n such that the last n tokens of x are the
// first n of y, in time linear in their lengths (the prefix function of
// Knuth, Morris and Pratt over y, matched along x).
func overlap(x, y []string) int {
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	y = y[:min(len(y), len(x))]
	// fail[i] is the length of the longest proper prefix of y[:i+1]
	// that is also its suffix.
	fail := make([]int, len(y))
	for i, k := 1, 0; i < len(y); i++ {
		for k > 0 && y[i] != y[k] {
			k = fail[k-1]
		}
		if y[i] == y[k] {
			k++
		}
		fail[i] = k
	}
	k := 0 // tokens of y matched so far, ending at the current token of x
	for _, tok := range x[len(x)-len(y):] {
		for k > 0 && (k == len(y) || tok != y[k]) {
			k = fail[k-1]
		}
		if tok == y[k] {
			k++
		}
	}
	return k
}

// textResult is the outcome of a text merge.
type textResult struct {
	text      string
	conflicts int // conflict regions written with markers
	words     int // overlapping hunks resolved by the word-level merge
}

// Text merges three plain texts line by line and returns the merged text,
// each conflict written with git-style markers of opts.MarkerSize (7 when
// 0), labelled with opts.OursLabel and opts.TheirsLabel, with a base
// section (opts.BaseLabel) when opts.Diff3.
// Every marker is on a line of its own, also where a side lacks a final
// newline. Overlapping hunks of at most 40 lines and 8 KiB a side are
// retried word by word unless opts.NoWordMerge; the retry counts only when
// it is clean, the two sides' word changes are apart by more than white
// space and its result is one side's text for the hunk; the retries of one merge share a budget of work (wordBudget), past
// which a hunk stays a conflict. Text does not modify its arguments; its
// cost is bounded by that of diff.Strings.
func Text(base, ours, theirs string, opts Options) string {
	budget := wordBudget
	return mergeText(base, ours, theirs, &opts, &budget, nil).text
}

// TextConflicts is Text that also returns the number of conflicts it
// marked: 0 when the merge is clean.
func TextConflicts(base, ours, theirs string, opts Options) (string, int) {
	budget := wordBudget
	r := mergeText(base, ours, theirs, &opts, &budget, nil)
	return r.text, r.conflicts
}

// wordBudget bounds the work of the word-level retries of one merge (of a
// text, or of all the cells of a notebook), in steps of go-diff's search as
// diffWork bounds them, for the two diffs of each retry. It is far above
// what the real merges of ../shared and the benchmark triples spend, so it
// changes none of their results; it stops the retries of versions that
// share little (the slow case of a token diff), which would otherwise cost
// more than all the rest of their merge.
const wordBudget = 20_000_000

// mergeText is Text, with the conflicts counted. moved, when not nil, is
// asked about each conflicting hunk where one side (mover, fromOurs or
// fromTheirs) deleted base lines that the other side edited (row moved
// text): when it returns true, the lines went elsewhere and the edit with
// them, and the hunk is the deletion.
func mergeText(base, ours, theirs string, opts *Options, budget *int, moved func(mover int, lines, edited []string) bool) textResult {
	b, o, t := notebook.SplitLines(base), notebook.SplitLines(ours), notebook.SplitLines(theirs)
	var res textResult
	var sb strings.Builder
	sb.Grow(max(len(ours), len(theirs)) + 64)
	// Row edit/edit of the case table, hunk by hunk, where the rows
	// unchanged and same change hold again, for lines.
	// Insertions are placed as git's diff places them (slide), so that
	// two that git keeps apart are apart here too.
	chunks := diff3(len(b), slide(b, o, diff.Strings(b, o)), slide(b, t, diff.Strings(b, t)), false)
	head, tail := trimTouching(chunks, o, t)
	for k, c := range chunks {
		switch {
		case !c.ours && !c.theirs:
			// Lines neither side changed.
			writeLines(&sb, b[c.a0:c.a1])
		case !c.theirs:
			// Row unchanged (theirs left these lines): ours' hunk,
			// less the lines theirs inserted right next to it (row
			// insert/insert: identical lines once).
			writeLines(&sb, o[c.o0+head[k]:c.o1-tail[k]])
		case !c.ours:
			// Row unchanged (ours left these lines): theirs' hunk,
			// and the same.
			writeLines(&sb, t[c.t0+head[k]:c.t1-tail[k]])
		case equalLines(o[c.o0:c.o1], t[c.t0:c.t1]):
			// Row same change: once.
			writeLines(&sb, o[c.o0:c.o1])
		case moved != nil && movedAway(&sb, b[c.a0:c.a1], o[c.o0:c.o1], t[c.t0:c.t1], moved):
			// Row moved text: one side deleted lines here that it
			// moved to another cell, where the other side's edit of
			// them goes.
		default:
			// Hunks that overlap: retried word by word, else a
			// conflict (row edit/edit: "only where hunks overlap").
			// Not where the base holds conflict markers: git's
			// recursive merge made it (a criss-cross history merges
			// the merge bases first, conflicts and all), and each
			// side's hunk is then a person's resolution of that
			// conflict, which a word merge would decide for them.
			if !opts.NoWordMerge && !HasMarkers([]byte(join(b[c.a0:c.a1]))) && wordSized(b[c.a0:c.a1], o[c.o0:c.o1], t[c.t0:c.t1]) {
				// Row word edit: a word-level merge counts only when
				// it equals one side's hunk, that is when that side's
				// word edits hold the other's; a line that neither side
				// wrote is mostly not what people want.
				oh, th := join(o[c.o0:c.o1]), join(t[c.t0:c.t1])
				if s, ok := mergeWords(join(b[c.a0:c.a1]), oh, th, budget); ok && (s == oh || s == th) {
					sb.WriteString(s)
					res.words++
					continue
				}
			}
			last := k == len(chunks)-1
			writeConflict(&sb, b[c.a0:c.a1], o[c.o0:c.o1], t[c.t0:c.t1], last, opts)
			res.conflicts++
		}
	}
	res.text = sb.String()
	return res
}

// movedAway resolves a hunk of row moved text: one side's lines (xs) are
// the base's (bs) but for a part at the start or the end that it deleted
// (the lines it kept may have lost their line end: the first half of a
// cell split in two), the other side's (ys) keep the rest as it was, and
// moved says the deleted part went to another cell of that side, with the
// other side's edit of it. It then writes xs and returns true.
func movedAway(sb *strings.Builder, bs, os, ts []string, moved func(mover int, lines, edited []string) bool) bool {
	for _, side := range []int{fromOurs, fromTheirs} {
		xs, ys := os, ts
		if side == fromTheirs {
			xs, ys = ts, os
		}
		k := len(xs)
		if k >= len(bs) || len(ys) < k {
			continue
		}
		var gone, edited []string
		switch {
		case equalTrimmed(xs, bs[:k]) && equalLines(ys[:k], bs[:k]):
			gone, edited = bs[k:], ys[k:]
		case equalTrimmed(xs, bs[len(bs)-k:]) && equalLines(ys[len(ys)-k:], bs[len(bs)-k:]):
			gone, edited = bs[:len(bs)-k], ys[:len(ys)-k]
		default:
			continue
		}
		if moved(side, gone, edited) {
			writeLines(sb, xs)
			return true
		}
	}
	return false
}

func writeLines(sb *strings.Builder, lines []string) {
	for _, l := range lines {
		sb.WriteString(l)
	}
}

func join(lines []string) string { return strings.Join(lines, "") }

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// endsLine reports whether s is empty or ends in a line break, so that
// what follows starts a line of its own.
func endsLine(s string) bool {
	return s == "" || s[len(s)-1] == '\n' || s[len(s)-1] == '\r'
}

// writeConflict writes one conflict region. Lines the two sides share at
// the start and the end are written outside the markers (zdiff3). last says
// whether nothing follows the region; then the closing marker ends with a
// newline only when a side's text did.
func writeConflict(sb *strings.Builder, b, o, t []string, last bool, opts *Options) {
	pre := 0
	for pre < len(o) && pre < len(t) && o[pre] == t[pre] {
		pre++
	}
	suf := 0
	for suf < len(o)-pre && suf < len(t)-pre && o[len(o)-1-suf] == t[len(t)-1-suf] {
		suf++
	}
	writeLines(sb, o[:pre])
	size := min(opts.MarkerSize, MaxMarkerSize)
	if size <= 0 {
		size = 7
	}
	eol := markerEOL(sb.String(), o, t, b)
	marker := func(ch byte, label string) {
		if s := sb.String(); !endsLine(s) {
			sb.WriteString(eol)
		}
		sb.WriteString(strings.Repeat(string(ch), size))
		if label != "" {
			sb.WriteByte(' ')
			sb.WriteString(label)
		}
		sb.WriteString(eol)
	}
	marker('<', labelOr(opts.OursLabel, "ours"))
	writeLines(sb, o[pre:len(o)-suf])
	if opts.Diff3 {
		marker('|', labelOr(opts.BaseLabel, "base"))
		writeLines(sb, b)
	}
	marker('=', "")
	writeLines(sb, t[pre:len(t)-suf])
	marker('>', labelOr(opts.TheirsLabel, "theirs"))
	if rest := o[len(o)-suf:]; len(rest) > 0 {
		writeLines(sb, rest)
		return
	}
	if last {
		// Nothing follows: keep the text's own choice of a final newline.
		ends := func(ls []string) bool { return len(ls) > 0 && endsLine(ls[len(ls)-1]) }
		if !ends(o) && !ends(t) {
			s := sb.String()
			sbReset(sb, s[:len(s)-len(eol)])
		}
	}
}

// markerEOL returns the line end of conflict markers, as git chooses it:
// that of the line before the conflict (the text written so far), else
// that of the first line of ours, theirs or the base that has one; "\r\n"
// when that is CR LF, "\n" otherwise.
func markerEOL(before string, sides ...[]string) string {
	if strings.HasSuffix(before, "\n") {
		if strings.HasSuffix(before, "\r\n") {
			return "\r\n"
		}
		return "\n"
	}
	for _, ls := range sides {
		for _, l := range ls {
			if strings.HasSuffix(l, "\n") {
				if strings.HasSuffix(l, "\r\n") {
					return "\r\n"
				}
				return "\n"
			}
		}
	}
	return "\n"
}

func sbReset(sb *strings.Builder, s string) {
	sb.Reset()
	sb.WriteString(s)
}

// labelOr returns label, or def when label is "" (the option was not set).
func labelOr(label, def string) string {
	if label == "" {
		return def
	}
	return label
}

// Bounds of the word-level retry: a conflicting hunk larger than this on any
// side is left a conflict, which keeps the retry cheap (it never looks at
// more than a few thousand tokens) and its results readable.
const (
	maxWordLines = 40
	maxWordBytes = 8 << 10
)

func wordSized(parts ...[]string) bool {
	for _, p := range parts {
		n := 0
		for _, l := range p {
			n += len(l)
		}
		if len(p) > maxWordLines || n > maxWordBytes {
			return false
		}
	}
	return true
}

// tokens splits s into words (letters, digits and '_'), runs of blanks,
// line ends and single other characters. Joining the tokens gives s.
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case isWord(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !isWord(r2) {
					break
				}
				j += n2
			}
		case r == ' ' || r == '\t':
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
		case r == '\r':
			if j < len(s) && s[j] == '\n' {
				j++
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

// diffWork bounds the work of diff.Strings on x and y: it trims their
// common start and end, and returns at once when one of them is then
// empty; otherwise go-diff's search costs at most (n+m)^2 steps for the n
// and m tokens left (its (n+m)D, the number of edits D being at most n+m).
// (The multiset bound diff.Strings checks is lower: tokens that are common
// but reordered cost as much as differing ones.)
func diffWork(x, y []string) int {
	for len(x) > 0 && len(y) > 0 && x[0] == y[0] {
		x, y = x[1:], y[1:]
	}
	for len(x) > 0 && len(y) > 0 && x[len(x)-1] == y[len(y)-1] {
		x, y = x[:len(x)-1], y[:len(y)-1]
	}
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	n := len(x) + len(y)
	return n * n
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// mergeWords merges three texts token by token and reports whether that
// merge was clean; only then is the merged text meaningful.
func mergeWords(base, ours, theirs string, budget *int) (string, bool) {
	b, o, t := tokens(base), tokens(ours), tokens(theirs)
	cost := diffWork(b, o) + diffWork(b, t)
	if cost > *budget {
		// Past the budget, a hunk stays a conflict: diffing texts that
		// share little token by token is the slow case of the diff.
		return "", false
	}
	*budget -= cost
	var sb strings.Builder
	// last is the side of the last change (1 ours, 2 theirs, 3 both),
	// word whether an unchanged token other than white space came after it.
	last, word := 0, false
	for _, c := range diff3(len(b), diff.Strings(b, o), diff.Strings(b, t), true) {
		side := 0
		switch {
		case !c.ours && !c.theirs:
			writeLines(&sb, b[c.a0:c.a1])
			for _, tok := range b[c.a0:c.a1] {
				if strings.TrimSpace(tok) != "" {
					word = true
				}
			}
			continue
		case !c.theirs:
			writeLines(&sb, o[c.o0:c.o1])
			side = 1
		case !c.ours:
			writeLines(&sb, t[c.t0:c.t1])
			side = 2
		case equalLines(o[c.o0:c.o1], t[c.t0:c.t1]):
			writeLines(&sb, o[c.o0:c.o1])
			side = 3
		default:
			return "", false
		}
		// Changes of the two sides must be apart by more than white space:
		// "x * 2" edited into "x * 3" and "x ** 2" is no clean "x ** 3".
		if last != 0 && last|side == 3 && !word {
			return "", false
		}
		last, word = side, false
	}
	return sb.String(), true
}
