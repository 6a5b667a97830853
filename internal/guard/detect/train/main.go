// Command train rebuilds the prompt-injection detector's embedded weights, bit for bit, from the
// repository's copy of the trainable dev rows (internal/guard/detect/testdata/dev-trainable.jsonl.gz):
//
//	go run ./internal/guard/detect/train
//
// It trains only on the sources ../shared/data/README.md marks trainable, prints the
// leave-one-family-out report, the eval-only report and the calibrated thresholds, and writes
// internal/guard/detect/weights.bin. The eval-only rows it reports on (never trains on) come from
// -eval, ../shared/data/injection/dev.jsonl beside the repository; without it those reports are
// skipped and the weights are the same.
//
// -data ../shared/data/injection/dev.jsonl trains on the full dev set instead (its trainable rows
// are the same, in the same order, so the weights are too). To refresh the repository's copy
// after the dev set changes, then retrain:
//
//	go run ./internal/guard/detect/train -data ../shared/data/injection/dev.jsonl -export internal/guard/detect/testdata/dev-trainable.jsonl.gz
//	go run ./internal/guard/detect/train
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/paddock-dev/paddock/internal/guard/detect"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "internal/guard/detect/"+detect.TrainingData, "training rows (JSON lines: text, label, source; .gz is gunzipped); only trainable sources are trained on")
	eval := fs.String("eval", "../shared/data/injection/dev.jsonl", "dev set whose eval-only rows are reported on, never trained on (used only if -data has no eval-only rows; skipped if absent or empty)")
	more := fs.String("more", "internal/guard/detect/"+detect.MoreTrainingData, "further training rows (the trainable rows of ../shared/data/injection/more); empty skips them")
	export := fs.String("export", "", "write the trainable rows of -data to this file (gzip'd JSON lines) and exit without training")
	exportMore := fs.String("export-more", "", "read the *.jsonl files of this directory (../shared/data/injection/more), write their trainable rows to -more and exit")
	out := fs.String("out", "internal/guard/detect/weights.bin", "weights file to write")
	ood := fs.String("ood", "internal/guard/detect/testdata/ood.json", "hand-written out-of-distribution check (reported, never trained on); empty skips it")
	dump := fs.String("dump", "", "write per-row scores and reasons as JSON lines to this file (for error analysis)")
	workers := fs.Int("workers", min(2, runtime.NumCPU()), "folds trained in parallel (does not change the result)")
	cfg := detect.DefaultTrainConfig()
	// Experiment knobs; the shipped weights use the defaults.
	fs.Float64Var(&cfg.L2, "l2", cfg.L2, "L2 penalty on hashed weights")
	fs.Float64Var(&cfg.LR, "lr", cfg.LR, "AdaGrad learning rate")
	fs.Float64Var(&cfg.RuleL2, "rule-l2", cfg.RuleL2, "penalty pulling rule weights to their priors")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "shuffling and augmentation seed")
	fs.IntVar(&cfg.Bags, "bags", cfg.Bags, "models averaged, each with its own seed")
	fs.IntVar(&cfg.Epochs, "epochs", cfg.Epochs, "SGD epochs")
	dimBits := fs.Int("dim-bits", int(cfg.DimBits), "log2 of hashed feature buckets")
	fs.Float64Var(&cfg.FamilyPower, "family-power", cfg.FamilyPower, "row weight = family size^-p within a class")
	fs.Float64Var(&cfg.SyntheticAttackWeight, "synthetic-attack-weight", cfg.SyntheticAttackWeight, "weight of the generated attack rows, times their family's")
	fs.IntVar(&cfg.Window, "window", cfg.Window, "tokens per window")
	fs.IntVar(&cfg.Stride, "stride", cfg.Stride, "tokens between windows")
	fs.IntVar(&cfg.MinFamilies, "min-families", cfg.MinFamilies, "drop hashed features seen in fewer dev families")
	fs.IntVar(&cfg.Folds, "folds", cfg.Folds, "folds of families for calibrating the thresholds (0: one per family)")
	fs.BoolVar(&cfg.Lines, "lines", cfg.Lines, "score sentences and lines as windows too")
	fs.BoolVar(&cfg.NoPunct, "no-punct", cfg.NoPunct, "no hashed features for punctuation tokens")
	fs.BoolVar(&cfg.Concepts, "concepts", cfg.Concepts, "a feature per lexicon word for its concepts, shared by its synonyms in every language (the shipped recipe's value is the default)")
	fs.BoolVar(&cfg.Grams, "grams", cfg.Grams, "character 4-gram features")
	fs.BoolVar(&cfg.Augment, "augment", cfg.Augment, "add planted and synthetic rows")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg.DimBits = uint8(*dimBits)
	if *exportMore != "" {
		all, err := detect.ReadMoreDir(*exportMore)
		if err == nil {
			var n int
			n, err = detect.WriteTrainableFile(*more, all)
			fmt.Fprintf(stdout, "wrote %s (%d trainable rows of %d)\n", *more, n, len(all))
		}
		if err != nil {
			fmt.Fprintln(stderr, "train:", err)
			return 1
		}
		return 0
	}
	ex, err := detect.ReadExamplesFile(*data)
	if err != nil {
		fmt.Fprintln(stderr, "train:", err)
		return 1
	}
	if *more != "" && *export == "" {
		mex, err := detect.ReadExamplesFile(*more)
		if err != nil {
			fmt.Fprintln(stderr, "train:", err)
			return 1
		}
		ex = append(ex, mex...)
	}
	if *export != "" {
		n, err := detect.WriteTrainableFile(*export, ex)
		if err != nil {
			fmt.Fprintln(stderr, "train:", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote %s (%d trainable rows of %d)\n", *export, n, len(ex))
		return 0
	}
	if ex, err = addEvalOnly(ex, *eval, stdout); err != nil {
		fmt.Fprintln(stderr, "train:", err)
		return 1
	}
	opt := detect.BuildOptions{Config: cfg, Workers: *workers, Report: stdout}
	if *dump != "" {
		f, err := os.Create(*dump)
		if err != nil {
			fmt.Fprintln(stderr, "train:", err)
			return 1
		}
		defer f.Close()
		opt.Dump = f
	}
	m, err := detect.Build(ex, opt)
	if err != nil {
		fmt.Fprintln(stderr, "train:", err)
		return 1
	}
	if *ood != "" {
		spec, err := detect.ReadOODSpec(*ood)
		if err != nil {
			fmt.Fprintln(stderr, "train:", err)
			return 1
		}
		rows := detect.OODCheck(ex, spec)
		scores := make([]float64, len(rows))
		for i, e := range rows {
			scores[i] = m.Score(e.Text, e.Text).Score
		}
		flag, block := m.Thresholds()
		fmt.Fprintf(stdout, "\nOut-of-distribution check (%s, never trained on; final model):\n", *ood)
		if err := detect.WriteReport(stdout, rows, scores, flag, block); err != nil {
			fmt.Fprintln(stderr, "train:", err)
			return 1
		}
		if *dump != "" {
			f, err := os.Create(*dump + ".ood")
			if err != nil {
				fmt.Fprintln(stderr, "train:", err)
				return 1
			}
			enc := json.NewEncoder(f)
			for i, e := range rows {
				_ = enc.Encode(map[string]any{"source": e.Source, "label": e.Label, "score": scores[i], "text": e.Text})
			}
			f.Close()
		}
	}
	b, err := m.MarshalBinary()
	if err != nil {
		fmt.Fprintln(stderr, "train:", err)
		return 1
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(stderr, "train:", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *out, len(b))
	return 0
}

// addEvalOnly appends the eval-only rows of the dev set at path to ex, for the reports: Build
// never trains on them, so the weights do not depend on them. Nothing is added if ex already
// has eval-only rows (-data is the full dev set) or path is empty or absent.
func addEvalOnly(ex []detect.Example, path string, stdout io.Writer) ([]detect.Example, error) {
	for _, e := range ex {
		if !detect.Trainable(e.Source) {
			return ex, nil
		}
	}
	if path == "" {
		return ex, nil
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stdout, "no eval-only rows: %s is absent (the eval-only and out-of-distribution reports are partial; the weights are the same)\n\n", path)
		return ex, nil
	}
	all, err := detect.ReadExamplesFile(path)
	if err != nil {
		return nil, err
	}
	for _, e := range all {
		if !detect.Trainable(e.Source) {
			ex = append(ex, e)
		}
	}
	return ex, nil
}
