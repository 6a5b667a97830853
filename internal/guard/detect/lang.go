package detect

import (
	"strings"
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
