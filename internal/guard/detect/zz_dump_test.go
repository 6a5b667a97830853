package detect

import (
	"encoding/json"
	"os"
	"strconv"
	"testing"
)

func TestZZDump(t *testing.T) {
	out := os.Getenv("ZZ_OUT")
	if out == "" {
		t.Skip()
	}
	var train []Example
	for _, p := range []string{TrainingData, MoreTrainingData} {
		ex, err := ReadExamplesFile(p)
		if err != nil {
			t.Fatal(err)
		}
		train = append(train, ex...)
	}
	cfg := DefaultTrainConfig()
	cfg.Bags = 1
	cfg.Folds = 0
	s, _ := strconv.Atoi(os.Getenv("ZZ_SEED"))
	cfg.Seed += uint64(s)
	oof, _, err := CrossValidate(train, cfg, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Create(out)
	defer f.Close()
	enc := json.NewEncoder(f)
	for i, e := range train {
		enc.Encode(map[string]any{"fam": Family(e.Source), "src": e.Source, "label": e.Label, "score": oof[i], "text": e.Text})
	}
}
