package policy

import (
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/workspace"
)

// The matchers read what the model wrote: they must never panic, an allow (strict) match must
// always be a deny (loose) match too, and an allow rule's wildcard must never let a separator in.

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"execute_shell(npm test*)", "write_file(src/**)", "read_webpage(https://[::1]:80/a*)",
		"*", "x(", "download_file(*.zip)", "read_webpage(*.xn--bcher-kva.example)", "write_file([)", "a(b(c))"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, e := range []Effect{EffectAllow, EffectDeny} {
			r, err := ParseRule(e, text, "fuzz")
			if err != nil {
				continue
			}
			// A parsed rule prints as a rule that parses to the same rule.
			r2, err := ParseRule(e, r.String(), "fuzz")
			if err != nil || r2.String() != r.String() {
				t.Fatalf("%q parsed as %q, which reparses as %q (%v)", text, r.String(), r2.String(), err)
			}
		}
	})
}

func FuzzMatchCommand(f *testing.F) {
	seeds := [][2]string{{"echo *", "echo hi"}, {"echo *", "echo hi; rm"}, {"rm *", "a && rm -rf /"},
		{"npm test*", "npm test --x"}, {"a*b*c", "axxbyyc"}, {"*", "$(x)"}, {"make && make *", "make && make x|y"}}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, cmd string) {
		if strings.Count(pattern, "*") > maxStars {
			return
		}
		strict := matchCommand(pattern, cmd, true)
		loose := matchCommand(pattern, cmd, false)
		if strict && !loose {
			t.Fatalf("%q allows %q but would not deny it", pattern, cmd)
		}
		if strict {
			// Every separator in the command comes from the pattern's literal text.
			for _, sep := range []string{";", "&", "|", "\n", "`", "(", ")", "<", ">"} {
				if strings.Count(strings.TrimSpace(cmd), sep) > strings.Count(pattern, sep) {
					t.Fatalf("%q allows %q: a wildcard spanned %q", pattern, cmd, sep)
				}
			}
		}
	})
}

func FuzzMatchPath(f *testing.F) {
	seeds := [][2]string{{"secret/**", "secret/x"}, {"secret/**", "../secret/x"}, {"*.zip", "a/b.zip"},
		{"src/**/*.go", "src/a/b.go"}, {"./x", "x"}, {"**", "/etc/passwd"}, {"a/**", "A/b"}}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		if checkPathPattern(pattern) != nil {
			return
		}
		strict := matchPath(pattern, name, true)
		loose := matchPath(pattern, name, false)
		if strict && !loose {
			t.Fatalf("%q allows %q but would not deny it", pattern, name)
		}
		if _, err := workspace.Clean(name); err != nil && (strict || loose) {
			t.Fatalf("%q matched %q, a name the workspace refuses (%v)", pattern, name, err)
		}
	})
}

func FuzzMatchURL(f *testing.F) {
	seeds := [][2]string{{"https://docs.python.org/*", "https://docs.python.org@evil.com/"},
		{"*.example.com", "https://a.example.com./x"}, {"http://127.0.0.1/*", "http://0x7f.1/"},
		{"https://h/docs/*", "https://h/docs/%2e%2e/x"}, {"http://[::1]:8080/*", "http://[::ffff:1.2.3.4]/"}}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, raw string) {
		p, err := parseURLPattern(pattern)
		if err != nil {
			return
		}
		strict, loose := p.match(raw, true), p.match(raw, false)
		if strict && !loose {
			t.Fatalf("%q allows %q but would not deny it", pattern, raw)
		}
		if strict && strings.Contains(strings.SplitN(strings.SplitN(raw, "#", 2)[0], "?", 2)[0], "@") &&
			!strings.Contains(pattern, "@") && strings.Contains(raw, "://") {
			// user info would have come before the host: an allow never matches it.
			if i := strings.Index(raw, "://"); i >= 0 && strings.Contains(strings.SplitN(raw[i+3:], "/", 2)[0], "@") {
				t.Fatalf("%q allows %q, a URL with user info", pattern, raw)
			}
		}
	})
}

// FuzzGlobSep: the allocation-free shapes of globSep agree with the general matcher.
func FuzzGlobSep(f *testing.F) {
	for _, s := range [][2]string{{"echo *", "echo hi"}, {"*", "a;b"}, {"a*", "a"}, {"*b", "ab"}, {"a*b", "ab"}, {"ab*ab", "ab"}, {"", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if strings.Count(pattern, "*") > 1 {
			return
		}
		for _, sep := range []func(byte) bool{nil, isCommandSep} {
			if got, want := globSep(pattern, s, sep), globPieces(pattern, s, sep); got != want {
				t.Fatalf("globSep(%q, %q) = %v, the general matcher says %v", pattern, s, got, want)
			}
		}
	})
}
