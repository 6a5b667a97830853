package pricing

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm"
)

func TestCost(t *testing.T) {
	p := Price{InputPerMTok: 2.5, CachedInputPerMTok: 1.25, OutputPerMTok: 10}
	tests := []struct {
		u    llm.Usage
		want float64
	}{
		{llm.Usage{}, 0},
		{llm.Usage{PromptTokens: 1_000_000}, 2.5},
		{llm.Usage{CompletionTokens: 1_000_000}, 10},
		{llm.Usage{PromptTokens: 1_000_000, CachedPromptTokens: 1_000_000}, 1.25},
		{llm.Usage{PromptTokens: 1000, CompletionTokens: 500, CachedPromptTokens: 400}, (600*2.5 + 400*1.25 + 500*10) / 1e6},
		{llm.Usage{PromptTokens: 10, CachedPromptTokens: 50}, 10 * 1.25 / 1e6}, // never more cached than prompt
		{llm.Usage{PromptTokens: 10, CachedPromptTokens: -5}, 10 * 2.5 / 1e6},
	}
	for _, tt := range tests {
		if got := p.Cost(tt.u); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Cost(%+v) = %v, want %v", tt.u, got, tt.want)
		}
	}
	// Without a cached price, cached tokens cost the input price.
	if got := (Price{InputPerMTok: 1}).Cost(llm.Usage{PromptTokens: 1e6, CachedPromptTokens: 1e6}); got != 1 {
		t.Errorf("cached without a cached price = %v", got)
	}
}

func TestLookup(t *testing.T) {
	tab := Defaults()
	tests := []struct {
		model string
		want  string // the table entry, "" for none
	}{
		{"gpt-4o", "gpt-4o"},
		{"GPT-4o", "gpt-4o"},
		{"gpt-4o-2024-08-06", "gpt-4o"},
		{"gpt-4o-mini", "gpt-4o-mini"},
		{"gpt-4o-mini-2024-07-18", "gpt-4o-mini"},
		{"gpt-4o-audio-preview", ""},
		{"gpt-4o-", ""},
		{"llama3.1", ""},
		{"", ""},
	}
	for _, tt := range tests {
		p, ok := tab.Lookup(tt.model)
		if ok != (tt.want != "") || (ok && p != tab[tt.want]) {
			t.Errorf("Lookup(%q) = %+v %v, want %q", tt.model, p, ok, tt.want)
		}
	}
}

func TestParseAndLoad(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "p.json")
	os.WriteFile(f, []byte(`{"llama3.1": {"input_per_mtok": 0.1, "output_per_mtok": 0.2}, "GPT-4o": {"input_per_mtok": 1, "output_per_mtok": 2}}`), 0o600)
	tab, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := tab.Lookup("llama3.1"); !ok || p.OutputPerMTok != 0.2 {
		t.Errorf("llama3.1 = %+v %v", p, ok)
	}
	if p, _ := tab.Lookup("gpt-4o"); p.InputPerMTok != 1 {
		t.Errorf("the file did not override gpt-4o: %+v", p)
	}
	if _, ok := tab.Lookup("o3"); !ok {
		t.Error("the defaults were dropped")
	}
	bad := []struct{ text, why string }{
		{`{"m": {"input_per_mtok": -1, "output_per_mtok": 1}}`, "between 0 and 10000"},
		{`{"m": {"input_per_mtok": 1e9, "output_per_mtok": 1}}`, "between 0 and 10000"},
		{`{"m": {"input": 1}}`, "unknown field"},
		{`{"m": {"input_per_mtok": "1"}}`, "cannot unmarshal"},
		{`{"": {"input_per_mtok": 1}}`, "empty model name"},
		{`{"m": {}} {}`, "data after"},
		{`[1]`, "cannot unmarshal"},
		{strings.Repeat(" ", maxFile+1), "larger than"},
	}
	for _, b := range bad {
		_, err := Parse([]byte(b.text))
		if err == nil || !errors.Is(err, ErrBadPrices) || !strings.Contains(err.Error(), b.why) {
			t.Errorf("Parse(%.40q) = %v, want %q", b.text, err, b.why)
		}
	}
	if _, err := Load(filepath.Join(dir, "none.json")); err == nil || !strings.Contains(err.Error(), "--prices") {
		t.Errorf("missing file: %v", err)
	}
}

func TestFormat(t *testing.T) {
	for in, want := range map[float64]string{0: "$0.0000", 0.01234: "$0.0123", 12.345: "$12.35"} {
		if got := Format(in); got != want {
			t.Errorf("Format(%v) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"gpt-4o": {"input_per_mtok": 2.5, "output_per_mtok": 10}}`))
	f.Add([]byte(`{"m": {"input_per_mtok": 1e308}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := Parse(data)
		if err != nil {
			return
		}
		for n, p := range tab {
			c := p.Cost(llm.Usage{PromptTokens: 1 << 40, CompletionTokens: 1 << 40, CachedPromptTokens: 1 << 39})
			if c < 0 || math.IsNaN(c) || math.IsInf(c, 0) {
				t.Fatalf("%s: cost %v", n, c)
			}
		}
	})
}
