package policy

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// files is a Display.Current test double: a workspace of fixed files.
func files(m map[string]string) func(string) (string, bool, error) {
	return func(name string) (string, bool, error) {
		if name == "unreadable.txt" {
			return "", false, errors.New("permission denied")
		}
		c, ok := m[name]
		return c, ok, nil
	}
}

func args(kv ...string) string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func numbered(prefix string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(prefix)
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(" line ")
		b.WriteString(strings.Repeat("I", i%5))
		b.WriteString("\n")
	}
	return b.String()
}

func TestRenderCallGolden(t *testing.T) {
	notes := "# Notes\n\nalpha\nbeta\ngamma\ndelta\nepsilon\nzeta\neta\ntheta\n"
	long := numbered("", 120)
	longEdited := strings.ReplaceAll(strings.ReplaceAll(long, "\nxxxx line I\n", "\nxxxx line I (edited)\n"), "\nx line III\n", "\n")
	ws := files(map[string]string{"notes.md": notes, "long.txt": long})
	view := func(string) error { return nil }
	for _, tc := range []struct {
		name, tool, args string
		d                Display
	}{
		{"write_new", "write_file", args("filename", "summary.md", "contents", numbered("+", 20)), Display{Current: ws}},
		{"write_edit", "write_file", args("filename", "notes.md", "contents", strings.Replace(notes, "gamma\n", "GAMMA\ngamma two\n", 1)+"iota\n"), Display{Current: ws}},
		{"write_edit_color", "write_file", args("filename", "notes.md", "contents", strings.Replace(notes, "beta\n", "", 1)), Display{Current: ws, Color: true}},
		{"write_long_diff", "write_file", args("filename", "long.txt", "contents", longEdited), Display{Current: ws, View: view}},
		{"write_unchanged", "write_file", args("filename", "notes.md", "contents", notes), Display{Current: ws}},
		{"write_unreadable", "write_file", args("filename", "unreadable.txt", "contents", "x\n"), Display{Current: ws}},
		{"write_no_workspace", "write_file", args("filename", "a.txt", "contents", "one\ntwo"), Display{}},
		{"write_escapes", "write_file", args("filename", "evil\x1b]0;title\x07.md", "contents", "ok\n\x1b[2J\u202egnp.exe\n"), Display{Current: ws}},
		{"shell", "execute_shell", args("command_line", "ls -la && grep -r TODO . | head"), Display{}},
		{"shell_multiline", "execute_shell", args("command_line", numbered("echo ", 15)), Display{View: view}},
		{"python", "execute_python_code", args("code", "import os\nprint(os.listdir('.'))\n"), Display{}},
		{"webpage", "read_webpage", args("url", "https://docs.python.org/3/library/os.html", "question", "What does listdir return?"), Display{Color: true}},
		{"download", "download_file", args("url", "https://example.org/data.csv", "filename", "data/data.csv"), Display{}},
		{"other", "list_folder", args("folder", "notes"), Display{}},
		{"not_json", "read_file", `not json {`, Display{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := RenderCall(tc.tool, tc.args, tc.d) + "\n"
			if !tc.d.Color && strings.Contains(got, "\x1b") {
				t.Errorf("an escape sequence reached the terminal without colour:\n%q", got)
			}
			if tc.d.Color && strings.Contains(strings.NewReplacer(styleBold, "", styleDim, "", styleRed, "", styleGreen, "", styleCyan, "", styleReset, "").Replace(got), "\x1b") {
				t.Errorf("an escape sequence other than paddock's colours reached the terminal:\n%q", got)
			}
			golden := filepath.Join("testdata", "render", tc.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("RenderCall(%s) =\n%s\nwant\n%s", tc.name, got, want)
			}
		})
	}
}

// apply replays an edit script on a and returns the lines it produces.
func apply(a, b []string, ops []diffOp) (fromA, toB []string) {
	for _, o := range ops {
		switch o.kind {
		case ' ':
			fromA, toB = append(fromA, a[o.a]), append(toB, b[o.b])
		case '-':
			fromA = append(fromA, a[o.a])
		case '+':
			toB = append(toB, b[o.b])
		}
	}
	return fromA, toB
}

