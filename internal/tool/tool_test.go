package tool

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/workspace"
)

func newSet(t *testing.T) (*Set, string) {
	t.Helper()
	dir := t.TempDir()
	ws, err := workspace.Open(dir, workspace.Limits{MaxReadBytes: 16})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	s, err := NewSet(append(Files(ws), Control(fixedAsker("blue"))...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

type fixedAsker string

func (a fixedAsker) Ask(context.Context, string) (string, error) {
	if a == "" {
		return "", ErrNoAnswer
	}
	return string(a), nil
}

func call(t *testing.T, s *Set, name, args string) (Result, error) {
	t.Helper()
	tl, err := s.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return Invoke(context.Background(), tl, args)
}

func TestArgumentValidation(t *testing.T) {
	s, _ := newSet(t)
	tests := []struct {
		tool, args, wantErr string
	}{
		{ReadFile, `{}`, `missing required argument "filename"`},
		{ReadFile, `{"filename": 3}`, "filename must be a string, not a number"},
		{ReadFile, `{"filename": ""}`, "filename must not be empty"},
		{ReadFile, `{"filename": "a", "mode": "x"}`, `unknown argument "mode" (allowed: filename)`},
		{ReadFile, `{"filename": "a"`, "not valid JSON"},
		{ReadFile, `["a"]`, "must be a JSON object, not an array"},
		{ReadFile, `{"filename":"a"} {"x":1}`, "extra data"},
		{ReadFile, "{\"filename\":\"\xff\"}", "not valid UTF-8"},
		{WriteFile, `{"filename": "a"}`, `missing required argument "contents"`},
		{WriteFile, `{"filename": "a", "contents": null}`, "contents must be a string, not null"},
		{Finish, `{"reason": ["done"]}`, "reason must be a string, not an array"},
		{ListFolder, `null`, "must be a JSON object, not null"},
	}
	for _, tt := range tests {
		_, err := call(t, s, tt.tool, tt.args)
		if !errors.Is(err, ErrInvalidArguments) || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s(%s) error = %v, want %q", tt.tool, tt.args, err, tt.wantErr)
		}
	}
}

func TestFileTools(t *testing.T) {
	s, dir := newSet(t)
	r, err := call(t, s, WriteFile, `{"filename":"notes/a.txt","contents":"hello world, this is long"}`)
	if err != nil || !strings.Contains(r.Output, "Created notes/a.txt (25 bytes)") || r.Changed[0] != "notes/a.txt" {
		t.Fatalf("write = %+v, %v", r, err)
	}
	r, err = call(t, s, ReadFile, `{"filename":"notes/a.txt"}`)
	if err != nil || !r.Untrusted || !strings.HasPrefix(r.Output, "hello world, thi\n[paddock: truncated: showing the first 16 of 25 bytes]") {
		t.Fatalf("read = %+v, %v", r, err)
	}
	r, err = call(t, s, ListFolder, `{"folder":"."}`)
	if err != nil || r.Output != "notes/\nnotes/a.txt (25 bytes)\n" {
		t.Fatalf("list = %q, %v", r.Output, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bin"), []byte{0, 1, 2}, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err = call(t, s, ReadFile, `{"filename":"bin"}`)
	if err != nil || r.Output != "bin is a binary file of 3 bytes; its contents are not shown." || r.Untrusted {
		t.Fatalf("binary read = %+v, %v", r, err)
	}
	_, err = call(t, s, ReadFile, `{"filename":"../../etc/passwd"}`)
	if !errors.Is(err, workspace.ErrOutside) {
		t.Fatalf("escape error = %v", err)
	}
}

func TestControlTools(t *testing.T) {
	s, _ := newSet(t)
	r, err := call(t, s, AskUser, `{"question":"colour?"}`)
	if err != nil || r.Output != "The user answered: blue" {
		t.Fatalf("ask = %+v, %v", r, err)
	}
	r, err = call(t, s, Finish, `{"reason":"done"}`)
	if err != nil || !r.Finish || r.Output != "done" {
		t.Fatalf("finish = %+v, %v", r, err)
	}
	q := &Func[struct{}]{Name: "x", Params: Object(nil)}
	if q.Spec().Name != "x" {
		t.Fatal("spec name")
	}
	eof, _ := NewSet(Control(fixedAsker(""))...)
	r, err = call(t, eof, AskUser, `{"question":"?"}`)
	if err != nil || !r.Stop {
		t.Fatalf("ask at end of input = %+v, %v", r, err)
	}
}

func TestSpecs(t *testing.T) {
	s, _ := newSet(t)
	var names []string
	for _, sp := range s.Specs() {
		names = append(names, sp.Name)
		var m map[string]any
		if err := json.Unmarshal(sp.Parameters, &m); err != nil || m["type"] != "object" || m["additionalProperties"] != false {
			t.Errorf("%s schema = %s, %v", sp.Name, sp.Parameters, err)
		}
	}
	if got := strings.Join(names, ","); got != "ask_user,finish,list_folder,read_file,write_file" {
		t.Fatalf("tools = %s", got)
	}
	if _, err := s.Get("execute_shell"); !errors.Is(err, ErrUnknownTool) {
		t.Fatalf("unknown tool error = %v", err)
	}
	if _, err := NewSet(Control(nil)[0], Control(nil)[0]); err == nil {
		t.Fatal("duplicate tool accepted")
	}
}

func FuzzValidate(f *testing.F) {
	for _, s := range []string{`{"filename":"a"}`, `{}`, `[]`, `{"filename":1e999}`, `{"a":{"b":[1,2]}}`, `"x"`, ``} {
		f.Add(s)
	}
	sch := Object(map[string]*Schema{"filename": String("", 1, 10), "n": {Type: "integer"}})
	sch.Required = []string{"filename"}
	f.Fuzz(func(t *testing.T, raw string) {
		obj, err := sch.Validate(raw)
		if err == nil {
			if _, ok := obj["filename"].(string); !ok {
				t.Fatalf("Validate(%q) accepted without a string filename", raw)
			}
		} else if !errors.Is(err, ErrInvalidArguments) {
			t.Fatalf("Validate(%q) error %v does not wrap ErrInvalidArguments", raw, err)
		}
	})
}

// TestMetacharactersAreData feeds shell metacharacters into every file tool argument (THREATS
// LLM-08): names are taken literally inside the workspace, never interpreted, and no sentinel file
// appears anywhere.
func TestMetacharactersAreData(t *testing.T) {
	s, dir := newSet(t)
	sentinel := filepath.Join(t.TempDir(), "sentinel")
	payloads := []string{
		"a.txt; touch " + sentinel,
		"$(touch " + sentinel + ")",
		"`touch " + sentinel + "`",
		"a | touch " + sentinel,
		"a && touch " + sentinel,
		"a\ntouch " + sentinel,
	}
	for _, p := range payloads {
		args, _ := json.Marshal(map[string]string{"filename": p, "contents": p})
		_, _ = call(t, s, WriteFile, string(args))
		args, _ = json.Marshal(map[string]string{"filename": p})
		_, _ = call(t, s, ReadFile, string(args))
		args, _ = json.Marshal(map[string]string{"folder": p})
		_, _ = call(t, s, ListFolder, string(args))
	}
	if _, err := os.Stat(sentinel); err == nil {
		t.Fatal("a metacharacter in a tool argument ran a command")
	}
	// The names were taken literally: each one written can be read back under the same name.
	for _, p := range payloads {
		args, _ := json.Marshal(map[string]string{"filename": p})
		if r, err := call(t, s, ReadFile, string(args)); err == nil && !strings.HasPrefix(r.Output, p[:min(16, len(p))]) {
			t.Errorf("read back %q = %q", p, r.Output)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a.txt; touch "+sentinel)); err != nil {
		t.Errorf("the literal name was not written inside the workspace: %v", err)
	}
}
