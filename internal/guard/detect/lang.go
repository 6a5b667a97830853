package detect

import (
	"strings"
	"sync"
	"unicode"
)

// Language guesses the language of a text for the evaluation's per-language table: by script
// for scripts one language dominates (ja if kana appear among Han, uk if Ukrainian letters appear
// among Cyrillic, fa if Persian letters appear among Arabic), else by counting common words of
// Latin-script languages. It returns "und" when it cannot tell. It is a reporting aid only; the
// detector never uses it.
func Language(text string) string {
	var latin, han, kana, hangul, thai, arabic, persian, hebrew, deva, beng, cyr, ukr, greek int
	for _, r := range text {
		switch {
		case r < 0x80:
			if (r|0x20) >= 'a' && (r|0x20) <= 'z' {
				latin++
			}
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Thai, r):
			thai++
		case unicode.Is(unicode.Arabic, r):
			arabic++
			if strings.ContainsRune("پچژگک\u06cc", r) {
				persian++
			}
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		case unicode.Is(unicode.Devanagari, r):
			deva++
		case unicode.Is(unicode.Bengali, r):
			beng++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			if strings.ContainsRune("іїєґІЇЄҐ", r) {
				ukr++
			}
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.IsLetter(r):
			latin++
		}
	}
	type sc struct {
		n    int
		lang string
	}
	best := sc{latin, "latin"}
	for _, c := range []sc{{han + kana, "zh"}, {hangul, "ko"}, {thai, "th"}, {arabic, "ar"}, {hebrew, "he"}, {deva, "hi"}, {beng, "bn"}, {cyr, "ru"}, {greek, "el"}} {
		if c.n > best.n {
			best = c
		}
	}
	// Non-Latin scripts count from a quarter of the letters: technical prose in any language
	// is full of Latin identifiers.
	total := latin + han + kana + hangul + thai + arabic + hebrew + deva + beng + cyr + greek
	if best.lang == "latin" {
		for _, c := range []sc{{han + kana, "zh"}, {hangul, "ko"}, {thai, "th"}, {arabic, "ar"}, {hebrew, "he"}, {deva, "hi"}, {beng, "bn"}, {cyr, "ru"}, {greek, "el"}} {
			if c.n*4 >= total && c.n > 0 {
				best = c
			}
		}
	}
	switch best.lang {
	case "zh":
		if kana*10 >= han+kana && kana > 0 {
			return "ja"
		}
		return "zh"
	case "ru":
		if ukr > 0 {
			return "uk"
		}
		return "ru"
	case "ar":
		if persian > 0 {
			return "fa"
		}
		return "ar"
	case "latin":
		return latinLanguage(text)
	}
	if best.n == 0 {
		return "und"
	}
	return best.lang
}

// latinStopwords are frequent short words that mostly belong to one language.
var latinStopwords = map[string]string{
	"the": "en", "and": "en", "you": "en", "your": "en", "is": "en", "of": "en", "to": "en", "this": "en", "with": "en", "are": "en",
	"der": "de", "die": "de", "und": "de", "das": "de", "nicht": "de", "ist": "de", "ich": "de", "sie": "de", "mit": "de", "ein": "de", "eine": "de", "zu": "de", "den": "de",
	"le": "fr", "les": "fr", "et": "fr", "est": "fr", "vous": "fr", "pas": "fr", "une": "fr", "des": "fr", "du": "fr", "pour": "fr", "dans": "fr", "qui": "fr",
	"el": "es", "los": "es", "las": "es", "y": "es", "por": "es", "una": "es", "para": "es", "es": "es", "con": "es", "del": "es", "tu": "es", "lo": "es",
	"il": "it", "che": "it", "di": "it", "è": "it", "gli": "it", "per": "it", "non": "it", "sono": "it", "della": "it", "questo": "it",
	"não": "pt", "uma": "pt", "você": "pt", "os": "pt", "com": "pt", "é": "pt", "em": "pt", "do": "pt", "da": "pt", "seu": "pt", "sua": "pt",
	"het": "nl", "een": "nl", "van": "nl", "niet": "nl", "je": "nl", "op": "nl", "voor": "nl", "dat": "nl", "ook": "nl",
	"nie": "pl", "się": "pl", "jest": "pl", "że": "pl", "jak": "pl", "w": "pl", "z": "pl",
	"ve": "tr", "bir": "tr", "bu": "tr", "için": "tr", "ile": "tr", "değil": "tr", "çok": "tr",
	"và": "vi", "của": "vi", "là": "vi", "không": "vi", "có": "vi", "những": "vi", "được": "vi", "các": "vi", "bạn": "vi",
	"dan": "id", "yang": "id", "tidak": "id", "untuk": "id", "ini": "id", "dengan": "id", "akan": "id", "anda": "id",
	"ang": "tl", "ng": "tl", "mga": "tl", "sa": "tl", "ay": "tl", "ko": "tl", "mo": "tl",
	"ya": "sw", "wa": "sw", "kwa": "sw", "ni": "sw", "za": "sw", "na": "sw",
	"dhe": "sq", "të": "sq", "për": "sq", "një": "sq", "nuk": "sq", "është": "sq",
	"agus": "ga", "ar": "ga", "ní": "ga", "níl": "ga", "ag": "ga",
	"tha": "gd", "air": "gd", "gu": "gd", "chan": "gd", "agad": "gd",
	"futhi": "zu", "ukuthi": "zu", "noma": "zu", "kanye": "zu",
	"și": "ro", "este": "ro", "pentru": "ro", "că": "ro", "cu": "ro", "nu": "ro",
}