func checkDiff(t *testing.T, a, b []string) {
	t.Helper()
	ops := diffLines(a, b)
	fromA, toB := apply(a, b, ops)
	if strings.Join(fromA, "\n") != strings.Join(a, "\n") || strings.Join(toB, "\n") != strings.Join(b, "\n") {
		t.Fatalf("diff of %q and %q does not replay: %+v", a, b, ops)
	}
	for _, o := range ops {
		if o.kind == ' ' && a[o.a] != b[o.b] {
			t.Fatalf("kept line differs: %q vs %q", a[o.a], b[o.b])
		}
	}
}

func TestDiffLines(t *testing.T) {
	for _, tc := range []struct {
		a, b    string
		changes int
	}{
		{"", "", 0},
		{"a\nb\nc", "a\nb\nc", 0},
		{"a\nb\nc", "a\nc", 1},
		{"a\nc", "a\nb\nc", 1},
		{"a\nb\nc", "x\ny\nz", 6},
		{"a\nb\nc\nd", "b\nc\nd\ne", 2},
		{"same\nsame\nsame", "same\nsame", 1},
	} {
		a, b := splitLines(tc.a), splitLines(tc.b)
		checkDiff(t, a, b)
		n := 0
		for _, o := range diffLines(a, b) {
			if o.kind != ' ' {
				n++
			}
		}
		if n != tc.changes {
			t.Errorf("diff %q → %q: %d changed lines, want %d (the fewest)", tc.a, tc.b, n, tc.changes)
		}
	}
}

func FuzzRenderCall(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nB\nc\nd\n", "notes.md")
	f.Add("", "x", "\x1b[31m")
	f.Add("same", "same", "s")
	f.Fuzz(func(t *testing.T, old, contents, name string) {
		if len(old) > 4096 || len(contents) > 4096 {
			return
		}
		checkDiff(t, splitLines(old), splitLines(contents))
		d := Display{Current: func(string) (string, bool, error) { return old, true, nil }}
		out := RenderCall("write_file", args("filename", name, "contents", contents), d)
		if strings.ContainsAny(out, "\x1b\x07\u009b") {
			t.Fatalf("a control character reached the output: %q", out)
		}
		for _, tool := range []string{"execute_shell", "read_webpage", "other"} {
			out := RenderCall(tool, args("command_line", contents, "url", old, "x", name), Display{})
			if strings.ContainsAny(out, "\x1b\x07\u009b") {
				t.Fatalf("%s: a control character reached the output: %q", tool, out)
			}
		}
	})
}

func TestPrompterViewAndRender(t *testing.T) {
	var out strings.Builder
	var viewed []string
	p := NewPrompter(strings.NewReader("v\ny\n"), &out, true)
	p.SetDisplay(Display{View: func(s string) error { viewed = append(viewed, s); return nil }})
	a, err := p.Confirm(t.Context(), "execute_shell", args("command_line", "make test\x1b[2J"), "commands ask")
	if err != nil || a.Reply != Yes {
		t.Fatalf("Confirm = %+v, %v", a, err)
	}
	if len(viewed) != 1 || !strings.Contains(viewed[0], "── command_line (13 characters) ──\nmake test\\x1b[2J") {
		t.Errorf("v showed %q, want the full, terminal-safe arguments", viewed)
	}
	if got := out.String(); !strings.Contains(got, "⏸  execute_shell\n   $ make test\\x1b[2J\n   (commands ask)\n") ||
		strings.Count(got, "[v]iew all") != 2 || strings.Contains(got, "\x1b") {
		t.Errorf("question = %q, want the command line, the reason, and the question asked again after v", got)
	}
	// From a pipe, "v" is no answer: nobody can look at a pager.
	out.Reset()
	p = NewPrompter(strings.NewReader("v\n"), &out, false)
	p.SetDisplay(Display{View: func(string) error { t.Error("the pager was opened for a pipe"); return nil }})
	if a, _ := p.Confirm(t.Context(), "list_folder", args("folder", "."), ""); a.Reply != Quit || strings.Contains(out.String(), "[v]iew") {
		t.Errorf("piped v = %+v, output %q", a, out.String())
	}
}
