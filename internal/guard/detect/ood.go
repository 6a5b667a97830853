package detect

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
)

// OODSpec is the hand-written part of the out-of-distribution check (testdata/ood.json):
// carrier documents of kinds an agent reads, indirect injections addressed to whoever reads
// them, and hard negatives. None of it is ever trained on.
type OODSpec struct {
	Carriers []string `json:"carriers"`
	Attacks  []string `json:"attacks"`
	Benign   []string `json:"benign"`
}

// ReadOODSpec reads an OODSpec from a JSON file.
func ReadOODSpec(path string) (*OODSpec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("detect: read OOD spec: %w", err)
	}
	var s OODSpec
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("detect: parse OOD spec %s: %w", path, err)
	}
	if len(s.Carriers) == 0 || len(s.Attacks) == 0 || len(s.Benign) == 0 {
		return nil, fmt.Errorf("detect: OOD spec %s needs carriers, attacks and benign texts", path)
	}
	return &s, nil
}

// OODCheck builds the out-of-distribution check set: the spec's attacks and hard negatives
// alone and planted in its carriers, the carriers alone, short eval-only dev attacks (sources the shipped weights
// never train on) planted in the carriers, and short eval-only benign rows alone. It is an estimate of how the
// detector does on indirect injection from unseen sources; nothing in it may be trained on.
func OODCheck(dev []Example, spec *OODSpec) []Example {
	rng := rand.New(rand.NewPCG(7, 0x00D))
	var out []Example
	carrier := func() string { return spec.Carriers[rng.IntN(len(spec.Carriers))] }
	for _, a := range spec.Attacks {
		if t, ok := strings.CutPrefix(a, "~"); ok {
			a = t
		} else {
			out = append(out, Example{Text: a, Label: 1, Source: "ood(handwritten attack)"})
		}
		for k := 0; k < 3; k++ {
			out = append(out, Example{Text: plant(carrier(), a, rng), Label: 1, Source: "ood(handwritten attack, planted)"})
		}
	}
	for _, b := range spec.Benign {
		t, alone := strings.CutPrefix(b, "~")
		out = append(out, Example{Text: t, Label: 0, Source: "ood(handwritten benign)"})
		if alone {
			continue
		}
		for k := 0; k < 2; k++ {
			out = append(out, Example{Text: plant(carrier(), b, rng), Label: 0, Source: "ood(handwritten benign, planted)"})
		}
	}
	for _, c := range spec.Carriers {
		out = append(out, Example{Text: c, Label: 0, Source: "ood(carrier)"})
	}
	var atk, ben []string
	for _, e := range dev {
		if Trainable(e.Source) || len(e.Text) > 400 || len(e.Text) < 10 {
			continue
		}
		if e.Label == 1 {
			atk = append(atk, e.Text)
		} else {
			ben = append(ben, e.Text)
		}
	}
	for i := 0; i < 400 && len(atk) > 0; i++ {
		out = append(out, Example{Text: plant(carrier(), atk[rng.IntN(len(atk))], rng), Label: 1, Source: "ood(eval-only attack, planted)"})
	}
	// Benign eval-only rows are user prompts: planted in a document they would be injections.
	for i := 0; i < 400 && len(ben) > 0; i++ {
		out = append(out, Example{Text: ben[rng.IntN(len(ben))], Label: 0, Source: "ood(eval-only benign)"})
	}
	return out
}
