package console

import "strings"

// DiffLine is one line of a line diff: Op is ' ' (kept), '-' (removed) or '+' (added).
type DiffLine struct {
	Op   byte
	Text string
}

// Kind names the line's class for the page ("same", "del", "add").
func (l DiffLine) Kind() string {
	switch l.Op {
	case '-':
		return "del"
	case '+':
		return "add"
	}
	return "same"
}

// maxDiffCells bounds the work of the longest-common-subsequence table; past it, the changed
// middle is shown as all removed, then all added.
const maxDiffCells = 4_000_000

// Diff returns a line diff of old and new: the common head and tail kept, the middle aligned by
// a longest common subsequence of lines when it is small enough.
func Diff(old, new string) []DiffLine {
	a, b := splitLines(old), splitLines(new)
	var head, tail []DiffLine
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		head = append(head, DiffLine{' ', a[0]})
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		tail = append(tail, DiffLine{' ', a[len(a)-1]})
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	out := head
	if len(a)*len(b) <= maxDiffCells {
		out = append(out, lcsDiff(a, b)...)
	} else {
		for _, l := range a {
			out = append(out, DiffLine{'-', l})
		}
		for _, l := range b {
			out = append(out, DiffLine{'+', l})
		}
	}
	for i := len(tail) - 1; i >= 0; i-- {
		out = append(out, tail[i])
	}
	return out
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// lcsDiff aligns a and b by a longest common subsequence (dynamic programming, len(a)*len(b)
// cells of int32).
func lcsDiff(a, b []string) []DiffLine {
	n, m := len(a), len(b)
	w := m + 1
	t := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			} else {
				t[i*w+j] = max(t[(i+1)*w+j], t[i*w+j+1])
			}
		}
	}
	var out []DiffLine
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, DiffLine{' ', a[i]})
			i, j = i+1, j+1
		case t[(i+1)*w+j] >= t[i*w+j+1]:
			out = append(out, DiffLine{'-', a[i]})
			i++
		default:
			out = append(out, DiffLine{'+', b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, DiffLine{'-', a[i]})
	}
	for ; j < m; j++ {
		out = append(out, DiffLine{'+', b[j]})
	}
	return out
}
