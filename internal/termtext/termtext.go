// Package termtext makes untrusted text safe to print on a terminal.
//
// Tool arguments and outputs come from the model or from files and commands it chose; printed raw,
// an escape sequence in them could rewrite the screen, hide a prompt, set the window title or, on
// some terminals, inject input (AutoGPT's CVE-2023-37275). Safe renders every control character,
// bidi control and invisible format character as a visible escape instead, so what the user sees is
// what is there.
package termtext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Safe returns s with every C0 and C1 control character (except newline and tab), DEL, bidi
// control, zero-width or other invisible format character and invalid UTF-8 byte replaced by a
// visible escape such as \x1b or \u202e. Printable text, newlines and tabs are kept.
func Safe(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, `\u%04x`, r)
		case invisible(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// OneLine returns Safe(s) on one line: newlines and tabs shown as \n and \t, runs of spaces kept,
// cut to at most max runes with "…" when longer (max <= 0: no cut).
func OneLine(s string, max int) string {
	s = Safe(s)
	s = strings.NewReplacer("\n", `\n`, "\t", `\t`).Replace(s)
	if max > 0 && utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return s
}

// invisible reports format and private characters a terminal would not show or would use to
// reorder text: Unicode category Cf (bidi controls, zero-width characters, tag characters), line and
// paragraph separators, and variation selectors.
func invisible(r rune) bool {
	switch {
	case unicode.Is(unicode.Cf, r), r == 0x2028, r == 0x2029:
		return true
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef:
		return true
	}
	return false
}

// isPlain reports whether s is printable ASCII plus newline and tab, the common case.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f {
			return false
		}
	}
	return true
}

// Size formats a count of bytes for people: "512 bytes", "1.5 KiB", "3.2 MiB".
func Size(n int) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
