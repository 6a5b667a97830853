package guard

import (
	"unicode"
	"unicode/utf8"
)

// Removed counts what Filter took out of a text, by kind. A non-zero Tags or VariationSelectors
// count means the text carried characters that are invisible on screen and can encode a hidden
// payload (ASCII smuggling).
type Removed struct {
	Escapes            int // terminal escape sequences: CSI, OSC, DCS, SOS, PM, APC and other ESC sequences
	Controls           int // C0 and C1 control characters other than newline and tab
	Bidi               int // bidi embeddings, overrides, isolates and marks
	Invisible          int // zero-width and other invisible format characters
	Tags               int // Unicode tag characters outside emoji flag sequences
	VariationSelectors int // variation selectors outside a legitimate presentation or ideographic sequence
	Invalid            int // invalid UTF-8 sequences (each run replaced by one U+FFFD)
}

// Total is the number of removed items of every kind.
func (r Removed) Total() int {
	return r.Escapes + r.Controls + r.Bidi + r.Invisible + r.Tags + r.VariationSelectors + r.Invalid
}

// Filter returns s as the model should see it: terminal escape sequences (7-bit and 8-bit forms),
// C0/C1 controls except newline and tab, bidi controls, zero-width and other invisible format
// characters, Unicode tag characters and variation-selector smuggling are removed; CR LF, lone CR,
// form feed, NEL and the Unicode line separators become newline; Hangul fillers and the braille
// blank, letters drawn as blanks, become a space; a backspace erases the character
// before it (as a terminal shows overstrike); invalid UTF-8 becomes U+FFFD. Legitimate uses survive:
// emoji flag tag sequences, emoji presentation selectors and keycaps, ZWJ inside emoji sequences,
// ZWNJ/ZWJ between letters of scripts that need them (Persian, Arabic, Indic), ideographic variation
// sequences. The result is always valid UTF-8. Filter never panics and runs in linear time.
func Filter(s string) string {
	out, _ := FilterCount(s)
	return out
}

// FilterCount is Filter that also reports what it removed.
func FilterCount(s string) (string, Removed) {
	f := filterState{s: s, noTermFrom: -1}
	f.run()
	if f.out == nil {
		return s, f.rm
	}
	f.flush(len(s))
	return string(f.out), f.rm
}

type filterState struct {
	s    string
	out  []byte // nil until the first change: then out holds s[:from] as filtered
	from int    // start of the verbatim run not yet copied to out
	rm   Removed
	prev rune // last rune emitted (0 at the start)
	// noTermFrom caches that s[noTermFrom:] holds no string terminator, which keeps the scan
	// linear when many control strings are unterminated.
	noTermFrom int
}

// flush copies the pending verbatim run s[from:i] to out.
func (f *filterState) flush(i int) {
	if f.out == nil {
		f.out = make([]byte, 0, len(f.s))
	}
	f.out = append(f.out, f.s[f.from:i]...)
	f.from = i
}

// drop removes s[i:j] from the output.
func (f *filterState) drop(i, j int) {
	f.flush(i)
	f.from = j
}

// replace emits r instead of s[i:j].
func (f *filterState) replace(i, j int, r rune) {
	f.flush(i)
	f.out = utf8.AppendRune(f.out, r)
	f.from = j
	f.prev = r
}

func (f *filterState) run() {
	s := f.s
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != 0x7f || c == '\n' || c == '\t' {
				f.prev = rune(c)
				i++
				continue
			}
			i = f.control(i, rune(c), 1)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			i = f.invalid(i)
			continue
		}
		i = f.special(i, r, size)
	}
}

// invalid handles an invalid UTF-8 byte at i: an 8-bit control-string or CSI introducer starts an
// escape sequence; anything else, with the invalid bytes after it, becomes one U+FFFD.
func (f *filterState) invalid(i int) int {
	switch f.s[i] {
	case 0x9b, 0x9d, 0x90, 0x98, 0x9e, 0x9f:
		return f.escape(i, i+1, f.s[i]-0x40)
	case 0x9c: // a stray 8-bit string terminator
		f.rm.Controls++
		f.drop(i, i+1)
		return i + 1
	}
	j := i + 1
	for j < len(f.s) {
		r, size := utf8.DecodeRuneInString(f.s[j:])
		if r != utf8.RuneError || size != 1 {
			break
		}
		switch f.s[j] {
		case 0x9b, 0x9d, 0x90, 0x98, 0x9e, 0x9f, 0x9c:
			goto done
		}
		j++
	}
done:
	f.rm.Invalid++
	f.replace(i, j, utf8.RuneError)
	return j
}

