package guard

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFilter(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "hello, world\n\tindented", "hello, world\n\tindented"},
		{"empty", "", ""},
		{"sgr colours", "\x1b[32mPASS\x1b[0m ok", "PASS ok"},
		{"csi cursor erase", "evil\n\x1b[1A\x1b[2K\x1b[1Gok", "evil\nok"},
		{"csi private params", "\x1b[?25l\x1b[?1049hX", "X"},
		{"osc title bel", "\x1b]0;pwned\x07text", "text"},
		{"osc 8 hyperlink st", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"apc pm sos", "a\x1b_hidden apc\x1b\\b\x1b^pm\x1b\\c\x1bXsos\x1b\\d", "abcd"},
		{"string aborted by esc", "a\x1b]title\x1b[31mb", "ab"},
		{"unterminated osc keeps text", "a\x1b]not closed", "anot closed"},
		{"8-bit csi rune", "a\u009b31mb", "ab"},
		{"8-bit osc rune with st rune", "a\u009d0;t\u009cb", "ab"},
		{"8-bit csi raw byte", "a\x9b31mb", "ab"},
		{"8-bit osc raw byte", "a\x9d0;title\x9cb", "ab"},
		{"short esc sequences", "\x1bc\x1b7\x1b(Bx\x1b8", "x"},
		{"lone esc at end", "x\x1b", "x"},
		{"c0 controls", "a\x00b\x01c\x07d\x7fe", "abcde"},
		{"crlf", "a\r\nb\r\n", "a\nb\n"},
		{"lone cr", "10%\r20%", "10%\n20%"},
		{"form feed nel separators", "a\fb\u0085c\u2028d\u2029e", "a\nb\nc\nd\ne"},
		{"backspace overstrike", "N\bNA\bAM\bME\bE _\bx", "NAME x"},
		{"backspace at line start", "a\n\bb", "a\nb"},
		{"c1 controls", "a\u0080b\u0090\u009cc\u0081", "abc"},
		{"bidi", "a\u202eb\u2066c\u2069d\u200ee\u061cf", "abcdef"},
		{"zero width", "I\u200bg\u2060n\ufeffo\u00adr\u180ee", "Ignore"},
		{"zwnj between latin", "a\u200cb", "ab"},
		{"persian zwnj", "می\u200cخواهم", "می\u200cخواهم"},
		{"hindi zwj", "क्\u200dष", "क्\u200dष"},
		{"emoji zwj family", "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"},
		{"rainbow flag", "🏳\ufe0f\u200d🌈", "🏳\ufe0f\u200d🌈"},
		{"zwj at end", "👨\u200d", "👨"},
		{"emoji presentation", "❤\ufe0f ☺\ufe0f", "❤\ufe0f ☺\ufe0f"},
		{"keycap", "1\ufe0f\u20e3 #\ufe0f\u20e3", "1\ufe0f\u20e3 #\ufe0f\u20e3"},
		{"vs after letter", "a\ufe0fb", "ab"},
		{"vs run smuggling", "😀\ufe0f\ufe0e\ufe01", "😀\ufe0f"},
		{"supplementary vs smuggling", "😀\U000e0139\U000e0157", "😀"},
		{"ideographic variation", "葛\U000e0100", "葛\U000e0100"},
		{"vs at start", "\ufe0fx", "x"},
		{"scotland flag", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f!", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f!"},
		{"tags without flag", "hi\U000e0049\U000e0067\U000e006e", "hi"},
		{"flag with long payload", "🏴\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065\U000e007f", "🏴"},
		{"flag without cancel", "🏴\U000e0067\U000e0062\U000e0073x", "🏴x"},
		{"invalid utf8", "a\xffb\xfe\xfdc", "a\ufffdb\ufffdc"},
		{"truncated utf8", "a\xe2\x82", "a\ufffd"},
		{"noncharacters", "a\ufffeb\U0001ffffc", "abc"},
		{"hangul fillers are blanks", "a\u3164b\uffa0c", "a b c"},
		{"braille blank is a space", "Ignore\u2800all", "Ignore all"},
		{"keeps accents and cjk", "café 東京 Привет", "café 東京 Привет"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Filter(tt.in)
			if got != tt.want {
				t.Errorf("Filter(%+q)\n got %+q\nwant %+q", tt.in, got, tt.want)
			}
			if again := Filter(got); again != got {
				t.Errorf("Filter is not idempotent: %+q -> %+q", got, again)
			}
		})
	}
}

func TestFilterCount(t *testing.T) {
	_, rm := FilterCount("\x1b[31mx\x1b[0m\u202e\u200b\U000e0041\U000e0042😀\U000e0110\U000e0111\x00\xff")
	want := Removed{Escapes: 2, Bidi: 1, Invisible: 1, Tags: 2, VariationSelectors: 2, Controls: 1, Invalid: 1}
	if rm != want {
		t.Errorf("FilterCount removed %+v, want %+v", rm, want)
	}
	if rm.Total() != 10 {
		t.Errorf("Total = %d, want 10", rm.Total())
	}
}

func TestFilterUnchangedReturnsSameString(t *testing.T) {
	in := strings.Repeat("plain ascii and ünïcödé text\n", 10)
	out, rm := FilterCount(in)
	if out != in || rm.Total() != 0 {
		t.Fatalf("clean text changed: %+v", rm)
	}
	if allocs := testing.AllocsPerRun(10, func() { _ = Filter(in) }); allocs != 0 {
		t.Errorf("Filter allocated %v times on clean text, want 0", allocs)
	}
}

func TestFilterManyUnterminatedStringsIsLinear(t *testing.T) {
	// Each raw 8-bit OSC introducer is unterminated; a naive scan is quadratic.
	in := strings.Repeat("\x9dabc", 200_000)
	out := Filter(in)
	if !strings.HasPrefix(out, "abcabc") {
		t.Fatalf("unexpected output prefix %q", out[:20])
	}
}

// checkFiltered asserts the invariants of Filter's output.
func checkFiltered(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Filter(%+q) = %+q: invalid UTF-8", in, out)
	}
	prev := rune(0)
	for _, r := range out {
		switch {
		case r < 0x20 && r != '\n' && r != '\t', r >= 0x7f && r < 0xa0:
			t.Fatalf("Filter(%+q) = %+q: control %U kept", in, out, r)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f,
			r == 0x200b, r == 0x2060, r == 0xfeff, r == 0xad:
			t.Fatalf("Filter(%+q) = %+q: invisible %U kept", in, out, r)
		case (r >= 0xfe00 && r <= 0xfe0f || r >= 0xe0100 && r <= 0xe01ef) &&
			(prev == 0 || prev >= 0xfe00 && prev <= 0xfe0f || prev >= 0xe0100 && prev <= 0xe01ef):
			t.Fatalf("Filter(%+q) = %+q: variation selector run kept", in, out)
		}
		prev = r
	}
}

func FuzzFilter(f *testing.F) {
	for _, s := range []string{
		"\x1b[31mred\x1b[0m", "\x1b]0;t\x07", "\x9b1m\x9d\x9c", "a\u202eb", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
		"😀\U000e0139\ufe0f", "می\u200cخواهم", "N\bN", "\r\n\r", "\xff\xfe", "\x1bP\x1b\\", "👨\u200d👩",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Filter(in)
		checkFiltered(t, in, out)
		if again := Filter(out); again != out {
			t.Fatalf("not idempotent: %+q -> %+q -> %+q", in, out, again)
		}
	})
}
