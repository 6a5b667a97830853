package console

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		want           string // one op per line
	}{
		{"new file", "", "a\nb\n", "+a\n+b\n"},
		{"emptied", "a\n", "", "-a\n"},
		{"same", "a\nb\n", "a\nb\n", " a\n b\n"},
		{"middle changed", "a\nb\nc\n", "a\nx\nc\n", " a\n-b\n+x\n c\n"},
		{"insert", "a\nc\n", "a\nb\nc\n", " a\n+b\n c\n"},
		{"no final newline", "a", "a\n", "-a\n+a\n"},
		{"reordered", "a\nb\nc\nd\n", "b\na\nd\nc\n", "-a\n b\n-c\n+a\n d\n+c\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for _, l := range Diff(tc.old, tc.new) {
				b.WriteByte(l.Op)
				b.WriteString(strings.TrimSuffix(l.Text, "\n"))
				b.WriteByte('\n')
			}
			if b.String() != tc.want {
				t.Fatalf("got\n%s\nwant\n%s", b.String(), tc.want)
			}
		})
	}
}

// TestDiffLarge: past the table's bound the middle is shown removed then added, not computed.
func TestDiffLarge(t *testing.T) {
	old := strings.Repeat("o\n", 3000) + "x\n"
	new := strings.Repeat("n\n", 3000)
	d := Diff(old, new)
	if len(d) != 6001 || d[0].Op != '-' || d[len(d)-1].Op != '+' {
		t.Fatalf("%d lines, first %c, last %c", len(d), d[0].Op, d[len(d)-1].Op)
	}
}

// checkDiff checks that a diff rebuilds both texts.
func checkDiff(t *testing.T, old, new string) {
	var a, b strings.Builder
	for _, l := range Diff(old, new) {
		switch l.Op {
		case ' ':
			a.WriteString(l.Text)
			b.WriteString(l.Text)
		case '-':
			a.WriteString(l.Text)
		case '+':
			b.WriteString(l.Text)
		default:
			t.Fatalf("op %q", l.Op)
		}
	}
	if a.String() != old || b.String() != new {
		t.Fatalf("diff of %q and %q rebuilds %q and %q", old, new, a.String(), b.String())
	}
}

func FuzzDiff(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nx\nc\n")
	f.Add("", "x")
	f.Add("a\r\nb", "a\nb\n")
	f.Add("\x00\xff\n", "\n\n\n")
	f.Fuzz(func(t *testing.T, old, new string) {
		if len(old) > 1<<14 || len(new) > 1<<14 {
			return
		}
		checkDiff(t, old, new)
	})
}

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		name       string
		h          held
		kind, what string
	}{
		{"write", held{Tool: "write_file", Arguments: `{"filename":"a/b.txt","contents":"x"}`}, "write", "a/b.txt"},
		{"write without contents", held{Tool: "write_file", Arguments: `{"filename":"a"}`}, "other", ""},
		{"shell", held{Tool: "execute_shell", Arguments: `{"command_line":"rm -rf / \u001b[2K"}`}, "command", "rm -rf / \x1b[2K"},
		{"python", held{Tool: "execute_python_code", Arguments: `{"code":"print(1)"}`}, "command", "print(1)"},
		{"fetch", held{Tool: "read_webpage", Arguments: `{"url":"https://user@evil.test:8/x?q=1"}`}, "url", "evil.test"},
		{"bad URL", held{Tool: "download_file", Arguments: `{"url":"http://[::1"}`}, "url", "(not a valid URL)"},
		{"not JSON", held{Tool: "write_file", Arguments: `{"filename":`}, "other", `{"filename":`},
		{"number where a string goes", held{Tool: "execute_shell", Arguments: `{"command_line":7}`}, "other", ""},
		{"reason from why", held{Tool: "x", Arguments: `{}`, Why: "because"}, "other", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := describe(tc.h)
			if a.Kind != tc.kind {
				t.Fatalf("kind %q, want %q", a.Kind, tc.kind)
			}
			got := map[string]string{"write": a.Path, "command": a.Command, "url": a.Host, "other": ""}[a.Kind]
			if tc.name == "not JSON" {
				got = a.Pretty
			}
			if got != tc.what {
				t.Fatalf("got %q, want %q", got, tc.what)
			}
			if tc.h.Why != "" && a.Reason != tc.h.Why {
				t.Fatalf("reason %q", a.Reason)
			}
		})
	}
}

// FuzzDescribe: any arguments the model sends make a view without a panic, and one that the
// page shows them by (never an empty view of a non-empty call).
func FuzzDescribe(f *testing.F) {
	for _, seed := range [][2]string{
		{"write_file", `{"filename":"a.txt","contents":"x\ny"}`},
		{"execute_shell", `{"command_line":"ls"}`},
		{"read_webpage", `{"url":"http://%zz"}`},
		{"download_file", `{"url":"javascript:alert(1)"}`},
		{"x", `[1,2`},
		{"write_file", `{"filename":null,"contents":{}}`},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, tool, args string) {
		a, contents := describe(held{Tool: tool, Arguments: args})
		switch a.Kind {
		case "write":
			if a.Path == "" && contents == "" && args == "" {
				t.Fatal("empty write view")
			}
		case "other":
			if args != "" && a.Pretty == "" {
				t.Fatalf("arguments %q shown as nothing", args)
			}
		}
	})
}
