package detect

import (
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"sync"
	"unicode/utf8"
)

// EvalOptions configures Evaluate.
type EvalOptions struct {
	Config  TrainConfig // the recipe under test (its Folds is ignored: every family is held out alone)
	Workers int         // folds trained in parallel
	// EvalOnly rows (sources never trained on) are scored by Shipped at its thresholds.
	EvalOnly []Example
	Shipped  *Model
	// MaxEvasionLen is the longest attack (bytes) the evasion table transforms; 0 means 2000.
	MaxEvasionLen int
}

// Evaluate is the honest estimate of the recipe: leave-one-family-out over every real family of
// train (each family scored by a model trained on all the others, synthetic rows included but
// never held out), the flag threshold calibrated on the pooled out-of-family benign scores only
// (about 1% false positives), and at that threshold the pooled and per-family figures, a
// per-language table, and each evasion transform applied to the held-out attacks (scored by the
// same held-out models). Then the shipped model on the eval-only rows, at its own thresholds.
func Evaluate(w io.Writer, train []Example, opt EvalOptions) error {
	cfg := opt.Config
	cfg.Folds = 0
	maxLen := opt.MaxEvasionLen
	if maxLen <= 0 {
		maxLen = 2000
	}
	var attacks []int // rows whose evasions are scored
	for i, e := range train {
		if e.Label == 1 && len(e.Text) <= maxLen && utf8.ValidString(e.Text) {
			attacks = append(attacks, i)
		}
	}
	isAttack := map[int]int{}
	for k, i := range attacks {
		isAttack[i] = k
	}
	ev := make([][]float64, len(Evasions)) // ev[t][k]: score of attacks[k] under transform t
	for t := range ev {
		ev[t] = make([]float64, len(attacks))
	}
	var mu sync.Mutex
	oof, fams, err := CrossValidate(train, cfg, opt.Workers, func(m *Model, held []int) {
		for _, i := range held {
			k, ok := isAttack[i]
			if !ok {
				continue
			}
			for t, e := range Evasions {
				rng := rand.New(rand.NewPCG(cfg.Seed, uint64(i)<<8|uint64(t)))
				raw, cleaned := e.Apply(train[i].Text, rng)
				s := m.Score(raw, cleaned).Score
				mu.Lock()
				ev[t][k] = s
				mu.Unlock()
			}
		}
	})
	if err != nil {
		return err
	}
	flag, block, nBenign := benignThresholds(train, oof)

	fmt.Fprintf(w, "Leave-one-family-out over %d real families (%d trainable rows: %d attacks, %d benign); synthetic rows are trained on in every fold, never held out.\n",
		len(fams), len(train), len(train)-nBenign, nBenign)
	fmt.Fprintf(w, "Flag threshold from the pooled out-of-family benign scores only: %.6f (~1%% FPR); block %.6f (~0.1%%).\n", flag, block)
	writeDocCalibration(w, train, oof)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "By family:")
	writeMetrics(w, train, oof, flag, block, Family)

	byLang := make([]Example, len(train))
	for i, e := range train {
		byLang[i] = Example{Label: e.Label, Source: Language(e.Text)}
	}
	fmt.Fprintln(w, "\nBy language (guessed from the text, see Language):")
	writeMetrics(w, byLang, oof, flag, block, func(s string) string { return s })

	fmt.Fprintf(w, "\nEvasions of the %d held-out attacks of at most %d bytes (flagged share at the flag threshold, each scored by the model that never saw its family):\n", len(attacks), maxLen)
	writeEvasions(w, train, attacks, oof, ev, flag)

	if opt.Shipped != nil && len(opt.EvalOnly) > 0 {
		f, b := opt.Shipped.Thresholds()
		scores := make([]float64, len(opt.EvalOnly))
		for i, e := range opt.EvalOnly {
			scores[i] = opt.Shipped.Score(e.Text, e.Text).Score
		}
		fmt.Fprintf(w, "\nShipped model on %d eval-only rows (sources never trained on), at its thresholds flag %.6f block %.6f:\n", len(opt.EvalOnly), f, b)
		writeMetrics(w, opt.EvalOnly, scores, f, b, func(s string) string { return s })
	}
	return nil
}

