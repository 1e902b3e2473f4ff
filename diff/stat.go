package diff

import (
	"io"
	"strconv"
	"strings"
)

// A StatLine is what the Stat format says of one notebook: its paths, the
// counts of its changes, and notes (hidden changes; or, for a file that is
// not compared as a notebook, why). StatOf and TextStat make them;
// RenderStat prints them.
type StatLine struct {
	OldPath, NewPath string
	Stats            Stats
	// NotNotebook is set for a pair compared as text (RenderText): Notes
	// then say why, and Stats is empty.
	NotNotebook bool
	Notes       []string
}

// StatOf returns the StatLine of r under the paths of ro (see
// RenderOptions), or false when r is Empty (nothing to say).
func StatOf(r *Result, ro RenderOptions) (StatLine, bool) {
	if r.Empty() {
		return StatLine{}, false
	}
	p := newPrinter(io.Discard, ro)
	return StatLine{OldPath: p.oldPath, NewPath: p.newPath, Stats: r.Stats(), Notes: r.hiddenNotes()}, true
}

// RenameStat returns the StatLine of a notebook renamed (ro.OldPath to
// ro.NewPath) or given a new mode, with nothing else changed, as git's
// --stat lists it: no lines.
func RenameStat(ro RenderOptions) StatLine {
	p := newPrinter(io.Discard, ro)
	return StatLine{OldPath: p.oldPath, NewPath: p.newPath}
}

// TextStat returns the StatLine of two files compared as text, as
// RenderText prints it: note (or "not compared as notebooks") for its
// summary.
func TextStat(oldPath, newPath, note string) StatLine {
	p := newPrinter(io.Discard, RenderOptions{OldPath: oldPath, NewPath: newPath})
	if note == "" {
		note = "not compared as notebooks"
	}
	return StatLine{OldPath: p.oldPath, NewPath: p.newPath, NotNotebook: true, Notes: []string{note}}
}

// RenderStat prints lines as git's --stat does, aligned in columns, and a
// totals line after them:
//
//	analysis.ipynb | 12 +++++++-----  1 cell added, 2 modified, 1 moved
//	report.ipynb   |  3 ++-           1 modified; 1 cell has new outputs (--outputs)
//	2 notebooks changed, 1 cell added, 3 cells modified, 1 cell moved, 10 lines added(+), 5 lines removed(-)
//
// The number counts the source lines added and removed, the bar shows
// their share, scaled so that a line fits in ro.Width columns when it can
// (80 when ro.Width is 0); the summary counts cells. Without lines it
// prints nothing. The only errors are w's.
func RenderStat(w io.Writer, lines []StatLine, ro RenderOptions) error {
	if len(lines) == 0 {
		return nil
	}
	p := newPrinter(w, ro)
	width := ro.Width
	if width <= 0 {
		width = 80
	}
	names := make([]string, len(lines))
	sums := make([]string, len(lines))
	nameW, countW, sumW, most := 0, 1, 0, 0
	var total Stats
	for k, l := range lines {
		names[k] = l.NewPath
		if l.OldPath != l.NewPath {
			names[k] = l.OldPath + " => " + l.NewPath
		}
		nameW = max(nameW, textWidth(names[k]))
		s := l.Stats
		n := s.LinesAdded + s.LinesRemoved
		most = max(most, n)
		countW = max(countW, len(strconv.Itoa(n)))
		sums[k] = statSummary(l)
		sumW = max(sumW, textWidth(sums[k]))
		total.Added += s.Added
		total.Removed += s.Removed
		total.Modified += s.Modified
		total.Moved += s.Moved
		total.Retyped += s.Retyped
		total.LinesAdded += s.LinesAdded
		total.LinesRemoved += s.LinesRemoved
	}
	// " NAME | COUNT BAR  SUMMARY": the bar gets what is left of the
	// width, at least 10 columns when lines changed.
	barW := width - (1 + nameW + 3 + countW + 1) - 2 - sumW
	barW = max(min(barW, most), min(10, most))
	for k, l := range lines {
		var b strings.Builder
		b.WriteByte(' ')
		b.WriteString(names[k])
		b.WriteString(strings.Repeat(" ", nameW-textWidth(names[k])))
		b.WriteString(" | ")
		if l.NotNotebook {
			b.WriteString(sums[k])
			p.line("", b.String())
			continue
		}
		s := l.Stats
		n := s.LinesAdded + s.LinesRemoved
		count := strconv.Itoa(n)
		b.WriteString(strings.Repeat(" ", countW-len(count)))
		b.WriteString(count)
		plus, minus := s.LinesAdded, s.LinesRemoved
		if most > barW && n > 0 {
			// Scaled as git scales: each side at least one mark when
			// it has a line.
			plus, minus = scaleBar(plus, most, barW), scaleBar(minus, most, barW)
		}
		bar := ""
		if plus+minus > 0 {
			b.WriteByte(' ')
			if p.color {
				if plus > 0 {
					bar += p.colors.New + strings.Repeat("+", plus) + colorReset
				}
				if minus > 0 {
					bar += p.colors.Old + strings.Repeat("-", minus) + colorReset
				}
			} else {
				bar = strings.Repeat("+", plus) + strings.Repeat("-", minus)
			}
			b.WriteString(bar)
		}
		if sums[k] != "" {
			pad := 2 + barW - plus - minus
			if plus+minus == 0 {
				pad++
			}
			b.WriteString(strings.Repeat(" ", pad))
			b.WriteString(sums[k])
		}
		p.line("", strings.TrimRight(b.String(), " "))
	}
	parts := []string{plural(len(lines), "notebook changed", "notebooks changed")}
	cells := 0
	for _, x := range []struct {
		n    int
		what string
	}{{total.Added, "added"}, {total.Removed, "removed"}, {total.Modified, "modified"}, {total.Moved, "moved"}, {total.Retyped, "retyped"}} {
		if x.n > 0 {
			parts = append(parts, plural(x.n, "cell", "cells")+" "+x.what)
			cells++
		}
	}
	if total.LinesAdded > 0 {
		parts = append(parts, plural(total.LinesAdded, "line", "lines")+" added(+)")
	}
	if total.LinesRemoved > 0 {
		parts = append(parts, plural(total.LinesRemoved, "line", "lines")+" removed(-)")
	}
	p.line("", " "+strings.Join(parts, ", "))
	return p.flush()
}

// scaleBar scales n of most to a bar of width w, at least 1 when n > 0.
func scaleBar(n, most, w int) int {
	if n == 0 {
		return 0
	}
	return max(1, n*w/most)
}

// statSummary returns the cells part of a stat line: "1 cell added, 2
// modified, 1 moved", then the notes, after "; ".
func statSummary(l StatLine) string {
	if l.NotNotebook {
		return strings.Join(l.Notes, "; ")
	}
	s := l.Stats
	var parts []string
	for _, x := range []struct {
		n    int
		what string
	}{{s.Added, "added"}, {s.Removed, "removed"}, {s.Modified, "modified"}, {s.Moved, "moved"}, {s.Retyped, "retyped"}} {
		if x.n == 0 {
			continue
		}
		if len(parts) == 0 {
			parts = append(parts, plural(x.n, "cell", "cells")+" "+x.what)
		} else {
			parts = append(parts, strconv.Itoa(x.n)+" "+x.what)
		}
	}
	out := strings.Join(parts, ", ")
	if len(l.Notes) > 0 {
		if out != "" {
			out += "; "
		}
		out += strings.Join(l.Notes, "; ")
	}
	return out
}
