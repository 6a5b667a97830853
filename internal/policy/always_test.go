package policy

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestAlwaysOffersAndSavesTheNarrowestRule(t *testing.T) {
	file := filepath.Join(t.TempDir(), "paddock", "rules.toml")
	var out bytes.Buffer
	p := NewPrompter(strings.NewReader("A\na\n"), &out, false)
	p.SetRulesFile(file)
	ans, err := p.Confirm(context.Background(), "write_file", `{"contents":"x","filename":"src/a.go"}`, "")
	if err != nil || ans.Reply != Always || !ans.Save {
		t.Fatalf("A = %+v, %v", ans, err)
	}
	if !strings.Contains(out.String(), "[a]lways allow write_file(src/**) ([A]: and save it)") ||
		!strings.Contains(out.String(), "saved: allow write_file(src/**) in "+file) {
		t.Fatalf("prompt:\n%s", out.String())
	}
	set, err := LoadRulesFile(file, "user")
	if err != nil || len(set.Allow) != 1 || set.Allow[0].String() != "write_file(src/**)" {
		t.Fatalf("saved rules = %+v, %v", set, err)
	}
	// "a" grants without saving; a command with a line break has no rule, and says so.
	out.Reset()
	ans, err = p.Confirm(context.Background(), "execute_shell", `{"command_line":"echo a\necho b"}`, "")
	if err != nil || ans.Reply != Always || ans.Save {
		t.Fatalf("a = %+v, %v", ans, err)
	}
	if !strings.Contains(out.String(), "no rule fits this call, so a runs it this once") {
		t.Fatalf("prompt:\n%s", out.String())
	}
	if set, _ := LoadRulesFile(file, "user"); len(set.Allow) != 1 {
		t.Fatalf("a saved a rule: %+v", set)
	}
}

func TestParseAnswerSave(t *testing.T) {
	for line, want := range map[string]Answer{"A": {Reply: Always, Save: true}, " A ": {Reply: Always, Save: true},
		"a": {Reply: Always}, "ALWAYS": {Reply: Always}} {
		if got, ok := ParseAnswer(line); !ok || got != want {
			t.Errorf("ParseAnswer(%q) = %+v %v, want %+v", line, got, ok, want)
		}
	}
}