// benignThresholds calibrates the flag and block thresholds on the out-of-family scores oof of
// train's benign rows only, as the shipped thresholds are, and returns them with the number of
// benign rows.
func benignThresholds(train []Example, oof []float64) (flag, block float64, n int) {
	var benign []float64
	for i, e := range train {
		if e.Label == 0 {
			benign = append(benign, oof[i])
		}
	}
	cal := &Model{}
	cal.Calibrate(benign)
	flag, block = cal.Thresholds()
	return flag, block, len(benign)
}

// promptFamilies are the families whose benign rows are requests users type to an assistant
// (role-play prompts, jailbreak-shaped requests for harmless things, chat questions), not
// documents or tool output.
var promptFamilies = map[string]bool{"wildguard": true, "awesome-chatgpt-prompts": true, "ultrachat conversation": true,
	"deepset/prompt-injections": true, "promptinject": true, "parapet-handcrafted": true}

// writeDocCalibration prints what the same out-of-family scores give when the threshold is
// calibrated on the benign rows of documents and tool output only, the text the guard screens,
// and how many of the prompt families' benign rows that threshold flags. The shipped thresholds
// stay calibrated on every benign row.
func writeDocCalibration(w io.Writer, train []Example, oof []float64) {
	var doc, prompt []float64
	var attacks []float64
	for i, e := range train {
		switch {
		case e.Label == 1:
			attacks = append(attacks, oof[i])
		case promptFamilies[Family(e.Source)]:
			prompt = append(prompt, oof[i])
		default:
			doc = append(doc, oof[i])
		}
	}
	if len(doc) == 0 || len(attacks) == 0 {
		return
	}
	cal := &Model{}
	cal.Calibrate(doc)
	flag, _ := cal.Thresholds()
	share := func(s []float64) float64 {
		n := 0
		for _, v := range s {
			if v >= flag {
				n++
			}
		}
		return float64(n) / float64(max(len(s), 1))
	}
	fmt.Fprintf(w, "Calibrated instead on the %d benign rows of documents and tool output (the prompt families left out): flag %.6f flags %.3f of the attacks, %.3f of those rows and %.3f of the %d prompt families' benign rows.\n",
		len(doc), flag, share(attacks), share(doc), share(prompt), len(prompt))
}

