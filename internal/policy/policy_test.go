package policy

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/tool"
)

var known = []string{"read_file", "write_file", "list_folder", "ask_user", "finish"}

func TestDecide(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		taint bool
		tool  string
		kind  tool.Kind
		want  Action
	}{
		{"control never asks", Options{}, false, "finish", tool.ControlKind, Allow},
		{"control even tainted", Options{RefuseWhenTainted: true}, true, "ask_user", tool.ControlKind, Allow},
		{"default asks", Options{}, false, "read_file", tool.Read, Ask},
		{"continuous", Options{Continuous: true}, false, "write_file", tool.Consequential, Allow},
		{"auto-approve", Options{AutoApprove: []string{"read_file"}}, false, "read_file", tool.Read, Allow},
		{"auto-approve other tool", Options{AutoApprove: []string{"read_file"}}, false, "write_file", tool.Consequential, Ask},
		{"tainted overrides continuous", Options{Continuous: true}, true, "write_file", tool.Consequential, Ask},
		{"tainted overrides auto", Options{AutoApprove: []string{"write_file"}}, true, "write_file", tool.Consequential, Ask},
		{"tainted reads still run", Options{Continuous: true}, true, "read_file", tool.Read, Allow},
		{"tainted refuse", Options{Continuous: true, RefuseWhenTainted: true}, true, "write_file", tool.Consequential, Deny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := New(tt.opts, known)
			if err != nil {
				t.Fatal(err)
			}
			if tt.taint {
				r.Taint("injection in file x")
			}
			if got := r.Decide(&tool.Call{Name: tt.tool, Kind: tt.kind}); got.Action != tt.want {
				t.Fatalf("Decide = %+v, want %v", got, tt.want)
			}
		})
	}
}

func TestAlwaysAndTaint(t *testing.T) {
	r, _ := New(Options{}, known)
	r.AlwaysAllow("write_file")
	if d := r.Decide(&tool.Call{Name: "write_file", Kind: tool.Consequential}); d.Action != Allow {
		t.Fatalf("after always: %+v", d)
	}
	if !r.Taint("x") || r.Taint("y") || r.Tainted() != "x" {
		t.Fatal("Taint should report the first taint only")
	}
	if d := r.Decide(&tool.Call{Name: "write_file", Kind: tool.Consequential}); d.Action != Ask || !strings.Contains(d.Why, "tainted (x)") {
		t.Fatalf("always after taint: %+v", d)
	}
	if _, err := New(Options{AutoApprove: []string{"read_fle"}}, known); err == nil || !strings.Contains(err.Error(), `unknown tool "read_fle"`) {
		t.Fatalf("typo accepted: %v", err)
	}
}

func TestParseAnswer(t *testing.T) {
	tests := []struct {
		in   string
		want Answer
		ok   bool
	}{
		{"y", Answer{Reply: Yes}, true},
		{" YES ", Answer{Reply: Yes}, true},
		{"n", Answer{Reply: No}, true},
		{"n use the other file", Answer{Reply: No, Feedback: "use the other file"}, true},
		{"n: too risky", Answer{Reply: No, Feedback: "too risky"}, true},
		{"no: x", Answer{Reply: No, Feedback: "x"}, true},
		{"a", Answer{Reply: Always}, true},
		{"q", Answer{Reply: Quit}, true},
		{"", Answer{}, false},
		{"yes please", Answer{}, false},
		{"maybe", Answer{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseAnswer(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseAnswer(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPrompterPiped(t *testing.T) {
	ctx := context.Background()
	var out bytes.Buffer
	p := NewPrompter(strings.NewReader("y\nn wrong file\nthe answer\nmaybe\n"), &out, false)
	a, err := p.Confirm(ctx, "write_file", `{"filename":"\u001b[2Jx"}`, "")
	if err != nil || a.Reply != Yes {
		t.Fatalf("first = %+v, %v", a, err)
	}
	a, err = p.Confirm(ctx, "write_file", `{}`, "")
	if err != nil || a.Reply != No || a.Feedback != "wrong file" {
		t.Fatalf("second = %+v, %v", a, err)
	}
	ans, err := p.Ask(ctx, "colour?")
	if err != nil || ans != "the answer" {
		t.Fatalf("ask = %q, %v", ans, err)
	}
	a, _ = p.Confirm(ctx, "read_file", `{}`, "")
	if a.Reply != Quit {
		t.Fatalf("unclear piped answer = %+v, want quit", a)
	}
	a, _ = p.Confirm(ctx, "read_file", `{}`, "")
	if a.Reply != Quit {
		t.Fatalf("end of input = %+v, want quit", a)
	}
	if _, err := p.Ask(ctx, "?"); !errors.Is(err, tool.ErrNoAnswer) {
		t.Fatalf("ask at end of input: %v", err)
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Fatalf("escape sequence reached the terminal: %q", out.String())
	}
}

func TestPrompterInteractive(t *testing.T) {
	var out bytes.Buffer
	p := NewPrompter(strings.NewReader("huh\nn\nplease use b.txt\n"), &out, true)
	a, err := p.Confirm(context.Background(), "write_file", `{}`, "")
	if err != nil || a.Reply != No || a.Feedback != "please use b.txt" {
		t.Fatalf("interactive = %+v, %v", a, err)
	}
	if !strings.Contains(out.String(), "Please answer y, n, a or q.") {
		t.Fatalf("no re-ask: %q", out.String())
	}
}

func TestPrompterCancel(t *testing.T) {
	pr, _ := io.Pipe()
	p := NewPrompter(pr, &bytes.Buffer{}, true)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.Confirm(ctx, "x", "{}", ""); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cancelled confirm: %v", err)
	}
}
