package detect

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPersonaTwins: a persona request's twin is the same request with one jailbreak clause
// added, and nothing else changed; the same seed gives the same rows.
func TestPersonaTwins(t *testing.T) {
	checkClauseTwins(t, func() []Example { return augmentPersonas(200, rand.New(rand.NewPCG(1, 2))) }, personaJailbreaks)
}

// TestFictionTwins: the same for requests framed as fiction.
func TestFictionTwins(t *testing.T) {
	checkClauseTwins(t, func() []Example { return augmentFiction(200, rand.New(rand.NewPCG(1, 2))) }, fictionJailbreaks)
}

// checkClauseTwins checks that gen returns 200 attack/benign pairs, the same on every call, each
// attack its benign twin with one of clauses added and nothing else changed.
func checkClauseTwins(t *testing.T, gen func() []Example, clauses []string) {
	t.Helper()
	rows, again := gen(), gen()
	if len(rows) != 400 || len(again) != 400 {
		t.Fatalf("%d and %d rows, want 400", len(rows), len(again))
	}
	for i := 0; i+1 < len(rows); i += 2 {
		if rows[i] != again[i] {
			t.Fatalf("row %d differs between two runs with the same seed", i)
		}
		a, b := rows[i], rows[i+1]
		if a.Label != 1 || b.Label != 0 || !strings.HasPrefix(a.Source, "synthetic(") || !strings.HasPrefix(b.Source, "synthetic(") {
			t.Fatalf("rows %d, %d: labels %d, %d and sources %q, %q", i, i+1, a.Label, b.Label, a.Source, b.Source)
		}
		if strings.Contains(a.Text, "%") || strings.Contains(b.Text, "%") {
			t.Errorf("unfilled placeholder in %q", a.Text)
		}
		var clause string
		for _, j := range clauses {
			if strings.Contains(a.Text, j) {
				clause = j
			}
			if strings.Contains(b.Text, j) {
				t.Errorf("benign twin %q holds the jailbreak %q", b.Text, j)
			}
		}
		if clause == "" || strings.Replace(a.Text, clause+" ", "", 1) != b.Text && strings.Replace(a.Text, " "+clause, "", 1) != b.Text {
			t.Errorf("attack %q is not its twin %q plus one jailbreak clause", a.Text, b.Text)
		}
	}
}

// TestSocialNotices: every language of socialTable has a genuine notice of a one-time code
// with one place for the code, and some benign twins are such notices, each with a code of six
// digits and no request put to the reader.
func TestSocialNotices(t *testing.T) {
	for _, l := range socialTable {
		if n := socialNotices[l.code]; strings.Count(n, "%N") != 1 {
			t.Errorf("%s: notice %q, want one %%N", l.code, n)
		}
	}
	if len(socialNotices) != len(socialTable) {
		t.Errorf("%d notices for %d languages", len(socialNotices), len(socialTable))
	}
	notices := 0
	for _, e := range augmentSocial(600, rand.New(rand.NewPCG(3, 4))) {
		if e.Label != 0 {
			continue
		}
		for _, n := range socialNotices {
			before, after, _ := strings.Cut(n, "%N")
			if i := strings.Index(e.Text, before); i >= 0 && strings.Contains(e.Text, after) {
				if code := e.Text[i+len(before):]; len(code) < 6 || strings.Trim(code[:6], "0123456789") != "" {
					t.Errorf("notice without a six-digit code: %q", e.Text)
				}
				notices++
				break
			}
		}
	}
	if notices < 50 || notices > 150 {
		t.Errorf("%d of 600 benign twins are notices, want about 100", notices)
	}
}