// control handles a C0 control or DEL (size 1) or a C1 control rune (size 2) at i.
func (f *filterState) control(i int, c rune, size int) int {
	s := f.s
	switch c {
	case 0x1b:
		if i+1 >= len(s) {
			f.rm.Escapes++
			f.drop(i, i+1)
			return i + 1
		}
		return f.escape(i, i+2, s[i+1])
	case 0x9b, 0x9d, 0x90, 0x98, 0x9e, 0x9f: // 8-bit introducers encoded as UTF-8
		return f.escape(i, i+size, byte(c-0x40))
	case '\r':
		if i+1 < len(s) && s[i+1] == '\n' {
			f.drop(i, i+1) // CR LF -> LF: the LF is kept by the main loop
			return i + 1
		}
		f.replace(i, i+1, '\n')
		return i + 1
	case '\f', '\v', 0x85:
		f.replace(i, i+size, '\n')
		return i + size
	case '\b':
		f.rm.Controls++
		f.flush(i)
		f.from = i + 1
		if r, n := utf8.DecodeLastRune(f.out); n > 0 && r != '\n' {
			f.out = f.out[:len(f.out)-n]
		}
		f.prev, _ = utf8.DecodeLastRune(f.out)
		return i + 1
	}
	f.rm.Controls++
	f.drop(i, i+size)
	return i + size
}

// escape removes the escape sequence that starts at i; body is the index after the introducer and
// kind the 7-bit introducer's second byte ('[' CSI, ']' OSC, 'P' DCS, 'X' SOS, '^' PM, '_' APC, or
// any other byte for a short ESC sequence).
func (f *filterState) escape(i, body int, kind byte) int {
	s := f.s
	f.rm.Escapes++
	switch kind {
	case '[':
		j := body
		for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f { // parameter bytes
			j++
		}
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f { // intermediate bytes
			j++
		}
		if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e { // final byte
			j++
		}
		f.drop(i, j)
		return j
	case ']', 'P', 'X', '^', '_':
		end, ok := f.stringEnd(body)
		if !ok { // unterminated: drop only the introducer, the rest stays visible as data
			f.drop(i, body)
			return body
		}
		f.drop(i, end)
		return end
	}
	// ESC with intermediates 0x20-0x2F and a final 0x30-0x7E (nF, Fp, Fe, Fs sequences).
	j := i + 1
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
		j++
	}
	f.drop(i, j)
	return j
}

// stringEnd finds the end of a control string whose body starts at j: after ST (ESC \, 0x9C or
// U+009C) or BEL; before any other ESC, CAN or SUB, which abort the string as in a terminal.
func (f *filterState) stringEnd(j int) (int, bool) {
	s := f.s
	if f.noTermFrom >= 0 && j >= f.noTermFrom {
		return 0, false
	}
	for k := j; k < len(s); {
		c := s[k]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[k:])
			if r == 0x9c || r == utf8.RuneError && size == 1 && c == 0x9c {
				return k + size, true
			}
			k += size
			continue
		}
		switch c {
		case 0x07, 0x18, 0x1a:
			return k + 1, true
		case 0x1b:
			if k+1 < len(s) && s[k+1] == '\\' {
				return k + 2, true
			}
			return k, true
		}
		k++
	}
	f.noTermFrom = j
	return 0, false
}

// special handles a valid non-ASCII rune r of size bytes at i.
func (f *filterState) special(i int, r rune, size int) int {
	switch {
	case r < 0xa0:
		return f.control(i, r, size)
	case r == 0x3164, r == 0xffa0:
		// Hangul fillers are letters drawn as a blank: between words they stand for a space
		// ("Ignore\u3164all\u3164previous"), and dropping them would glue the words.
		f.rm.Invisible++
		f.replace(i, i+size, ' ')
		return i + size
	case r == 0x2800:
		// The braille blank is a visible space that no tokenizer takes for one.
		f.replace(i, i+size, ' ')
		return i + size
	case r == 0xad, r == 0x34f, r == 0x115f, r == 0x1160, r == 0x17b4, r == 0x17b5, r == 0x180e,
		r == 0x200b, r >= 0x2060 && r <= 0x2064, r >= 0x206a && r <= 0x206f,
		r == 0xfeff, r >= 0xfff9 && r <= 0xfffb, r >= 0x1d173 && r <= 0x1d17a,
		r&0xfffe == 0xfffe, r >= 0xfdd0 && r <= 0xfdef:
		f.rm.Invisible++
		f.drop(i, i+size)
		return i + size
	case r == 0x200e, r == 0x200f, r == 0x61c, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		f.rm.Bidi++
		f.drop(i, i+size)
		return i + size
	case r == 0x2028, r == 0x2029:
		f.replace(i, i+size, '\n')
		return i + size
	case r == 0x200c, r == 0x200d:
		next, n := utf8.DecodeRuneInString(f.s[i+size:])
		if n == 0 || next == utf8.RuneError {
			next = 0
		}
		if joinerAllowed(r, f.prev, next) {
			f.prev = r
			return i + size
		}
		f.rm.Invisible++
		f.drop(i, i+size)
		return i + size
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef:
		if variationAllowed(f.prev, r) {
			f.prev = r
			return i + size
		}
		f.rm.VariationSelectors++
		f.drop(i, i+size)
		return i + size
	case r >= 0xe0000 && r <= 0xe007f:
		return f.tags(i)
	}
	f.prev = r
	return i + size
}

