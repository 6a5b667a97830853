package termtext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text\n\tindented", "plain text\n\tindented"},
		{"\x1b[2J\x1b]0;pwned\x07", `\x1b[2J\x1b]0;pwned\x07`},
		{"a\rb", `a\x0db`},
		{"\u009b31m", `\u009b31m`},
		{"\x9b31m", `\x9b31m`},
		{"abc\u202egnp.exe", `abc\u202egnp.exe`},
		{"zero\u200bwidth", `zero\u200bwidth`},
		{"tag\U000E0041", `tag\ue0041`},
		{"\xff", `\xff`},
		{"héllo wörld ✓", "héllo wörld ✓"},
		{"del\x7f", `del\x7f`},
	}
	for _, tt := range tests {
		if got := Safe(tt.in); got != tt.want {
			t.Errorf("Safe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOneLine(t *testing.T) {
	if got := OneLine("a\nb\tc", 0); got != `a\nb\tc` {
		t.Fatalf("OneLine = %q", got)
	}
	if got := OneLine(strings.Repeat("x", 100), 10); got != "xxxxxxxxx…" {
		t.Fatalf("OneLine cut = %q", got)
	}
}

func FuzzSafe(f *testing.F) {
	for _, s := range []string{"\x1b[31mred", "\x1bP1$r\x1b\\", "\u202e", "ok", "\xc2\x9b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Safe(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Safe(%q) is not valid UTF-8", s)
		}
		for _, r := range out {
			if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r < 0xa0) || invisible(r) {
				t.Fatalf("Safe(%q) = %q still holds %U", s, out, r)
			}
		}
	})
}

func TestSize(t *testing.T) {
	for n, want := range map[int]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1.0 KiB", 1536: "1.5 KiB", 5 << 20: "5.0 MiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
