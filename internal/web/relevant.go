package web

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// stopwords are question words that say nothing about which part of a page matters.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or but if of to in on at by for with from into onto about as is are was were be been
		being do does did done have has had having what which who whom whose when where why how this that these those there here
		it its it's i me my we our you your he she they them their his her can could should would will shall may might must
		not no yes so than then too very just also any all some each more most other such only own same both few
		tell explain give show find list describe page website site please`) {
		stopwords[w] = true
	}
}

// terms splits s into lower-case, lightly stemmed words without stopwords.
func terms(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		w = strings.ToLower(w)
		if stopwords[w] || (utf8.RuneCountInString(w) < 2 && !isDigits(w)) {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// stem strips a few English suffixes so that "tomatoes" meets "tomato" and "watering" "water".
func stem(w string) string { return string(stemBytes([]byte(w))) }

// stemBytes is stem on a buffer it may modify.
func stemBytes(w []byte) []byte {
	for _, suf := range [...]string{"ing", "ies", "es", "ed", "ly", "s"} {
		if len(w) > len(suf)+3 && string(w[len(w)-len(suf):]) == suf {
			if suf == "ies" {
				w = w[:len(w)-2]
				w[len(w)-1] = 'y'
				return w
			}
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// termSet is the question's terms, by id, with a cheap filter on (first byte, length) that
// spares most words the map lookup.
type termSet struct {
	ids      map[string]int
	firstLen [256]uint64 // bit l set: some term starts with this byte and is l bytes long (63: longer)
}

func newTermSet(terms map[string]bool) *termSet {
	ts := &termSet{ids: map[string]int{}}
	for t := range terms {
		ts.ids[t] = len(ts.ids)
		ts.firstLen[t[0]] |= 1 << min(len(t), 63)
	}
	return ts
}

// eachTerm calls fn with the id of every question term among the words of s, without allocating
// per word: words are lower-cased and stemmed into buf, then looked up.
func eachTerm(s string, ts *termSet, buf []byte, fn func(id int)) []byte {
	flush := func() {
		if len(buf) > 0 {
			w := stemBytes(buf)
			if ts.firstLen[w[0]]&(1<<min(len(w), 63)) != 0 {
				if id, ok := ts.ids[string(w)]; ok {
					fn(id)
				}
			}
			buf = buf[:0]
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				buf = append(buf, c)
			case c >= 'A' && c <= 'Z':
				buf = append(buf, c+'a'-'A')
			default:
				flush()
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		} else {
			flush()
		}
		i += n
	}
	flush()
	return buf
}

// relevantParts keeps the blocks of text (separated by blank lines) that share the most words
// with question, weighted by how rare each word is on the page, up to budget characters, in page
// order, with the heading above each kept block. The note says what was done.
func relevantParts(text, question string, budget int) (string, string) {
	blocks := splitBlocks(text, maxBlock)
	qterms := map[string]bool{}
	for _, t := range terms(question) {
		qterms[t] = true
	}
	total := utf8.RuneCountInString(text)
	if len(qterms) == 0 {
		if total <= budget {
			return text, ""
		}
		return cutRunes(text, budget), fmt.Sprintf("the question has no distinctive words; showing the first %d of %d characters", budget, total)
	}
	ts := newTermSet(qterms)
	// Term frequencies per block, and in how many blocks each question term occurs.
	nt := len(ts.ids)
	tf := make([]int32, len(blocks)*nt)
	df := make([]int, nt)
	var buf []byte
	for i, b := range blocks {
		row := tf[i*nt : (i+1)*nt]
		buf = eachTerm(b, ts, buf, func(id int) {
			if row[id] == 0 {
				df[id]++
			}
			row[id]++
		})
	}
	type scored struct {
		i     int
		score float64
	}
	var cand []scored
	n := float64(len(blocks))
	for i := range blocks {
		row := tf[i*nt : (i+1)*nt]
		s, distinct := 0.0, 0
		for id, c := range row {
			if c > 0 {
				s += math.Log(1+n/float64(df[id])) * (1 + math.Log(float64(c)))
				distinct++
			}
		}
		if s > 0 {
			// Prefer blocks that cover several question words over long blocks that repeat one.
			cand = append(cand, scored{i, s * float64(distinct)})
		}
	}
	if len(cand) == 0 {
		out := text
		if total > budget {
			out = cutRunes(text, budget)
		}
		return out, fmt.Sprintf("no part of the page mentions the question's words; showing the first %d of %d characters", utf8.RuneCountInString(out), total)
	}
	sort.SliceStable(cand, func(a, b int) bool { return cand[a].score > cand[b].score })
	keep := map[int]string{}
	used := 0
	add := func(i int, s string) bool {
		if _, ok := keep[i]; ok {
			return true
		}
		n := utf8.RuneCountInString(s) + 2
		if used+n > budget {
			return false
		}
		keep[i] = s
		used += n
		return true
	}
	for _, c := range cand {
		b := blocks[c.i]
		if !add(c.i, b) {
			if len(keep) == 0 {
				// The best block alone is over budget: keep its start.
				add(c.i, cutRunes(b, budget-2))
			}
			continue
		}
		if h := headingAbove(blocks, c.i); h >= 0 {
			add(h, blocks[h])
		}
	}
	idx := make([]int, 0, len(keep))
	for i := range keep {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	var b strings.Builder
	prev := -1
	for _, i := range idx {
		if prev >= 0 {
			if i == prev+1 {
				b.WriteString("\n\n")
			} else {
				b.WriteString("\n\n[…]\n\n")
			}
		} else if i > 0 {
			b.WriteString("[…]\n\n")
		}
		b.WriteString(keep[i])
		prev = i
	}
	if prev < len(blocks)-1 {
		b.WriteString("\n\n[…]")
	}
	return b.String(), fmt.Sprintf("showing the %d of %d parts of the page (%d of %d characters) most relevant to the question; […] marks omissions",
		len(idx), len(blocks), used, total)
}

// maxBlock is the size (in bytes) above which a block is split further, so that the relevant
// sentences of a page without paragraph breaks (plain text, one huge <div>) can be picked out.
const maxBlock = 1500

// splitBlocks splits text at blank lines, and blocks longer than max at line breaks, then at
// sentence ends, into pieces of about max bytes.
func splitBlocks(text string, max int) []string {
	var out []string
	for _, b := range strings.Split(text, "\n\n") {
		if len(b) <= max {
			out = append(out, b)
			continue
		}
		for len(b) > max {
			cut := strings.LastIndexByte(b[:max], '\n')
			if cut < max/3 {
				cut = lastSentenceEnd(b[:max])
			}
			if cut < max/3 {
				cut = strings.LastIndexByte(b[:max], ' ')
			}
			if cut < max/3 {
				cut = max
				for cut > 0 && !isRuneStart(b[cut]) {
					cut--
				}
			}
			out = append(out, strings.TrimSpace(b[:cut]))
			b = strings.TrimLeft(b[cut:], " \n")
		}
		if b != "" {
			out = append(out, b)
		}
	}
	return out
}

// lastSentenceEnd returns the position just after the last ". ", "! " or "? " in s, or -1.
func lastSentenceEnd(s string) int {
	for i := len(s) - 2; i > 0; i-- {
		if s[i+1] == ' ' && (s[i] == '.' || s[i] == '!' || s[i] == '?') {
			return i + 1
		}
	}
	return -1
}

// headingAbove returns the index of the nearest Markdown heading block before block i, or -1.
func headingAbove(blocks []string, i int) int {
	for j := i - 1; j >= 0 && i-j <= 20; j-- {
		if strings.HasPrefix(blocks[j], "#") {
			return j
		}
	}
	return -1
}
