package policy

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/paddock-dev/paddock/internal/termtext"
)

// Display says how the prompter shows a proposed call. The zero Display shows plain text and
// write_file's contents without comparing them to the current file.
type Display struct {
	// Color adds ANSI colours (a terminal that asked for them: not NO_COLOR, not a pipe).
	Color bool
	// Current returns the current contents of a workspace file, exists false when there is none.
	// Set, write_file is shown as a unified diff against it.
	Current func(name string) (contents string, exists bool, err error)
	// View shows text in a pager; set, the question offers "v" to see the full arguments.
	View func(text string) error
}

// Limits of what a question shows before "v" is needed to see the rest.
const (
	maxDiffLines    = 40   // diff lines of a write_file
	maxPreviewLines = 12   // first lines of a new file, a command or code
	maxDiffInput    = 4000 // lines per side beyond which no diff is computed
	maxValueRunes   = 300  // one argument value on one line
)

// ANSI styles, used only when Display.Color is set.
const (
	styleBold  = "\x1b[1m"
	styleDim   = "\x1b[2m"
	styleRed   = "\x1b[31m"
	styleGreen = "\x1b[32m"
	styleCyan  = "\x1b[36m"
	styleReset = "\x1b[0m"
)

func (d Display) style(style, s string) string {
	if !d.Color || s == "" {
		return s
	}
	return style + s + styleReset
}

// RenderCall returns how a proposed call is shown to a person: its first line names the tool and
// what it acts on, the lines after it show what it does (a diff, a command line, a URL). Every
// piece of the arguments passes termtext, so nothing in them can drive the terminal. args is the
// call's canonical JSON; arguments that are not a JSON object are shown as they are, on one line.
func RenderCall(name, args string, d Display) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(args), &m); err != nil {
		return "⏸  " + d.style(styleBold, termtext.OneLine(name, 80)) + " " + termtext.OneLine(args, maxValueRunes)
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	head := "⏸  " + d.style(styleBold, termtext.OneLine(name, 80))
	var body []string
	switch name {
	case "write_file":
		file := str("filename")
		summary, lines := d.writeDiff(file, str("contents"))
		head += " " + termtext.OneLine(file, 200) + "  " + d.style(styleDim, "("+summary+")")
		body = lines
		delete(m, "filename")
		delete(m, "contents")
	case "execute_shell":
		body = d.preview(str("command_line"), "$ ", "> ", "")
		delete(m, "command_line")
	case "execute_python_code":
		body = d.preview(str("code"), "│ ", "│ ", "")
		delete(m, "code")
	case "read_webpage", "download_file":
		head += " " + d.style(styleCyan, termtext.OneLine(str("url"), maxValueRunes))
		if f := str("filename"); f != "" {
			head += " → " + termtext.OneLine(f, 200)
		}
		delete(m, "url")
		delete(m, "filename")
	}
	body = append(body, keyValues(m)...)
	var b strings.Builder
	b.WriteString(head)
	for _, l := range body {
		b.WriteString("\n   ")
		b.WriteString(l)
	}
	return b.String()
}

// keyValues shows the remaining arguments one per line, sorted by name.
func keyValues(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		v, ok := m[k].(string)
		if !ok {
			b, _ := json.Marshal(m[k])
			v = string(b)
		}
		out = append(out, termtext.OneLine(k, 60)+": "+termtext.OneLine(v, maxValueRunes))
	}
	return out
}

// preview shows the first lines of text, each with a prefix (first for the first line), and how
// many lines are not shown.
func (d Display) preview(text, first, rest, style string) []string {
	lines := splitLines(text)
	var out []string
	for i, l := range lines {
		if i == maxPreviewLines {
			out = append(out, d.style(styleDim, fmt.Sprintf("… %d more lines%s", len(lines)-i, d.viewHint())))
			break
		}
		p := rest
		if i == 0 {
			p = first
		}
		out = append(out, d.style(style, p+termtext.OneLine(l, 0)))
	}
	return out
}

func (d Display) viewHint() string {
	if d.View != nil {
		return " (v shows all)"
	}
	return ""
}

// writeDiff returns a summary of a write ("new file, 57 lines, 2.1 KiB" or "+3 −1 lines") and the
// lines to show: the new file's first lines, or a unified diff against the current file.
func (d Display) writeDiff(file, contents string) (summary string, lines []string) {
	size := termtext.Size(len(contents))
	newLines := splitLines(contents)
	var old string
	exists := false
	if d.Current != nil {
		var err error
		old, exists, err = d.Current(file)
		if err != nil {
			return fmt.Sprintf("%s, %s; the current file cannot be read: %s", nLines(len(newLines)), size, termtext.OneLine(err.Error(), 200)),
				d.preview(contents, "+", "+", styleGreen)
		}
	}
	if !exists {
		what := "new file"
		if d.Current == nil {
			what = "contents"
		}
		return fmt.Sprintf("%s, %s, %s", what, nLines(len(newLines)), size), d.preview(contents, "+", "+", styleGreen)
	}
	if old == contents {
		return "unchanged: the file already has these contents", nil
	}
	oldLines := splitLines(old)
	if len(oldLines) > maxDiffInput || len(newLines) > maxDiffInput {
		return fmt.Sprintf("replaces %s with %s, %s; too long to compare here", nLines(len(oldLines)), nLines(len(newLines)), size),
			d.preview(contents, "+", "+", styleGreen)
	}
	ops := diffLines(oldLines, newLines)
	added, removed := 0, 0
	for _, o := range ops {
		switch o.kind {
		case '+':
			added++
		case '-':
			removed++
		}
	}
	summary = fmt.Sprintf("+%d −%d lines, %s", added, removed, size)
	all := d.unified(file, oldLines, newLines, ops)
	if len(all) > maxDiffLines {
		all = append(all[:maxDiffLines], d.style(styleDim, fmt.Sprintf("… %d more diff lines%s", len(all)-maxDiffLines, d.viewHint())))
	}
	return summary, all
}

