package policy

import (
	"errors"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/tool"
)

func mustRule(t testing.TB, e Effect, text string) Rule {
	t.Helper()
	r, err := ParseRule(e, text, "test")
	if err != nil {
		t.Fatalf("ParseRule(%q): %v", text, err)
	}
	return r
}

func TestParseRule(t *testing.T) {
	good := []struct{ text, tool, pattern string }{
		{"execute_shell(npm test*)", "execute_shell", "npm test*"},
		{"  write_file(src/**)  ", "write_file", "src/**"},
		{"execute_shell", "execute_shell", ""},
		{"execute_shell(*)", "execute_shell", ""},
		{"*", "*", ""},
		{"fs__read_text_file(*)", "fs__read_text_file", ""},
		{"read_webpage(https://docs.python.org/*)", "read_webpage", "https://docs.python.org/*"},
		{"download_file(*.zip)", "download_file", "*.zip"},
		{"execute_shell(echo $(date))", "execute_shell", "echo $(date)"},
		{"read_webpage(*.example.com)", "read_webpage", "*.example.com"},
		{"read_webpage([::1]:8080/x)", "read_webpage", "[::1]:8080/x"},
	}
	for _, g := range good {
		r, err := ParseRule(EffectAllow, g.text, "test")
		if err != nil {
			t.Errorf("ParseRule(%q): %v", g.text, err)
			continue
		}
		if r.Tool != g.tool || r.Pattern != g.pattern {
			t.Errorf("ParseRule(%q) = %q %q, want %q %q", g.text, r.Tool, r.Pattern, g.tool, g.pattern)
		}
	}
	bad := []struct{ text, why string }{
		{"", "empty"},
		{"execute_shell(npm test", "no closing parenthesis"},
		{"execute_shell()", "empty pattern"},
		{"(foo)", "no tool name"},
		{"rm -rf(x)", "not a tool name"},
		{"*(src/**)", "a pattern needs a tool"},
		{"fs__read_text_file(/etc/*)", "does not know which argument"},
		{"write_file(/etc/passwd)", "relative to the workspace"},
		{"write_file(../x)", "climb out"},
		{"write_file(a/../../x)", "climb out"},
		{"write_file([)", "syntax error"},
		{"read_webpage(ftp://x/*)", "http and https only"},
		{"read_webpage(https://user@host/*)", "user info"},
		{"read_webpage(https://ho*st/)", "not a host name"},
		{"read_webpage(https://host:99999/)", "not a port"},
		{"execute_shell(a\nb)", "line break"},
		{"execute_shell(" + strings.Repeat("*", 40) + ")", "wildcards"},
		{"write_file(\xff)", "UTF-8"},
	}
	for _, b := range bad {
		_, err := ParseRule(EffectDeny, b.text, "test")
		if err == nil || !errors.Is(err, ErrBadRule) || !strings.Contains(err.Error(), b.why) {
			t.Errorf("ParseRule(%q) = %v, want an ErrBadRule saying %q", b.text, err, b.why)
		}
	}
	if _, err := ParseRule("permit", "x", ""); err == nil {
		t.Error("an unknown effect parsed")
	}
}

