package detect

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestAgenticTwins: the generators of synthetic_agentic.go are deterministic for a seed, give
// every attack a benign twin, and keep the attack where the twin is (the same carrier, the
// same record).
func TestAgenticTwins(t *testing.T) {
	carriers := []string{"First sentence of a document. Second sentence.\nA third line.", "One line only"}
	gens := map[string]func(*rand.Rand) []Example{
		"announced": func(rng *rand.Rand) []Example { return augmentAnnounced(carriers, 60, rng) },
		"user":      func(rng *rand.Rand) []Example { return augmentUserRequests(60, rng) },
	}
	for name, gen := range gens {
		a, b := gen(rand.New(rand.NewPCG(3, 4))), gen(rand.New(rand.NewPCG(3, 4)))
		if len(a) != len(b) {
			t.Fatalf("%s: %d and %d rows from the same seed", name, len(a), len(b))
		}
		var n [2]int
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%s: row %d differs between two runs with the same seed", name, i)
			}
			n[a[i].Label]++
			if !strings.HasPrefix(a[i].Source, "synthetic(") {
				t.Errorf("%s: source %q is not synthetic, so it would count as a real family", name, a[i].Source)
			}
			if strings.Contains(a[i].Text, "%") {
				t.Errorf("%s: unfilled placeholder in %q", name, a[i].Text)
			}
		}
		if n[1] != 60 || n[0] < 60 {
			t.Errorf("%s: %d attacks and %d benign rows, want 60 and at least 60", name, n[1], n[0])
		}
	}
	// The twin of an announced task sits in the same carrier.
	rows := augmentAnnounced(carriers, 20, rand.New(rand.NewPCG(5, 6)))
	for i := 0; i+1 < len(rows); i++ {
		if rows[i].Label != 1 {
			continue
		}
		twin := rows[i+1]
		found := false
		for _, c := range carriers {
			for _, line := range strings.Split(c, "\n") {
				if strings.Contains(rows[i].Text, line[:10]) && strings.Contains(twin.Text, line[:10]) {
					found = true
				}
			}
		}
		if twin.Label != 0 || !found {
			t.Errorf("attack %q and the row after it %q are not twins in one carrier", rows[i].Text, twin.Text)
		}
	}
}

// TestUserRequestRecords: requests in the user's voice sit in a record field; the JSON ones
// parse and carry the request as one value.
func TestUserRequestRecords(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	jsonRows := 0
	for _, e := range augmentUserRequests(200, rng) {
		if !strings.HasPrefix(e.Text, "{") {
			t.Fatalf("%q is not a record", e.Text)
		}
		if strings.HasPrefix(e.Text, "{\"") {
			var v map[string]any
			if err := json.Unmarshal([]byte(e.Text), &v); err != nil {
				t.Errorf("%q: %v", e.Text, err)
			}
			jsonRows++
		}
	}
	if jsonRows == 0 {
		t.Error("no JSON records")
	}
}

// TestConceptFeature: with concept features, synonyms in two languages share one feature, so
// what one language's rows teach carries to the other; without them they share none.
func TestConceptFeature(t *testing.T) {
	feats := func(concepts bool, text string) map[uint32]bool {
		m := &Model{dimBits: defaultDimBits, noPunct: true, window: defaultWindow, stride: defaultStride, concepts: concepts}
		r := featurize(m, &tokenizer{}, text, 0, 1)
		out := map[uint32]bool{}
		for _, f := range r.feats {
			out[f] = true
		}
		return out
	}
	shared := func(concepts bool) int {
		a, b := feats(concepts, "directives"), feats(concepts, "Anweisungen")
		n := 0
		for f := range a {
			if b[f] {
				n++
			}
		}
		return n
	}
	if n := shared(false); n != 0 {
		t.Errorf("without concepts the two words share %d features, want 0", n)
	}
	if n := shared(true); n != 1 {
		t.Errorf("with concepts the two words share %d features, want 1", n)
	}
}

// TestComposedAnnouncement: the composed announcements take all three shapes, end a sentence,
// and put "an" before a vowel ("an urgent order", never "a urgent order").
func TestComposedAnnouncement(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var shapes [3]int
	for range 300 {
		a := composedAnnouncement(rng)
		switch {
		case strings.Contains(a, " a a") || strings.Contains(a, " a e") || strings.Contains(a, " a i") || strings.Contains(a, " a o") || strings.Contains(a, " a u"):
			t.Errorf("%q: 'a' before a vowel", a)
		case strings.Contains(a, " an ") && !strings.ContainsAny(a[strings.Index(a, " an ")+4:][:1], "aeiou"):
			t.Errorf("%q: 'an' before a consonant", a)
		}
		if !strings.HasSuffix(a, ".") {
			t.Errorf("%q does not end a sentence", a)
		}
		for i, l := range [][]string{annSubjects, annReady, annAsides} {
			for _, p := range l {
				if strings.HasPrefix(a, p) {
					shapes[i]++
				}
			}
		}
	}
	for i, n := range shapes {
		if n < 50 {
			t.Errorf("shape %d made %d of 300 announcements", i, n)
		}
	}
}

// TestSideTaskQuizTwins: a trivia question planted as a side task has the same question, in a
// quiz's framing, as its benign twin (an announced task half of the time), so the question
// alone is not learnt as an attack.
func TestSideTaskQuizTwins(t *testing.T) {
	rows := augmentSideTasks([]string{"A paragraph of documentation. Another sentence."}, 200, rand.New(rand.NewPCG(5, 6)))
	quizzed := 0
	for i := 0; i+1 < len(rows); i += 2 {
		a, b := rows[i], rows[i+1]
		if a.Label != 1 || b.Label != 0 {
			t.Fatalf("rows %d and %d are labelled %d and %d, want an attack and its twin", i, i+1, a.Label, b.Label)
		}
		for _, task := range sideTasks {
			if !strings.ContainsAny(task, "?？") || !strings.Contains(a.Text, task) {
				continue
			}
			if !strings.Contains(b.Text, task) {
				t.Errorf("the twin of an attack with %q does not hold the question: %q", task, b.Text)
			}
			quizzed++
		}
	}
	if quizzed < 50 {
		t.Errorf("%d of 200 side tasks were trivia questions, want at least 50", quizzed)
	}
	// Announced tasks: a question's twin is, half of the time, the same question in a quiz.
	rows = augmentAnnounced([]string{"A paragraph of documentation. Another sentence."}, 400, rand.New(rand.NewPCG(5, 6)))
	quizzed = 0
	for i := 0; i+1 < len(rows); i += 2 {
		for _, task := range announcedTasks {
			if strings.ContainsAny(task, "?？") && strings.Contains(rows[i].Text, task) && strings.Contains(rows[i+1].Text, task) {
				quizzed++
			}
		}
	}
	if quizzed < 40 {
		t.Errorf("%d of 400 announced tasks have their question in the twin, want at least 40", quizzed)
	}
}