// tags handles a run of tag characters starting at i: kept whole when it is the tag_spec of an
// emoji flag sequence after U+1F3F4 (e.g. England, Scotland, Wales), removed otherwise.
func (f *filterState) tags(i int) int {
	s := f.s
	j, n := i, 0
	valid := f.prev == 0x1f3f4
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r < 0xe0000 || r > 0xe007f {
			break
		}
		switch {
		case r == 0xe007f:
			// tag_spec of a subdivision flag: ISO 3166 region (2 letters) and subdivision (1-3).
			valid = valid && n >= 3 && n <= 5 && tagLetter(s[i:]) && tagLetter(s[i+4:])
			j += size
			n = -1 // cancel tag ends the sequence
		case r >= 0xe0030 && r <= 0xe0039, r >= 0xe0061 && r <= 0xe007a:
			n++
			j += size
			continue
		default:
			valid = false
			n++
			j += size
			continue
		}
		break
	}
	if n != -1 {
		valid = false
	}
	if valid {
		f.prev = 0xe007f
		return j
	}
	f.rm.Tags += utf8.RuneCountInString(s[i:j])
	f.drop(i, j)
	return j
}

// joinerAllowed reports whether ZWNJ/ZWJ r between prev and next is a legitimate use: ZWJ between
// emoji, or either joiner between letters of a script that uses them to control joining/conjuncts.
func joinerAllowed(r, prev, next rune) bool {
	if r == 0x200d && emojiLike(prev) && emojiLike(next) {
		return true
	}
	return joiningScript(prev) && joiningScript(next)
}

var joiningScripts = []*unicode.RangeTable{
	unicode.Arabic, unicode.Syriac, unicode.Nko, unicode.Mongolian, unicode.Thaana, unicode.Devanagari,
	unicode.Bengali, unicode.Gurmukhi, unicode.Gujarati, unicode.Oriya, unicode.Tamil, unicode.Telugu,
	unicode.Kannada, unicode.Malayalam, unicode.Sinhala, unicode.Khmer, unicode.Myanmar, unicode.Tibetan,
	unicode.Mandaic,
}

func joiningScript(r rune) bool {
	if r < 0x590 || !(unicode.IsLetter(r) || unicode.IsMark(r)) {
		return false
	}
	return unicode.IsOneOf(joiningScripts, r)
}

// emojiLike reports runes that take part in emoji sequences: pictographs, symbols, skin tones,
// the emoji presentation selector and keycap bases.
func emojiLike(r rune) bool {
	switch {
	case r >= 0x1f000 && r <= 0x1faff, r >= 0x2190 && r <= 0x2bff, r == 0xfe0f, r == 0x20e3,
		r == 0xa9, r == 0xae, r == 0x203c, r == 0x2049, r == 0x2122, r == 0x2139,
		r == 0x3030, r == 0x303d, r == 0x3297, r == 0x3299:
		return true
	}
	return r > 0x7f && r != utf8.RuneError && unicode.IsSymbol(r)
}

// variationAllowed reports whether the variation selector vs may follow prev: one selector per
// base (a run of selectors is smuggling), FE0E/FE0F after an emoji-capable base or keycap base,
// FE00-FE0D after ideographs, math symbols and Mongolian/Myanmar letters (standardized variants),
// and the supplementary selectors only after ideographs (ideographic variation sequences).
func variationAllowed(prev, vs rune) bool {
	if prev == 0 || prev >= 0xfe00 && prev <= 0xfe0f || prev >= 0xe0100 && prev <= 0xe01ef {
		return false
	}
	switch {
	case vs == 0xfe0e || vs == 0xfe0f:
		return emojiLike(prev) || prev >= '0' && prev <= '9' || prev == '#' || prev == '*'
	case vs <= 0xfe0d:
		return unicode.Is(unicode.Han, prev) || unicode.Is(unicode.Mongolian, prev) ||
			unicode.Is(unicode.Myanmar, prev) || unicode.Is(unicode.Sm, prev) || prev == '0'
	default:
		return unicode.Is(unicode.Han, prev)
	}
}

// tagLetter reports whether s starts with a tag character for a lowercase letter (U+E0061-E007A).
func tagLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 0xe0061 && r <= 0xe007a
}