// nLines is "1 line" or "n lines".
func nLines(n int) string {
	if n == 1 {
		return "1 line"
	}
	return fmt.Sprintf("%d lines", n)
}

// splitLines splits text into lines; a final newline does not make an empty last line.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// diffOp is one line of an edit script: ' ' kept, '-' removed from a, '+' added from b.
type diffOp struct {
	kind byte
	a, b int // line indexes in a and b (the one that applies)
}

// diffLines returns an edit script from a to b with the fewest changed lines (a longest common
// subsequence, by dynamic programming over the lines between the common prefix and suffix).
func diffLines(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	// lcs[i][j] is the LCS length of ma[i:] and mb[j:].
	w := len(mb) + 1
	lcs := make([]int32, (len(ma)+1)*w)
	for i := len(ma) - 1; i >= 0; i-- {
		for j := len(mb) - 1; j >= 0; j-- {
			if ma[i] == mb[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	var ops []diffOp
	for i := 0; i < pre; i++ {
		ops = append(ops, diffOp{' ', i, i})
	}
	i, j := 0, 0
	for i < len(ma) || j < len(mb) {
		switch {
		case i < len(ma) && j < len(mb) && ma[i] == mb[j]:
			ops = append(ops, diffOp{' ', pre + i, pre + j})
			i, j = i+1, j+1
		case j < len(mb) && (i == len(ma) || lcs[i*w+j+1] >= lcs[(i+1)*w+j]):
			ops = append(ops, diffOp{'+', pre + i, pre + j})
			j++
		default:
			ops = append(ops, diffOp{'-', pre + i, pre + j})
			i++
		}
	}
	for k := 0; k < suf; k++ {
		ops = append(ops, diffOp{' ', len(a) - suf + k, len(b) - suf + k})
	}
	// Removals before additions within a run of changes, as diff -u shows them.
	for start := 0; start < len(ops); {
		if ops[start].kind == ' ' {
			start++
			continue
		}
		end := start
		for end < len(ops) && ops[end].kind != ' ' {
			end++
		}
		sort.SliceStable(ops[start:end], func(x, y int) bool { return ops[start+x].kind == '-' && ops[start+y].kind == '+' })
		start = end
	}
	return ops
}

// diffContext is how many unchanged lines a hunk shows around a change.
const diffContext = 3

// unified renders ops as unified diff lines: a header, then hunks with diffContext lines of context.
func (d Display) unified(file string, a, b []string, ops []diffOp) []string {
	name := termtext.OneLine(file, 200)
	out := []string{d.style(styleBold, "--- "+name), d.style(styleBold, "+++ "+name+" (proposed)")}
	for start := 0; start < len(ops); {
		if ops[start].kind == ' ' {
			start++
			continue
		}
		// A hunk runs from diffContext lines before this change to diffContext lines after the
		// last change that is within 2·diffContext unchanged lines of the one before.
		lo := max(0, start-diffContext)
		end, same := start, 0
		for k := start; k < len(ops); k++ {
			if ops[k].kind == ' ' {
				same++
				if same > 2*diffContext {
					break
				}
				continue
			}
			same, end = 0, k
		}
		hi := min(len(ops), end+1+diffContext)
		aStart, bStart, aLen, bLen := -1, -1, 0, 0
		var lines []string
		for _, o := range ops[lo:hi] {
			switch o.kind {
			case ' ':
				aLen, bLen = aLen+1, bLen+1
				lines = append(lines, d.style(styleDim, " "+termtext.OneLine(a[o.a], 0)))
			case '-':
				aLen++
				lines = append(lines, d.style(styleRed, "-"+termtext.OneLine(a[o.a], 0)))
			case '+':
				bLen++
				lines = append(lines, d.style(styleGreen, "+"+termtext.OneLine(b[o.b], 0)))
			}
			if aStart < 0 {
				aStart, bStart = o.a, o.b
			}
		}
		out = append(out, d.style(styleCyan, fmt.Sprintf("@@ -%s +%s @@", hunkRange(aStart, aLen), hunkRange(bStart, bLen))))
		out = append(out, lines...)
		start = hi
	}
	return out
}

// hunkRange is a unified diff range: 1-based start and length ("3,4"; an empty range names the
// line before it).
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// FullArguments is what "v" shows: every argument in full, strings as they are (made safe for a
// terminal), one per section.
func FullArguments(name, args string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(args), &m); err != nil {
		return termtext.Safe(name + " " + args + "\n")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", termtext.OneLine(name, 80))
	for _, k := range keys {
		v, ok := m[k].(string)
		if !ok {
			raw, _ := json.MarshalIndent(m[k], "", "  ")
			v = string(raw)
		}
		fmt.Fprintf(&b, "\n── %s (%d characters) ──\n%s\n", termtext.OneLine(k, 60), utf8.RuneCountInString(v), termtext.Safe(v))
	}
	return b.String()
}