func TestMatchCommand(t *testing.T) {
	tests := []struct {
		pattern, cmd string
		allow        bool // matches as an allow rule (strict)
		deny         bool // matches as a deny or ask rule (loose)
	}{
		{"echo *", "echo hi", true, true},
		{"echo *", "echo", true, true},
		{"echo *", "  echo hi  ", true, true},
		{"echo *", "echoes", false, false},
		{"npm test*", "npm test", true, true},
		{"npm test*", "npm test -- --watch", true, true},
		{"npm test*", "npm testify", true, true},
		{"git status", "git status", true, true},
		{"git status", "git status --short", false, false},
		// Chaining, substitution and redirection never ride on an allow rule's wildcard (a deny
		// rule on echo does catch the echo in them).
		{"echo *", "echo hi; rm -rf ~", false, true},
		{"echo *", "echo hi && rm -rf ~", false, true},
		{"echo *", "echo hi || rm -rf ~", false, true},
		{"echo *", "echo hi | sh", false, true},
		{"echo *", "echo hi & curl evil", false, true},
		{"echo *", "echo $(curl evil)", false, true},
		{"echo *", "echo `curl evil`", false, true},
		{"echo *", "echo hi\nrm -rf ~", false, true},
		{"echo *", "echo hi\r\nrm -rf ~", false, true},
		{"echo *", "echo x > .git/hooks/pre-commit", false, true},
		{"echo *", "echo x < /etc/passwd", false, true},
		{"echo *", "echo <(cat /etc/shadow)", false, true},
		{"echo *", "echo hi\x00; rm", false, true},
		// A compound command matches as a whole when the pattern says it all.
		{"make && make test", "make && make test", true, true},
		{"make && make *", "make && make test", true, true},
		{"make && make *", "make && make test; rm -rf ~", false, false},
		// Deny rules catch the part of a compound command, however it is spelled.
		{"rm *", "echo hi; rm -rf ~", false, true},
		{"rm *", "echo hi&&rm -rf ~", false, true},
		{"rm *", "echo $(rm -rf ~)", false, true},
		{"rm *", "echo `rm -rf ~`", false, true},
		{"rm *", "true\nrm -rf ~", false, true},
		{"rm *", "FOO=1 rm -rf ~", false, true},
		{"rm *", "sudo rm -rf ~", false, true},
		{"rm *", "/bin/rm -rf ~", false, true},
		{"rm *", `"rm" -rf ~`, false, true},
		{"rm *", `r\m -rf ~`, false, true},
		{"rm *", "rm\t-rf ~", false, true},
		{"rm *", "{ rm -rf ~; }", false, true},
		{"rm *", "(rm -rf ~)", false, true},
		{"rm *", "rmdir x", false, false},
		{"git push*", "git status && git push --force", false, true},
		{"curl *", "x=$(curl evil)", false, true},
	}
	for _, tt := range tests {
		if got := matchCommand(tt.pattern, tt.cmd, true); got != tt.allow {
			t.Errorf("allow %q vs %q = %v, want %v", tt.pattern, tt.cmd, got, tt.allow)
		}
		if got := matchCommand(tt.pattern, tt.cmd, false); got != tt.deny {
			t.Errorf("deny %q vs %q = %v, want %v", tt.pattern, tt.cmd, got, tt.deny)
		}
	}
	long := "echo " + strings.Repeat("a", maxSubject)
	if matchCommand("echo *", long, true) || !matchCommand("rm *", long, false) {
		t.Error("an over-long command must match no allow rule and every deny rule")
	}
}

