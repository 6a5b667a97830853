// Package pricing turns a model's token usage into money: a price table per model (input, cached
// input and output tokens, in US dollars per million), with built-in defaults for common OpenAI
// models and a JSON file to override or extend them.
//
// Prices change; the defaults are OpenAI's published list prices when they were written down and
// are there so that a money budget works out of the box. Anyone who is billed differently (a
// discount, Azure, a local model) gives a file with --prices. A model without a price has no cost:
// callers say so and enforce token budgets only.
package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/paddock-dev/paddock/internal/llm"
)

// ErrBadPrices wraps every price file that does not parse.
var ErrBadPrices = errors.New("bad price table")

// Price is what one model costs, in US dollars per million tokens.
type Price struct {
	InputPerMTok float64 `json:"input_per_mtok"`
	// CachedInputPerMTok prices prompt tokens the endpoint served from its cache; zero means the
	// input price.
	CachedInputPerMTok float64 `json:"cached_input_per_mtok,omitempty"`
	OutputPerMTok      float64 `json:"output_per_mtok"`
}

// Cost returns what usage costs at this price, in US dollars.
func (p Price) Cost(u llm.Usage) float64 {
	cached := min(max(u.CachedPromptTokens, 0), u.PromptTokens)
	cachedPrice := p.CachedInputPerMTok
	if cachedPrice == 0 {
		cachedPrice = p.InputPerMTok
	}
	return (float64(u.PromptTokens-cached)*p.InputPerMTok + float64(cached)*cachedPrice +
		float64(u.CompletionTokens)*p.OutputPerMTok) / 1e6
}

// Table maps model names to prices.
type Table map[string]Price

// Defaults returns the built-in prices (USD per million tokens, OpenAI's list prices of 2025).
func Defaults() Table {
	return Table{
		"gpt-5":         {1.25, 0.125, 10},
		"gpt-5-mini":    {0.25, 0.025, 2},
		"gpt-5-nano":    {0.05, 0.005, 0.40},
		"gpt-4.1":       {2, 0.50, 8},
		"gpt-4.1-mini":  {0.40, 0.10, 1.60},
		"gpt-4.1-nano":  {0.10, 0.025, 0.40},
		"gpt-4o":        {2.50, 1.25, 10},
		"gpt-4o-mini":   {0.15, 0.075, 0.60},
		"gpt-4-turbo":   {10, 0, 30},
		"gpt-3.5-turbo": {0.50, 0, 1.50},
		"o1":            {15, 7.50, 60},
		"o3":            {2, 0.50, 8},
		"o3-mini":       {1.10, 0.55, 4.40},
		"o4-mini":       {1.10, 0.275, 4.40},
	}
}

// Lookup returns the price of a model: by its exact name (without regard to case), else by the
// longest name in the table that it extends with a dated snapshot ("gpt-4o-2024-08-06" is
// gpt-4o; "gpt-4o-audio-preview" is not).
func (t Table) Lookup(model string) (Price, bool) {
	m := strings.ToLower(strings.TrimSpace(model))
	if p, ok := t[m]; ok {
		return p, true
	}
	best, found := "", false
	for name := range t {
		rest, ok := strings.CutPrefix(m, strings.ToLower(name)+"-")
		if !ok || rest == "" || rest[0] < '0' || rest[0] > '9' {
			continue
		}
		if len(name) > len(best) {
			best, found = name, true
		}
	}
	if !found {
		return Price{}, false
	}
	return t[best], true
}

// Names returns the table's model names, sorted.
func (t Table) Names() []string {
	out := make([]string, 0, len(t))
	for n := range t {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// maxFile bounds a price file.
const maxFile = 1 << 20

// Parse reads a JSON price table, {"MODEL": {"input_per_mtok": N, "cached_input_per_mtok": N,
// "output_per_mtok": N}}. Unknown fields, negative, non-finite or absurd prices (above
// $10,000 per million tokens) are errors naming the model.
func Parse(data []byte) (Table, error) {
	if len(data) > maxFile {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrBadPrices, maxFile)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Table
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("%w: %w (want {\"MODEL\": {\"input_per_mtok\": N, \"output_per_mtok\": N}})", ErrBadPrices, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the table", ErrBadPrices)
	}
	out := Table{}
	for name, p := range t {
		n := strings.ToLower(strings.TrimSpace(name))
		if n == "" {
			return nil, fmt.Errorf("%w: an empty model name", ErrBadPrices)
		}
		for _, v := range []float64{p.InputPerMTok, p.CachedInputPerMTok, p.OutputPerMTok} {
			if v < 0 || v > 10000 || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: %s: a price must be between 0 and 10000 dollars per million tokens", ErrBadPrices, name)
			}
		}
		out[n] = p
	}
	return out, nil
}

// Load returns the defaults with the prices of the JSON file at path laid over them; an empty path
// is the defaults alone.
func Load(path string) (Table, error) {
	t := Defaults()
	if path == "" {
		return t, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--prices: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("--prices %s: %w", path, err)
	}
	over, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("--prices %s: %w", path, err)
	}
	for n, p := range over {
		t[n] = p
	}
	return t, nil
}

// Format returns a dollar amount for people: $0.0123 below a dollar, $12.35 above.
func Format(usd float64) string {
	if usd < 1 {
		return fmt.Sprintf("$%.4f", usd)
	}
	return fmt.Sprintf("$%.2f", usd)
}
