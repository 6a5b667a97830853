package detect

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// TrainingData is the repository's copy of the rows the shipped weights are trained on,
// relative to this package's directory: the rows of ../shared/data/injection/dev.jsonl whose
// source is trainable (Trainable), in the dev set's order, as gzip'd JSON lines holding only
// text, label and source. Eval-only rows are never in it. It is what the train command and
// TestCommittedWeightsReproduce read, so the weights reproduce from a clone of the repository
// alone; NOTICE gives the attribution. Regenerate it from ../shared with (from the repo root):
//
//	go run ./internal/guard/detect/train -data ../shared/data/injection/dev.jsonl -export internal/guard/detect/testdata/dev-trainable.jsonl.gz
const TrainingData = "testdata/dev-trainable.jsonl.gz"

// MoreTrainingData is the repository's copy of the trainable rows of
// ../shared/data/injection/more/*.jsonl (files in name order, rows in file order; sep.jsonl is
// eval-only and absent), in the same format as TrainingData. NOTICE gives the attribution.
// Regenerate it from ../shared with (from the repo root):
//
//	go run ./internal/guard/detect/train -export-more ../shared/data/injection/more
const MoreTrainingData = "testdata/more-trainable.jsonl.gz"

// ReadMoreDir reads every *.jsonl file of dir (../shared/data/injection/more), in name order.
func ReadMoreDir(dir string) ([]Example, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("detect: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("detect: no *.jsonl files in %s", dir)
	}
	sort.Strings(names)
	var out []Example
	for _, n := range names {
		ex, err := ReadExamplesFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, ex...)
	}
	return out, nil
}

// WriteTrainableFile writes the examples from trainable sources, in order, to path as gzip'd
// JSON lines (text, label, source). Equal examples give equal bytes for a given Go release.
func WriteTrainableFile(path string, examples []Example) (n int, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, fmt.Errorf("detect: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("detect: %w", cerr)
		}
	}()
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression) // zero header: no name, no time
	if err != nil {
		return 0, fmt.Errorf("detect: %w", err)
	}
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	for _, e := range examples {
		if !Trainable(e.Source) {
			continue
		}
		if err := enc.Encode(Example{Text: e.Text, Label: e.Label, Source: e.Source}); err != nil {
			return n, fmt.Errorf("detect: %s: %w", path, err)
		}
		n++
	}
	if err := zw.Close(); err != nil {
		return n, fmt.Errorf("detect: %s: %w", path, err)
	}
	return n, nil
}
