package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/paddock-dev/paddock/internal/tool"
)

func TestSplitWords(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		err  string
	}{
		{"node server.js /ws", []string{"node", "server.js", "/ws"}, ""},
		{"  a\t b  ", []string{"a", "b"}, ""},
		{`a 'b c' "d e"`, []string{"a", "b c", "d e"}, ""},
		{`'it''s'`, []string{"its"}, ""},
		{`"say \"hi\" \\ \n"`, []string{`say "hi" \ \n`}, ""},
		{`a\ b`, []string{"a b"}, ""},
		{`''`, []string{""}, ""},
		{"", nil, ""},
		{`'open`, nil, "unclosed ' quote"},
		{`"open`, nil, `unclosed " quote`},
		{`trailing\`, nil, "backslash ends"},
	}
	for _, c := range cases {
		got, err := splitWords(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("splitWords(%q) error = %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("splitWords(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestParseFlag(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "lib", "node_modules", "@scope", "srv", "dist", "index.js")
	plain := filepath.Join(dir, "bin", "server")
	for _, f := range []string{script, plain} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		in       string
		name     string
		cmd      []string
		readOnly []string
		err      string
	}{
		{"fs=node " + script + " /ws", "fs", []string{"node", script, "/ws"}, []string{filepath.Join(dir, "lib", "node_modules")}, ""},
		{"tools=" + plain + " --flag", "tools", []string{plain, "--flag"}, []string{filepath.Join(dir, "bin")}, ""},
		{"sys=/bin/sh -c 'echo hi'", "sys", []string{"/bin/sh", "-c", "echo hi"}, nil, ""},
		{"rel=./server", "rel", []string{"./server"}, nil, ""},
		{"noequals", "", nil, nil, "want NAME=COMMAND"},
		{"=node x", "", nil, nil, "must be 1 to"},
		{"a_b=x", "", nil, nil, "use letters, digits and '-'"},
		{"9lives=x", "", nil, nil, "starting with a letter"},
		{"fs=", "", nil, nil, "no command"},
		{"fs='x", "", nil, nil, "unclosed"},
		{strings.Repeat("n", 25) + "=x", "", nil, nil, "must be 1 to 24"},
	}
	for _, c := range cases {
		s, err := ParseFlag(c.in)
		if c.err != "" {
			if !errors.Is(err, ErrSpec) || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseFlag(%q) error = %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || s.Name != c.name || !slices.Equal(append([]string{s.Command}, s.Args...), c.cmd) || !slices.Equal(s.ReadOnly, c.readOnly) {
			t.Errorf("ParseFlag(%q) = %+v, %v", c.in, s, err)
		}
		if len(s.AllowNet) != 0 || s.TrustAnnotations {
			t.Errorf("ParseFlag(%q) granted network or trust: %+v", c.in, s)
		}
	}
}

func TestParseConfig(t *testing.T) {
	good := `{"mcpServers": {
		"fs": {"command": "node", "args": ["/opt/fs/index.js", "/work"], "read_only": ["/opt/fs"], "allow_net": ["api.example.com"], "trust_annotations": true, "env": {"B": "2", "A": "1"}},
		"a-git": {"command": "mcp-git"}}}`
	specs, err := ParseConfig([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) != 2 || specs[0].Name != "a-git" || specs[1].Name != "fs" || !specs[1].TrustAnnotations ||
		!slices.Equal(specs[1].AllowNet, []string{"api.example.com"}) || specs[1].Env["A"] != "1" {
		t.Fatalf("specs = %+v", specs)
	}
	bad := []struct{ in, want string }{
		{`{"mcpServers": {"fs": {"command": "x", "readonly": ["/a"]}}}`, "unknown field"},
		{`{"mcpServers": {"fs": {"args": ["x"]}}}`, "has no command"},
		{`{"mcpServers": {"fs": {"command": "x", "read_write": ["rel/dir"]}}}`, "must be an absolute path"},
		{`{"mcpServers": {"f_s": {"command": "x"}}}`, "use letters"},
		{`{"mcpServers": {"fs": null}}`, "has no command"},
		{`{"mcpServers": {}} {}`, "data after"},
		{`not json`, "invalid character"},
	}
	for _, c := range bad {
		if _, err := ParseConfig([]byte(c.in)); !errors.Is(err, ErrSpec) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseConfig(%s) error = %v, want %q", c.in, err, c.want)
		}
	}
}

func FuzzSplitWords(f *testing.F) {
	for _, s := range []string{"node a b", `'a b' "c \" d"`, `a\ b`, `'open`, "\x00\xff", `"\\"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, err := splitWords(s)
		if err != nil {
			return
		}
		// Joining the words quoted and splitting again gives the same words.
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, "'"+strings.ReplaceAll(w, "'", `'\''`)+"'")
		}
		again, err := splitWords(strings.Join(quoted, " "))
		if err != nil || !slices.Equal(again, words) {
			t.Fatalf("round trip of %q: %q -> %q, %v", s, words, again, err)
		}
	})
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(`{"mcpServers": {"fs": {"command": "node", "args": ["x"], "read_only": ["/a"]}}}`))
	f.Add([]byte(`{"mcpServers": {"x": {"command": "y", "env": {"K": "V"}, "allow_net": ["*"]}}}`))
	f.Add([]byte(`{"mcpServers": null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		specs, err := ParseConfig(data)
		if err != nil {
			if !errors.Is(err, ErrSpec) {
				t.Fatalf("error without ErrSpec: %v", err)
			}
			return
		}
		for _, s := range specs {
			if checkName(s.Name) != nil || strings.TrimSpace(s.Command) == "" {
				t.Fatalf("accepted a bad server: %+v", s)
			}
		}
	})
}

// FuzzRemotePrepare feeds a server tool's validation arbitrary arguments from the model: it
// never panics, and what it accepts is a JSON object whose canonical form decodes again.
func FuzzRemotePrepare(f *testing.F) {
	for _, s := range []string{`{"text":"hi"}`, `{"text":7}`, `{}`, ``, `[1]`, `{"text":"a"} {}`, `{"text":"\ud800"}`, `{"text":"x","n":1e400}`} {
		f.Add(s)
	}
	st, ct := sdk.NewInMemoryTransports()
	ss, err := newPoisonedServer().Connect(context.Background(), st, nil)
	if err != nil {
		f.Fatal(err)
	}
	defer ss.Close()
	a, err := Attach(context.Background(), ClientConfig{Servers: []ServerSpec{{Name: "p", Transport: ct}}, Approver: &recordingApprover{}})
	if err != nil {
		f.Fatal(err)
	}
	defer a.Close()
	var echo tool.Tool
	for _, tl := range a.Tools() {
		if tl.Spec().Name == "p__echo" {
			echo = tl
		}
	}
	f.Fuzz(func(t *testing.T, args string) {
		c, err := echo.Prepare(args)
		if err != nil {
			if !errors.Is(err, tool.ErrInvalidArguments) {
				t.Fatalf("error without ErrInvalidArguments: %v", err)
			}
			return
		}
		if _, ok := c.Args["text"].(string); !ok {
			t.Fatalf("accepted %q without a string text", args)
		}
		var back map[string]any
		if !utf8.ValidString(c.Canonical) || json.Unmarshal([]byte(c.Canonical), &back) != nil {
			t.Fatalf("canonical %q does not decode", c.Canonical)
		}
	})
}

func TestRender(t *testing.T) {
	size := int64(3)
	res := &sdk.CallToolResult{IsError: true, Content: []sdk.Content{
		&sdk.TextContent{Text: "first"},
		&sdk.ImageContent{MIMEType: "image/png", Data: []byte("abc")},
		&sdk.ResourceLink{Name: "r", URI: "file:///x", Size: &size},
		&sdk.EmbeddedResource{Resource: &sdk.ResourceContents{URI: "file:///y", Text: "embedded"}},
		&sdk.EmbeddedResource{Resource: &sdk.ResourceContents{URI: "file:///z", Blob: []byte{1, 2}}},
	}}
	got := render(res)
	want := "The tool reported an error:\nfirst\n[image image/png, 3 bytes, not shown]\n[resource r: file:///x]\n[resource file:///y]\nembedded\n[resource file:///z, 2 bytes, not shown]"
	if got != want {
		t.Errorf("render =\n%s\nwant\n%s", got, want)
	}
	if got := render(&sdk.CallToolResult{StructuredContent: map[string]any{"a": 1}}); got != `{"a":1}` {
		t.Errorf("structured only: %q", got)
	}
	big := render(&sdk.CallToolResult{Content: []sdk.Content{&sdk.TextContent{Text: strings.Repeat("é", maxResultBytes)}}})
	if len(big) > maxResultBytes+100 || !utf8.ValidString(big) || !strings.Contains(big, "paddock truncated the result") {
		t.Errorf("a big result is not cut cleanly (%d bytes)", len(big))
	}
}
