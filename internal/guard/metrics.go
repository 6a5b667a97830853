package guard

import (
	"math"
	"sort"
)

// ROCAUC returns the area under the ROC curve for scores of positive and negative examples: the
// probability that a random positive scores above a random negative, ties counting one half
// (the Mann-Whitney U statistic). It is NaN when either class is empty.
func ROCAUC(pos, neg []float64) float64 {
	if len(pos) == 0 || len(neg) == 0 {
		return math.NaN()
	}
	type item struct {
		s   float64
		pos bool
	}
	all := make([]item, 0, len(pos)+len(neg))
	for _, s := range pos {
		all = append(all, item{s, true})
	}
	for _, s := range neg {
		all = append(all, item{s, false})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].s < all[j].s })
	// Sum of the (1-based, tie-averaged) ranks of the positives.
	var rankSum float64
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].s == all[i].s {
			j++
		}
		avg := float64(i+1+j) / 2 // mean of ranks i+1 .. j
		for k := i; k < j; k++ {
			if all[k].pos {
				rankSum += avg
			}
		}
		i = j
	}
	np, nn := float64(len(pos)), float64(len(neg))
	return (rankSum - np*(np+1)/2) / (np * nn)
}

// TPRAtFPR returns the highest true-positive rate of the rule "score > threshold" whose
// false-positive rate on neg is at most maxFPR, and that threshold. Thresholds are taken strictly
// above a negative's score, so ties never push the FPR over the limit. When every negative may be
// a false positive the threshold is -Inf and the TPR 1. It returns NaN when either class is empty.
func TPRAtFPR(pos, neg []float64, maxFPR float64) (tpr, threshold float64) {
	if len(pos) == 0 || len(neg) == 0 {
		return math.NaN(), math.NaN()
	}
	allowed := int(math.Floor(maxFPR*float64(len(neg)) + 1e-9)) // false positives we may keep
	if allowed >= len(neg) {
		return 1, math.Inf(-1)
	}
	desc := append([]float64(nil), neg...)
	sort.Sort(sort.Reverse(sort.Float64Slice(desc)))
	threshold = desc[allowed] // "score > threshold" keeps at most `allowed` negatives
	n := 0
	for _, s := range pos {
		if s > threshold {
			n++
		}
	}
	return float64(n) / float64(len(pos)), threshold
}
