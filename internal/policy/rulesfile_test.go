package policy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseRulesFile(t *testing.T) {
	good := `# project rules
allow = [
  "execute_shell(npm test*)",   # the tests
  'write_file(src/**)',
]
ask = []
deny = ["write_file(.github/**)"]
`
	set, err := ParseRulesFile([]byte(good), "f.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(Texts(set.Allow), " "); got != "execute_shell(npm test*) write_file(src/**)" {
		t.Errorf("allow = %s", got)
	}
	if len(set.Deny) != 1 || set.Deny[0].Source != "f.toml" || set.Deny[0].Effect != EffectDeny {
		t.Errorf("deny = %+v", set.Deny)
	}
	bad := []struct{ text, why string }{
		{`alow = ["x"]`, `unknown key "alow"`},
		{`allow = "execute_shell"`, "incompatible types"},
		{`allow = ["execute_shell(echo"]`, "no closing parenthesis"},
		{`allow = [1]`, "incompatible types"},
		{"[allow]\nx = 1", "incompatible types"},
		{`allow = ["x"]` + "\n" + `allow = ["y"]`, "already been defined"},
		{"allow = [", "expected"},
		{strings.Repeat("#", MaxRulesFile+1), "larger than"},
	}
	for _, b := range bad {
		_, err := ParseRulesFile([]byte(b.text), "f.toml")
		if err == nil || !errors.Is(err, ErrBadRulesFile) || !strings.Contains(err.Error(), b.why) {
			t.Errorf("ParseRulesFile(%.40q) = %v, want an error saying %q", b.text, err, b.why)
		}
	}
}

func TestSaveRule(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "rules.toml")
	r1 := mustRule(t, EffectAllow, "execute_shell(npm test)")
	if err := SaveRule(p, r1); err != nil {
		t.Fatal(err)
	}
	r2 := mustRule(t, EffectAllow, `execute_shell(echo "hi")`)
	if err := SaveRule(p, r2); err != nil {
		t.Fatal(err)
	}
	set, err := LoadRulesFile(p, "user")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(Texts(set.Allow), "|"); got != `execute_shell(echo "hi")|execute_shell(npm test)` {
		t.Errorf("allow = %s", got)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	// Comments and other lists stay.
	q := filepath.Join(dir, "c.toml")
	os.WriteFile(q, []byte("# mine\ndeny = [\"write_file(x/**)\"] # keep\nallow = [ # tests\n  \"list_folder\",\n]\n"), 0o600)
	if err := SaveRule(q, r1); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(q)
	if !strings.Contains(string(data), "# mine") || !strings.Contains(string(data), "# keep") {
		t.Errorf("comments lost:\n%s", data)
	}
	set, err = LoadRulesFile(q, "user")
	if err != nil || len(set.Allow) != 2 || len(set.Deny) != 1 {
		t.Errorf("after save: %+v %v", set, err)
	}
	// A file that does not parse is left alone.
	os.WriteFile(q, []byte("allow = [oops"), 0o600)
	if err := SaveRule(q, r1); err == nil {
		t.Error("SaveRule changed a file that does not parse")
	}
	if data, _ := os.ReadFile(q); string(data) != "allow = [oops" {
		t.Errorf("file changed: %q", data)
	}
	// A missing file is an empty set.
	if set, err := LoadRulesFile(filepath.Join(dir, "none.toml"), "x"); err != nil || set.Len() != 0 {
		t.Errorf("missing file: %+v %v", set, err)
	}
}

func TestApprovals(t *testing.T) {
	a := Approvals{Path: filepath.Join(t.TempDir(), "approved")}
	h := ContentHash([]byte("allow = []"))
	if ok, err := a.Approved(h); ok || err != nil {
		t.Fatalf("fresh: %v %v", ok, err)
	}
	if err := a.Approve(h, "/w/.paddock/rules.toml\nforged"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := a.Approved(h); !ok {
		t.Fatal("not approved after Approve")
	}
	if ok, _ := a.Approved(ContentHash([]byte("allow = [\"*\"]"))); ok {
		t.Fatal("another content counts as approved")
	}
	if ok, _ := a.Approved("forged"); ok {
		t.Fatal("a note's line break forged an approval")
	}
}

func FuzzParseRulesFile(f *testing.F) {
	f.Add([]byte(`allow = ["execute_shell(npm test*)"]` + "\ndeny = ['write_file(.github/**)']"))
	f.Add([]byte("allow = [\n\"a\",\n]"))
	f.Add([]byte(`allow = [""]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := ParseRulesFile(data, "fuzz")
		if err != nil {
			return
		}
		for _, r := range append(append(set.Allow, set.Ask...), set.Deny...) {
			if _, err := ParseRule(r.Effect, r.String(), "fuzz"); err != nil {
				t.Fatalf("rule %q from a file does not reparse: %v", r, err)
			}
		}
	})
}