func latinLanguage(text string) string {
	votes := map[string]int{}
	n := 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if l, ok := latinStopwords[w]; ok {
			votes[l]++
			n++
		}
		if n > 400 {
			break
		}
	}
	best, bn := "und", 0
	for _, l := range []string{"en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "vi", "id", "tl", "sw", "sq", "ga", "gd", "zu", "ro"} {
		if votes[l] > bn {
			best, bn = l, votes[l]
		}
	}
	return best
}

// wordLang returns tokForeign for a folded word of a non-Latin script (folding has dropped the
// diacritics of Latin letters, so a byte above ASCII is another script's letter, or ß, ł, ı)
// or a function word of a language other than English, tokEnglish for an English function
// word, and 0 for any other word. Counted over a window or a text, these say which language it
// is written in (see foreignOffset).
func wordLang(w []byte, h uint64) uint16 {
	for _, c := range w {
		if c >= 0x80 {
			return tokForeign
		}
	}
	lw := langWords()
	switch {
	case lw.english[h]:
		return tokEnglish
	case lw.foreign[h]:
		return tokForeign
	}
	return 0
}

// langWords are the function words wordLang counts: frequent in their language and rare in
// English text, or in code. No single letters ("a", "e", "y", "i" are variables and list
// markers) and no word English shares ("die", "do", "come", "air", "ban").
func langWords() *langWordSets {
	langWordsOnce.Do(func() { langWordsVal = buildLangWords() })
	return langWordsVal
}

// langWordSets are langWords' two sets. They are built on first use by a function, not a
// sync.OnceValue variable: building them folds words with the tokenizer, which calls wordLang.
type langWordSets struct{ english, foreign map[uint64]bool }

var (
	langWordsOnce sync.Once
	langWordsVal  *langWordSets
)

func buildLangWords() *langWordSets {
	lw := new(langWordSets)
	lw.english = foldedSet(`the and you your is are of to this that with for be on not have has what can will from
		please was an in my me we our they their there here which who how when if or but as at by does did so any been
		would should could about into just also than then them these those its am were being only more some yes`)
	// Left out as words of code, units or English: mit, du, os, em, com, op, dat, jest, del, el,
	// ed, su, ini, chan, nil, non, per, ca, ve ("v3" folds to it), co, ac, cu, dhe, ben, sen.
	lw.foreign = foldedSet(`der das und nicht ist ich sie ein eine zu den dem wie auf für sich auch oder bitte werden
		wird sind ihre ihr wir
		le les et est vous pas une des pour dans qui que sur avec cette sont nous votre leur aux elle
		los las por una para con lo es esta este pero más sus tu usted
		il che di gli sono della questo nel alla delle anche
		não você da seu sua isso
		het een van niet je voor ook zijn wordt naar maar
		nie się że jak oraz dla czy
		bir bu için ile değil çok
		và của là không có những các
		dan yang tidak untuk dengan akan anda
		ang ng mga sa ay ko mo
		ya wa kwa ni za na
		të një nuk është
		agus ní ag
		tha gu agad
		futhi ukuthi noma kanye
		și este pentru nu
		yn yr mae`)
	return lw
}