// writeEvasions prints, per transform, the flagged share of all attacks and of the non-English
// ones, and its ratio to the plain share.
func writeEvasions(w io.Writer, train []Example, attacks []int, oof []float64, ev [][]float64, flag float64) {
	share := func(scores func(k int) float64, keep func(i int) bool) (float64, int) {
		hit, n := 0, 0
		for k, i := range attacks {
			if !keep(i) {
				continue
			}
			n++
			if scores(k) >= flag {
				hit++
			}
		}
		if n == 0 {
			return 0, 0
		}
		return float64(hit) / float64(n), n
	}
	langs := make([]string, len(train))
	for _, i := range attacks {
		langs[i] = Language(train[i].Text)
	}
	all := func(int) bool { return true }
	nonEN := func(i int) bool { return langs[i] != "en" }
	plainAll, nAll := share(func(k int) float64 { return oof[attacks[k]] }, all)
	plainNon, nNon := share(func(k int) float64 { return oof[attacks[k]] }, nonEN)
	fmt.Fprintf(w, "  %-20s %8s %8s %10s %8s\n", "transform", "flagged", "of plain", "non-en", "of plain")
	fmt.Fprintf(w, "  %-20s %8.3f %8s %10.3f %8s   (%d attacks, %d non-English)\n", "plain", plainAll, "", plainNon, "", nAll, nNon)
	type row struct {
		name             string
		a, ra, non, rnon float64
	}
	var rows []row
	for t, e := range Evasions {
		a, _ := share(func(k int) float64 { return ev[t][k] }, all)
		non, _ := share(func(k int) float64 { return ev[t][k] }, nonEN)
		rows = append(rows, row{e.Name, a, a / max(plainAll, 1e-9), non, non / max(plainNon, 1e-9)})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	for _, r := range rows {
		fmt.Fprintf(w, "  %-20s %8.3f %8.2f %10.3f %8.2f\n", r.name, r.a, r.ra, r.non, r.rnon)
	}
}

// SeedSweep prints the leave-one-family-out estimate of Evaluate (pooled ROC-AUC, and the share
// of attacks flagged at the threshold calibrated on the pooled out-of-family benign scores) for
// each of seeds added to cfg.Seed, then their mean, lowest and highest, and per family the mean
// count of rows flagged. A seed draws other shuffles and other synthetic rows, and the share
// flagged moves by up to 0.04 between seeds: a change is judged on the paired differences over
// several seeds, not on one.
func SeedSweep(w io.Writer, train []Example, cfg TrainConfig, workers int, seeds []uint64) error {
	if len(seeds) == 0 {
		return fmt.Errorf("detect: no seeds to sweep")
	}
	cfg.Folds = 0
	labels := make([]int, len(train))
	for i, e := range train {
		labels[i] = e.Label
	}
	type counts struct{ att, attN, ben, benN int }
	perFam := map[string]*counts{}
	var aucs, flagged []float64
	fmt.Fprintf(w, "Leave-one-family-out over %d seeds (%d trainable rows):\n", len(seeds), len(train))
	fmt.Fprintf(w, "  %6s %8s %8s %10s\n", "seed", "AUC", "flagged", "threshold")
	for _, s := range seeds {
		c := cfg
		c.Seed = cfg.Seed + s
		oof, _, err := CrossValidate(train, c, workers, nil)
		if err != nil {
			return fmt.Errorf("detect: seed %d: %w", s, err)
		}
		flag, _, _ := benignThresholds(train, oof)
		tp, n := 0, 0
		for i, e := range train {
			fc := perFam[Family(e.Source)]
			if fc == nil {
				fc = &counts{}
				perFam[Family(e.Source)] = fc
			}
			hit := oof[i] >= flag
			if e.Label == 1 {
				n++
				fc.attN++
				if hit {
					tp++
					fc.att++
				}
			} else {
				fc.benN++
				if hit {
					fc.ben++
				}
			}
		}
		auc := ROCAUC(oof, labels)
		aucs, flagged = append(aucs, auc), append(flagged, float64(tp)/float64(max(n, 1)))
		fmt.Fprintf(w, "  %6d %8.4f %8.4f %10.4f\n", s, auc, flagged[len(flagged)-1], flag)
	}
	stat := func(v []float64) (mean, lo, hi float64) {
		lo, hi = v[0], v[0]
		for _, x := range v {
			mean += x
			lo, hi = min(lo, x), max(hi, x)
		}
		return mean / float64(len(v)), lo, hi
	}
	am, al, ah := stat(aucs)
	fm, fl, fh := stat(flagged)
	fmt.Fprintf(w, "  %6s %8.4f %8.4f   (AUC %.4f to %.4f, flagged %.4f to %.4f)\n", "mean", am, fm, al, ah, fl, fh)
	fmt.Fprintf(w, "\nPer family, mean rows flagged per seed:\n  %-40s %17s %17s\n", "family", "attacks", "benign")
	names := make([]string, 0, len(perFam))
	for k := range perFam {
		names = append(names, k)
	}
	sort.Strings(names)
	k := float64(len(seeds))
	for _, name := range names {
		fc := perFam[name]
		fmt.Fprintf(w, "  %-40s %8.1f of %5d %8.1f of %5d\n", name, float64(fc.att)/k, fc.attN/len(seeds), float64(fc.ben)/k, fc.benN/len(seeds))
	}
	return nil
}