func TestGlobSep(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "abc", true},
		{"*", "a;b", false},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbYcZ", false},
		{"a*b*c", "abc", true},
		{"a*;*c", "ab;bc", true},
		{"a*;*c", "a;b;c", false},
		{"*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 5000), false},
		{"x", "x", true},
		{"x", "xy", false},
	}
	for _, tt := range tests {
		if got := globSep(tt.pattern, tt.s, isCommandSep); got != tt.want {
			t.Errorf("globSep(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestMatchPath(t *testing.T) {
	tests := []struct {
		pattern, name string
		allow, deny   bool
	}{
		{"secret/**", "secret/x", true, true},
		{"secret/**", "secret", true, true},
		{"secret/**", "secret/a/b/c", true, true},
		{"secret/**", "secrets/x", false, false},
		{"secret/**", "./secret/x", true, true},
		{"secret/**", "secret//x", true, true},
		{"secret/**", "public/../secret/x", true, true},
		{"secret/**", "secret/./x/", true, true},
		{"secret/**", "Secret/x", false, true}, // a deny holds on a case-insensitive file system
		{"secret/**", "SECRET/X", false, true},
		{"secret/**", "../secret/x", false, false}, // outside the workspace: the tool refuses it
		{"secret/**", "/abs/secret/x", false, false},
		{"secret/**", "~/secret/x", false, false},
		{"src/**", "src/a.go", true, true},
		{"src/*.go", "src/a.go", true, true},
		{"src/*.go", "src/sub/a.go", false, false},
		{"src/**/*.go", "src/sub/a.go", true, true},
		{"src/**/*.go", "src/a.go", true, true},
		{"*.zip", "a.zip", true, true},
		{"*.zip", "dl/deep/a.zip", true, true},
		{"*.zip", "a.zip.txt", false, false},
		{"./notes.txt", "notes.txt", true, true},
		{"./notes.txt", "sub/notes.txt", false, false},
		{".github/**", ".github/workflows/ci.yml", true, true},
		{"**", "anything/at/all", true, true},
		{"a/**/b/**/c", "a/x/b/y/z/c", true, true},
		{"src/**", "src\\..\\secret", false, false}, // one name with backslashes, at the top
		{"secret/**", "secret\\x", false, false},
		{"secret/**", "", false, false},
		{"secret/**", "secret/\x00", false, false},
	}
	for _, tt := range tests {
		if got := matchPath(tt.pattern, tt.name, true); got != tt.allow {
			t.Errorf("allow %q vs %q = %v, want %v", tt.pattern, tt.name, got, tt.allow)
		}
		if got := matchPath(tt.pattern, tt.name, false); got != tt.deny {
			t.Errorf("deny %q vs %q = %v, want %v", tt.pattern, tt.name, got, tt.deny)
		}
	}
	deep := strings.Repeat("**/", 30) + "x"
	if matchPath(deep, strings.Repeat("a/", 60)+"y", true) {
		t.Error("deep ** pattern matched a wrong name")
	}
}

func TestMatchURL(t *testing.T) {
	tests := []struct {
		pattern, url string
		allow, deny  bool
	}{
		{"https://docs.python.org/*", "https://docs.python.org/3/library/os.html", true, true},
		{"https://docs.python.org/*", "https://docs.python.org", true, true},
		{"https://docs.python.org/*", "http://docs.python.org/3/", false, false},
		{"docs.python.org", "http://docs.python.org/3/", true, true},
		{"https://docs.python.org/3/*", "https://docs.python.org/2/x", false, false},
		// Host normalisation.
		{"https://docs.python.org/*", "https://DOCS.Python.ORG/x", true, true},
		{"https://docs.python.org/*", "https://docs.python.org./x", true, true},
		{"https://docs.python.org/*", "https://docs.python.org../x", true, true},
		{"https://docs.python.org/*", "https://docs%2epython.org/x", false, false}, // Go's parser (and so the tool) refuses it
		{"https://bücher.example/*", "https://b%C3%BCcher.example/x", true, true},
		{"https://docs.python.org/*", "https://docs.python.org:443/x", true, true},
		{"https://docs.python.org/*", "https://docs.python.org:8443/x", false, false},
		{"https://docs.python.org/*", "https://docs.python.org.evil.com/x", false, false},
		{"https://docs.python.org/*", "https://evil.com/docs.python.org/", false, false},
		{"https://docs.python.org/*", "https://evil.com#@docs.python.org/", false, false},
		// User info: never part of the host; an allow rule never matches it.
		{"https://docs.python.org/*", "https://docs.python.org@evil.com/x", false, false},
		{"https://evil.com/*", "https://docs.python.org@evil.com/x", false, true},
		{"https://docs.python.org/*", "https://user:pw@docs.python.org/x", false, true},
		// IDNA: Unicode and punycode spellings are the same host; look-alikes are not.
		{"https://bücher.example/*", "https://xn--bcher-kva.example/x", true, true},
		{"https://xn--bcher-kva.example/*", "https://BÜCHER.example/x", true, true},
		{"https://bücher.example/*", "https://bucher.example/x", false, false},
		{"https://paypal.com/*", "https://pаypal.com/x", false, false}, // Cyrillic а
		{"https://example.com/*", "https://example。com/x", true, true}, // ideographic full stop
		// Wildcard hosts cover subdomains only.
		{"*.example.com", "https://a.b.example.com/", true, true},
		{"*.example.com", "https://example.com/", false, false},
		{"*.example.com", "https://badexample.com/", false, false},
		// IP addresses in every spelling.
		{"http://[::1]/*", "http://[0:0:0:0:0:0:0:1]/x", true, true},
		{"http://127.0.0.1/*", "http://[::ffff:127.0.0.1]/x", true, true},
		{"http://127.0.0.1/*", "http://2130706433/x", true, true},
		{"http://127.0.0.1/*", "http://0x7f.1/x", true, true},
		{"http://127.0.0.1/*", "http://0177.0.0.1/x", true, true},
		{"http://10.0.0.1/*", "http://10.0.0.1.evil/x", false, false},
		{"http://[::1]:8080/*", "http://[::1]:8080/x", true, true},
		{"http://[::1]:8080/*", "http://[::1]/x", false, false},
		// Paths: decoded and cleaned before matching; query and fragment ignored.
		{"https://h.example/docs/*", "https://h.example/docs/../admin", false, false},
		{"https://h.example/docs/*", "https://h.example/docs/%2e%2e/admin", false, false},
		{"https://h.example/admin/*", "https://h.example/docs/%2e%2e/admin/x", true, true},
		{"https://h.example/docs/*", "https://h.example/docs%2F..%2Fadmin", false, false},
		{"https://h.example/docs/*", "https://h.example/docs/a%2Fb", false, true},
		{"https://h.example/docs/*", "https://h.example/docs/a\\b", false, true},
		{"https://h.example/docs/*", "https://h.example/docs/x?q=1#f", true, true},
		{"https://h.example/docs/", "https://h.example/docs/", true, true},
		// Not URLs at all.
		{"*", "javascript:alert(1)", false, false},
		{"*", "file:///etc/passwd", false, false},
		{"*", "/relative", false, false},
		{"*", "https://exa mple.com/", false, false},
	}
	for _, tt := range tests {
		p, err := parseURLPattern(tt.pattern)
		if err != nil {
			t.Errorf("parseURLPattern(%q): %v", tt.pattern, err)
			continue
		}
		if got := p.match(tt.url, true); got != tt.allow {
			t.Errorf("allow %q vs %q = %v, want %v", tt.pattern, tt.url, got, tt.allow)
		}
		if got := p.match(tt.url, false); got != tt.deny {
			t.Errorf("deny %q vs %q = %v, want %v", tt.pattern, tt.url, got, tt.deny)
		}
	}
}

func call(name string, kind tool.Kind, args map[string]any) *tool.Call {
	return &tool.Call{Name: name, Kind: kind, Args: args}
}

func TestDecideRules(t *testing.T) {
	var rs RuleSet
	rs.Add(mustRule(t, EffectAllow, "execute_shell(echo *)"))
	rs.Add(mustRule(t, EffectAllow, "write_file"))
	rs.Add(mustRule(t, EffectAsk, "write_file(docs/**)"))
	rs.Add(mustRule(t, EffectDeny, "write_file(secret/**)"))
	rs.Add(mustRule(t, EffectAllow, "read_webpage(https://docs.python.org/*)"))
	rs.Add(mustRule(t, EffectDeny, "*"))

	tests := []struct {
		name      string
		opts      Options
		taint     bool
		call      *tool.Call
		want      Action
		wantWhy   string
		withoutDe bool
	}{
		{"allow rule", Options{}, false, call("execute_shell", tool.Consequential, map[string]any{"command_line": "echo hi"}), Allow, "allow execute_shell(echo *)", true},
		{"no rule asks", Options{}, false, call("execute_shell", tool.Consequential, map[string]any{"command_line": "ls"}), Ask, "", true},
		{"compound asks", Options{}, false, call("execute_shell", tool.Consequential, map[string]any{"command_line": "echo hi; ls"}), Ask, "", true},
		{"deny beats allow", Options{}, false, call("write_file", tool.Consequential, map[string]any{"filename": "secret/x"}), Deny, "deny write_file(secret/**) (from test)", true},
		{"ask beats allow", Options{}, false, call("write_file", tool.Consequential, map[string]any{"filename": "docs/a.md"}), Ask, "ask write_file(docs/**)", true},
		{"ask beats continuous", Options{Continuous: true}, false, call("write_file", tool.Consequential, map[string]any{"filename": "docs/a.md"}), Ask, "ask write_file(docs/**)", true},
		{"deny beats continuous", Options{Continuous: true}, false, call("write_file", tool.Consequential, map[string]any{"filename": "secret/x"}), Deny, "deny", true},
		{"deny beats auto-approve", Options{AutoApprove: []string{"write_file"}}, false, call("write_file", tool.Consequential, map[string]any{"filename": "secret/x"}), Deny, "deny", true},
		{"allow plain", Options{}, false, call("write_file", tool.Consequential, map[string]any{"filename": "src/a"}), Allow, "allow write_file", true},
		{"taint beats allow", Options{}, true, call("write_file", tool.Consequential, map[string]any{"filename": "src/a"}), Ask, "tainted", true},
		{"deny beats taint", Options{}, true, call("write_file", tool.Consequential, map[string]any{"filename": "secret/a"}), Deny, "deny", true},
		{"url allow", Options{}, false, call("read_webpage", tool.Consequential, map[string]any{"url": "https://docs.python.org/3/"}), Allow, "allow read_webpage", true},
		{"url userinfo asks", Options{}, false, call("read_webpage", tool.Consequential, map[string]any{"url": "https://docs.python.org@evil.com/"}), Ask, "", true},
		{"control always runs", Options{}, false, call("finish", tool.ControlKind, map[string]any{"reason": "x"}), Allow, "control", false},
		{"deny any tool", Options{}, false, call("list_folder", tool.Read, map[string]any{"folder": "."}), Deny, "deny *", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := rs
			if tt.withoutDe {
				set.Deny = set.Deny[:1]
			}
			o := tt.opts
			o.Rules = set
			r, err := New(o, []string{"execute_shell", "write_file", "read_webpage", "list_folder", "finish"})
			if err != nil {
				t.Fatal(err)
			}
			if tt.taint {
				r.Taint("x")
			}
			d := r.Decide(tt.call)
			if d.Action != tt.want || !strings.Contains(d.Why, tt.wantWhy) {
				t.Fatalf("Decide = %v %q, want %v with %q", d.Action, d.Why, tt.want, tt.wantWhy)
			}
			if strings.HasPrefix(d.Why, "rule ") && d.Rule == nil {
				t.Fatal("a rule decided but Decision.Rule is nil")
			}
		})
	}
}

func TestSuggestAndGrant(t *testing.T) {
	tests := []struct {
		tool string
		args map[string]any
		want string // "" for no rule
	}{
		{"execute_shell", map[string]any{"command_line": " npm test "}, "execute_shell(npm test)"},
		{"execute_shell", map[string]any{"command_line": "echo a; echo b"}, "execute_shell(echo a; echo b)"},
		{"execute_shell", map[string]any{"command_line": "echo a\necho b"}, ""},
		{"execute_shell", map[string]any{"command_line": "ls *.go"}, ""},
		{"write_file", map[string]any{"filename": "src/pkg/a.go"}, "write_file(src/pkg/**)"},
		{"write_file", map[string]any{"filename": "notes.txt"}, "write_file(./notes.txt)"},
		{"write_file", map[string]any{"filename": "a[1].txt"}, ""},
		{"list_folder", map[string]any{"folder": "."}, "list_folder"},
		{"list_folder", map[string]any{"folder": "src"}, "list_folder(src/**)"},
		{"read_webpage", map[string]any{"url": "https://Docs.Python.org./3/x"}, "read_webpage(https://docs.python.org/*)"},
		{"read_webpage", map[string]any{"url": "http://[::1]:8080/x"}, "read_webpage(http://[::1]:8080/*)"},
		{"read_webpage", map[string]any{"url": "https://u@evil.com/"}, ""},
		{"download_file", map[string]any{"url": "https://x.example/a.zip", "filename": "a.zip"}, "download_file(https://x.example/*)"},
		{"fs__read_text_file", map[string]any{"path": "/x"}, "fs__read_text_file"},
	}
	for _, tt := range tests {
		r, ok := Suggest(tt.tool, tt.args)
		got := ""
		if ok {
			got = r.String()
		}
		if got != tt.want {
			t.Errorf("Suggest(%s %v) = %q, want %q", tt.tool, tt.args, got, tt.want)
			continue
		}
		if !ok {
			continue
		}
		// The suggested rule allows the very call it was made from, and survives a snapshot.
		rules, _ := New(Options{}, nil)
		c := call(tt.tool, tool.Consequential, tt.args)
		rules.GrantLike(c)
		rules2, _ := New(Options{}, nil)
		rules2.Restore(rules.Snapshot())
		if d := rules2.Decide(c); d.Action != Allow {
			t.Errorf("after granting %s: %v %q", got, d.Action, d.Why)
		}
	}
	// A granted rule does not widen to the neighbours of the call.
	rules, _ := New(Options{}, nil)
	rules.GrantLike(call("write_file", tool.Consequential, map[string]any{"filename": "src/a.go"}))
	if d := rules.Decide(call("write_file", tool.Consequential, map[string]any{"filename": "secret/a"})); d.Action != Ask {
		t.Errorf("a grant for src/** decided %v for secret/a", d.Action)
	}
}
