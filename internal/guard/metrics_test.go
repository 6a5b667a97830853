package guard

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestROCAUC(t *testing.T) {
	tests := []struct {
		name     string
		pos, neg []float64
		want     float64
	}{
		{"perfect", []float64{0.9, 0.8}, []float64{0.1, 0.2, 0.3}, 1},
		{"reversed", []float64{0.1}, []float64{0.5, 0.9}, 0},
		{"all tied", []float64{0.5, 0.5}, []float64{0.5, 0.5, 0.5}, 0.5},
		// pairs: (0.8>0.3)(0.8>0.6)(0.4>0.3)(0.4<0.6) -> 3/4
		{"hand computed", []float64{0.8, 0.4}, []float64{0.3, 0.6}, 0.75},
		// pairs: 0.5 vs 0.5 tie (1/2), 0.5 > 0.2 (1), 0.9 > both (2) -> 3.5/4
		{"with a tie", []float64{0.5, 0.9}, []float64{0.5, 0.2}, 0.875},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ROCAUC(tt.pos, tt.neg); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("ROCAUC = %v, want %v", got, tt.want)
			}
		})
	}
	if !math.IsNaN(ROCAUC(nil, []float64{1})) || !math.IsNaN(ROCAUC([]float64{1}, nil)) {
		t.Error("ROCAUC with an empty class should be NaN")
	}
}

// TestROCAUCMatchesPairCount checks the rank formula against the definition on random data with
// many ties.
func TestROCAUCMatchesPairCount(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 50; trial++ {
		pos := make([]float64, 1+r.IntN(40))
		neg := make([]float64, 1+r.IntN(40))
		for i := range pos {
			pos[i] = float64(r.IntN(10)) / 10
		}
		for i := range neg {
			neg[i] = float64(r.IntN(8)) / 10
		}
		var wins float64
		for _, p := range pos {
			for _, n := range neg {
				switch {
				case p > n:
					wins++
				case p == n:
					wins += 0.5
				}
			}
		}
		want := wins / float64(len(pos)*len(neg))
		if got := ROCAUC(pos, neg); math.Abs(got-want) > 1e-12 {
			t.Fatalf("trial %d: ROCAUC = %v, pair count gives %v", trial, got, want)
		}
	}
}

func TestTPRAtFPR(t *testing.T) {
	neg := make([]float64, 1000)
	for i := range neg {
		neg[i] = float64(i) / 1000 // 0.000 .. 0.999
	}
	pos := []float64{0.9995, 0.995, 0.9905, 0.985, 0.5}
	tests := []struct {
		fpr, wantTPR, wantT float64
	}{
		{0.01, 3.0 / 5, 0.989},   // 10 negatives may pass: those > 0.989 (0.990..0.999)
		{0.001, 1.0 / 5, 0.998},  // 1 negative may pass: 0.999
		{0.0001, 1.0 / 5, 0.999}, // none may pass
		{1, 1, math.Inf(-1)},
	}
	for _, tt := range tests {
		tpr, thr := TPRAtFPR(pos, neg, tt.fpr)
		if math.Abs(tpr-tt.wantTPR) > 1e-12 || math.Abs(thr-tt.wantT) > 1e-12 && !math.IsInf(tt.wantT, -1) {
			t.Errorf("TPRAtFPR(%v) = %v at %v, want %v at %v", tt.fpr, tpr, thr, tt.wantTPR, tt.wantT)
		}
		// The FPR of "score > thr" never exceeds the target.
		fp := 0
		for _, n := range neg {
			if n > thr {
				fp++
			}
		}
		if float64(fp)/float64(len(neg)) > tt.fpr+1e-12 {
			t.Errorf("FPR %v exceeds %v", float64(fp)/float64(len(neg)), tt.fpr)
		}
	}
}

func TestTPRAtFPRTies(t *testing.T) {
	// Ten negatives tied at the top: allowing one false positive must not admit all ten.
	neg := make([]float64, 100)
	for i := range 10 {
		neg[i] = 0.9
	}
	tpr, thr := TPRAtFPR([]float64{0.9, 0.95}, neg, 0.01)
	if thr != 0.9 || tpr != 0.5 {
		t.Errorf("got TPR %v at %v, want 0.5 at 0.9", tpr, thr)
	}
	if tpr, _ := TPRAtFPR(nil, neg, 0.01); !math.IsNaN(tpr) {
		t.Error("no positives should give NaN")
	}
}
