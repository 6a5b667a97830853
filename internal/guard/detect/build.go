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

// Trainable reports whether rows of a dev source may be used to train shipped weights.
func Trainable(source string) bool { return trainableSources[source] }

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

// Build is the whole recipe for the shipped weights: leave-one-family-out validation on the
// trainable rows (each family scored by a model that never saw it), a final model trained on
// all trainable rows, thresholds calibrated on the out-of-family scores of benign rows (what
// the detector does on sources it has not seen, not on its own training data), and a report of
// the final model on the eval-only rows. Eval-only rows are never trained on.
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
	famSet := map[string]bool{}
	for _, e := range train {
		famSet[Family(e.Source)] = true
	}
	fams := make([]string, 0, len(famSet))
	for f := range famSet {
		fams = append(fams, f)
	}
	sort.Strings(fams)

	oof := make([]float64, len(train)) // out-of-family score of each trainable row
	errs := make([]error, len(fams))
	workers := max(1, opt.Workers)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for fi := range next {
				var in []Example
				for _, e := range train {
					if Family(e.Source) != fams[fi] {
						in = append(in, e)
					}
				}
				m, err := Train(in, opt.Config)
				if err != nil {
					errs[fi] = fmt.Errorf("fold %s: %w", fams[fi], err)
					continue
				}
				for i, e := range train {
					if Family(e.Source) == fams[fi] {
						oof[i] = m.Score(e.Text, e.Text).Score
					}
				}
			}
		}()
	}
	for fi := range fams {
		next <- fi
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
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

	fmt.Fprintf(rep, "Leave-one-family-out validation on %d trainable rows (%d families):\n", len(train), len(fams))
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
