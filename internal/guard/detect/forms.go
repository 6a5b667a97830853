package detect

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Form kinds: how a screened text was derived from the input. Every kind but formPlain also
// sets a rule feature, so the verdict can say where the text was hiding.
const (
	formPlain   = iota // the cleaned text, as the model sees it
	formHidden         // decoded from invisible characters (tag characters, variation selectors)
	formDecoded        // decoded from an encoding (base64, hex, percent, rot13, reversed, spaced letters)
	formHTML           // only the hidden parts of markup: comments, readable attributes, hidden elements
)

type form struct {
	text string
	kind int
	name string
}

// maxDecoded bounds the total size of decoded forms relative to the input: decoding never
// costs more than a few passes over the input.
const maxDecodedFactor = 2

// extraForms appends the forms derived from raw and cleaned, other than cleaned itself. st is
// what tokenizing cleaned revealed (it gates the costlier decoders).
func extraForms(raw, cleaned string, st textStats, out []form) []form {
	budget := maxDecodedFactor*(len(raw)+len(cleaned)) + 64
	add := func(f form) {
		if len(f.text) == 0 || len(f.text) > budget {
			return
		}
		budget -= len(f.text)
		out = append(out, f)
	}
	sources := []string{cleaned}
	// Invisible payloads are decoded from raw even when the caller's filter left them in.
	if p := decodeTagChars(raw); p != "" {
		add(form{text: p, kind: formHidden, name: "Unicode tag characters"})
	}
	if p := decodeVariationSelectors(raw); p != "" {
		add(form{text: p, kind: formHidden, name: "variation selectors"})
	}
	if d := widthFolded(cleaned); d != "" {
		// The same text in ASCII: the tokenizer reads full-width letters as letters, but a
		// full-width quote, colon or brace does not open a JSON value of its own.
		add(form{text: d, kind: formPlain, name: "full-width text"})
	}
	if strings.ContainsRune(raw, rlo) {
		// Text after a right-to-left override is shown backwards: stored reversed, it reads
		// plainly on screen, in any script, while the plain form holds it backwards.
		if p := overriddenRuns(raw); p != "" {
			add(form{text: p, kind: formDecoded, name: "right-to-left override"})
		}
	}
	if looksLikeMarkup(raw) {
		// What a browser hides is screened on its own, so a payload is not diluted by the page
		// around it: the model sees the visible text (cleaned), or, when it is given the markup
		// itself (cleaned is raw), the hidden parts among the rest. Only the parts that read as
		// prose: a hidden label ("Reveal API key", "Export all conversations") is not an order.
		// Encoded payloads are looked for in all of them; the markup the model is given is a
		// source already.
		if h := hiddenMarkup(raw); h != "" {
			if p := proseParts(h); p != "" {
				add(form{text: p, kind: formHTML, name: "hidden HTML/markup parts"})
			}
			if raw != cleaned {
				sources = append(sources, h)
			}
		}
	}
	if strings.Contains(raw, "]:") {
		// Markdown comments are invisible once rendered, and as invisible in the raw text as
		// the rest of their line is to a skimming reader: scored on their own, like HTML ones.
		if h := markdownComments(raw); h != "" {
			add(form{text: h, kind: formHTML, name: "hidden Markdown comments"})
			sources = append(sources, h)
		}
	}
	for _, s := range sources {
		b64, hx := decodeBlocks(s)
		if b64 != "" {
			add(form{text: b64, kind: formDecoded, name: "base64"})
		}
		if hx != "" {
			add(form{text: hx, kind: formDecoded, name: "hex"})
		}
		if strings.Count(s, "&#")+strings.Count(s, `\u`) >= 4 {
			if d := decodedLines(s, decodeEscapes); d != "" {
				add(form{text: d, kind: formDecoded, name: "character escapes"})
			}
		}
		if d := decodeBinary(s); d != "" {
			add(form{text: d, kind: formDecoded, name: "binary"})
		}
		if strings.Count(s, "%") >= 3 {
			if d := decodedLines(s, percentDecode); d != "" {
				add(form{text: d, kind: formDecoded, name: "percent-encoding"})
			}
		}
	}
	// No ratio to the plain function words, unlike reversal below: a line of rot13 planted in a
	// long document is decoded however many plain lines surround it (rot13Lines keeps only the
	// lines that read better decoded).
	switch {
	case namesROT13(cleaned):
		// The text names the cipher ("the next paragraph is ROT13, decode it"): read all of it
		// decoded, as the model would, whatever its language (the function words below are
		// those of a few languages only).
		add(form{text: rot13(cleaned), kind: formDecoded, name: "rot13"})
	case st.rot13 >= 2 || st.rot13 == 1 && st.plain == 0:
		if d := rot13Lines(cleaned); d != "" {
			add(form{text: d, kind: formDecoded, name: "rot13"})
		}
	}
	if (st.reversed >= 2 || st.reversed == 1 && st.plain == 0) && st.reversed > st.plain/4 {
		if d := reverseLines(cleaned); d != "" {
			add(form{text: d, kind: formDecoded, name: "reversed text"})
		}
	}
	if d := unleetLines(cleaned); d != "" {
		add(form{text: d, kind: formDecoded, name: "leetspeak symbols"})
	}
	if d := unleetDrawnLines(cleaned); d != "" {
		add(form{text: d, kind: formDecoded, name: "leetspeak symbols"})
	}
	if st.spacedRun >= 8 {
		if d := decodedLines(cleaned, unspace); d != "" {
			add(form{text: d, kind: formDecoded, name: "letter-spaced text"})
		}
		if d := joinSpacedLetters(cleaned); d != "" {
			add(form{text: d, kind: formDecoded, name: "letter-spaced text"})
		}
	}
	return out
}

// decodeTagChars returns the ASCII spelled by Unicode tag characters (U+E0020–U+E007E) in s,
// except those of emoji subdivision flags (a black flag followed by a short tag sequence and
// CANCEL TAG), or "" if there are fewer than 4.
func decodeTagChars(s string) string {
	first := strings.Index(s, "\U000E0000"[:2]) // every tag character starts with F3 A0
	if first < 0 {
		return ""
	}
	// Start at the rune before the first tag character (a flag's black flag, if any).
	from := first
	if from > 0 {
		_, n := utf8.DecodeLastRuneInString(s[:from])
		from -= n
	}
	s = s[from:]
	var b strings.Builder
	prevFlag := false
	var run []byte
	flush := func(cancelled bool) {
		if !(prevFlag && cancelled && len(run) <= 7) {
			b.Write(run)
			if len(run) > 0 {
				b.WriteByte(' ')
			}
		}
		run = run[:0]
	}
	for _, r := range s {
		switch {
		case r >= 0xE0020 && r <= 0xE007E:
			run = append(run, byte(r-0xE0000))
			continue
		case r == 0xE007F:
			flush(true)
		default:
			flush(false)
		}
		prevFlag = r == 0x1F3F4
	}
	flush(false)
	out := strings.TrimSpace(b.String())
	if len(out) < 4 {
		return ""
	}
	return out
}

// decodeVariationSelectors decodes "emoji smuggling": bytes hidden as runs of variation
// selectors (U+FE00–FE0F = 0–15, U+E0100–E01EF = 16–255) after a base character. Runs shorter
// than 4 (normal emoji and ideographic variation sequences) are ignored.
func decodeVariationSelectors(s string) string {
	var out []byte
	var run []byte
	flush := func() {
		if len(run) >= 4 {
			out = append(out, run...)
			out = append(out, ' ')
		}
		run = run[:0]
	}
	// Selectors are 3-byte EF B8 8x or 4-byte F3 A0 84–87 xx. The scan jumps from one such lead
	// byte to the next (byteScan), and any byte between two ends a run.
	leads := newByteScan(s, "\xef\xf3")
	for i := 0; ; {
		j := leads.from(i)
		if j < 0 {
			break
		}
		if j > i && len(run) > 0 {
			flush()
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		switch {
		case r >= 0xFE00 && r <= 0xFE0F:
			run = append(run, byte(r-0xFE00))
		case r >= 0xE0100 && r <= 0xE01EF:
			run = append(run, byte(r-0xE0100+16))
		default:
			flush()
		}
		i = j + n
	}
	flush()
	if len(out) == 0 || !mostlyText(out) {
		return ""
	}
	return strings.ToValidUTF8(string(out), " ")
}

// indexByteFrom is the index of the first c in s at or after i, or -1.
func indexByteFrom(s string, i int, c byte) int {
	if k := strings.IndexByte(s[i:], c); k >= 0 {
		return i + k
	}
	return -1
}

// breaksLine reports whether the tag (lower case, from '<' up to but not including '>') opens or
// closes an element whose start or end ends a line of text: blocks, list and table items, links,
// buttons and options. The items of a (hidden) navigation menu are then lines of their own
// ("Delete your account", "Export your data"), and no rule reads one phrase across two of them;
// inline elements (span, b, em, ...) do not break a line, so splitting an instruction over them
// does not split it for the rules either.
func breaksLine(tag string) bool {
	name := strings.TrimPrefix(tag[1:], "/")
	if k := strings.IndexAny(name, " \t\r\n/"); k >= 0 {
		name = name[:k]
	}
	switch name {
	case "a", "address", "article", "aside", "blockquote", "br", "button", "dd", "details", "div", "dl", "dt",
		"fieldset", "figcaption", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label",
		"legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary", "table", "td",
		"th", "tr", "ul":
		return true
	}
	return false
}

// stripMarkup is a crude, deliberately over-inclusive HTML-to-text pass for screening: tags are
// removed, but the text of hidden elements, comments, scripts and styles stays, and so do the
// values of attributes people read or models are shown (alt, title, aria-label, placeholder,
// content, value, data-*).
func stripMarkup(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				b.WriteString(s[i:])
				break
			}
			b.WriteString(s[i : i+j])
			i += j
			continue
		}
		if strings.HasPrefix(s[i:], "<!--") {
			b.WriteByte(' ')
			i += 4
			end := strings.Index(s[i:], "-->")
			if end < 0 {
				b.WriteString(s[i:])
				break
			}
			b.WriteString(s[i : i+end])
			b.WriteByte(' ')
			i += end + 3
			continue
		}
		if i+1 < len(s) && (isASCIILetter(s[i+1]) || s[i+1] == '/' || s[i+1] == '!' || s[i+1] == '?') {
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				b.WriteString(s[i:])
				break
			}
			tag := asciiLower(s[i : i+end])
			writeAttrValues(&b, s[i:i+end], tag)
			if breaksLine(tag) {
				// One line break however many tags end and start there: element boundaries
				// end lines, they do not make the blank lines that set paragraphs apart.
				if t := strings.TrimRight(b.String(), " "); len(t) > 0 && t[len(t)-1] != '\n' {
					b.WriteByte('\n')
				} else {
					b.WriteByte(' ')
				}
			} else {
				b.WriteByte(' ')
			}
			i += end + 1
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// looksLikeMarkup reports whether s has HTML or XML markup (closing tags, comments, self-closing
// or void tags), not merely angle brackets (<dev@example.org>, a < b).
func looksLikeMarkup(s string) bool {
	if strings.IndexByte(s, '<') < 0 {
		return false
	}
	if strings.Contains(s, "</") || strings.Contains(s, "<!--") || strings.Contains(s, "/>") {
		return true
	}
	for i := 0; ; {
		k := strings.IndexByte(s[i:], '<')
		if k < 0 {
			return false
		}
		i += k + 1
		end := min(len(s), i+6)
		head := asciiLower(s[i:end])
		for _, t := range [...]string{"img", "br", "meta", "input", "hr", "link"} {
			if strings.HasPrefix(head, t) && (len(head) == len(t) || !isASCIILetter(head[len(t)])) {
				return true
			}
		}
	}
}

// markdownComments returns the text of the Markdown comments in s, one per line: link
// reference definitions that point nowhere and only carry a title, the usual way to write a
// comment that no renderer shows ("[//]: # (text)", "[comment]: <> (text)", `[//]: # "text"`).
func markdownComments(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		line := s
		if k := strings.IndexByte(s, '\n'); k >= 0 {
			line, s = s[:k], s[k+1:]
		} else {
			s = ""
		}
		t := strings.TrimLeft(line, " \t")
		if len(line)-len(t) > 3 || !strings.HasPrefix(t, "[") {
			continue
		}
		k := strings.Index(t, "]:")
		if k < 0 || strings.IndexByte(t[1:k], ']') >= 0 {
			continue
		}
		t = strings.TrimLeft(t[k+2:], " \t")
		switch {
		case strings.HasPrefix(t, "#"):
			t = t[1:]
		case strings.HasPrefix(t, "<>"):
			t = t[2:]
		default:
			continue
		}
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		var closer byte
		switch t[0] {
		case '(':
			closer = ')'
		case '"', '\'':
			closer = t[0]
		default:
			continue
		}
		t = t[1:]
		if n := len(t); n > 0 && t[n-1] == closer {
			t = t[:n-1]
		}
		if t = strings.TrimSpace(t); t != "" {
			b.WriteString(t)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// hidingElements are the elements whose content is not shown, and hiddenMarkers the other
// signs in an opening tag that its content is not shown: each holds "hidden" or a CSS colon.
var (
	hidingElements = []string{"<template", "<details", "<noscript"}
	hiddenMarkers  = []string{"display:none", "display: none", "visibility:hidden", "visibility: hidden", "font-size:0",
		"font-size: 0", "opacity:0", "opacity: 0", " hidden", "aria-hidden", "color:#fff", "color: #fff", "color:white",
		"color: white", "left:-", "left: -", "height:0", "height: 0"}
)

// hidesContent reports whether the opening tag lower (lower case) hides its content: a hiding
// element, or a marker of hiddenMarkers in it. A tag with neither a colon nor "hidden" in it,
// most tags, can hold none of the markers and is spared the scans for them.
func hidesContent(lower string) bool {
	for _, m := range hidingElements {
		if strings.Contains(lower, m) {
			return true
		}
	}
	if strings.IndexByte(lower, ':') < 0 && !strings.Contains(lower, "hidden") {
		return false
	}
	for _, m := range hiddenMarkers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// hiddenMarkup returns only what a reader of the rendered page would not see: comments, the
// readable attribute values, and the text of elements whose opening tag hides them (up to the
// matching closing tag). Scripts and styles are left out: the model never sees them.
func hiddenMarkup(s string) string {
	var b strings.Builder
	l := asciiLower(s) // same byte offsets as s
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				b.WriteString(s[i+4:])
				break
			}
			b.WriteString(s[i+4 : i+4+end])
			b.WriteByte('\n')
			i += 4 + end + 3
			continue
		}
		if i+1 >= len(s) || !isASCIILetter(s[i+1]) {
			i++
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			break
		}
		tag, lower := s[i:i+end+1], l[i:i+end+1]
		var attrs strings.Builder
		writeAttrValues(&attrs, tag, lower)
		if a := strings.TrimSpace(attrs.String()); a != "" {
			b.WriteString(a)
			b.WriteByte('\n')
		}
		i += end + 1
		if !hidesContent(lower) {
			continue
		}
		name := tag[1:]
		if k := strings.IndexAny(name, " \t\n/>"); k >= 0 {
			name = name[:k]
		}
		closeAt := matchingClose(l[i:], asciiLower(name))
		b.WriteString(strings.TrimSpace(stripMarkup(s[i : i+closeAt])))
		b.WriteByte('\n')
		i += closeAt
	}
	return strings.TrimSpace(b.String())
}

// minProseWords is how many words make a part of hidden markup prose rather than a label, a
// link or a menu item ("Reveal API key", "Forgot your password?"). Six dropped short hidden
// payloads too ("Ignore all previous instructions"): of the held-out attacks hidden in a page,
// 0.564 were flagged against 0.583 with four.
const minProseWords = 4

// proseParts keeps the lines of hidden markup, and the items of lines that a bar, a middle dot
// or a bullet splits, that hold at least minProseWords words or a dozen letters of a script
// written without spaces; it drops labels, link texts and menu items.
func proseParts(h string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(h, "\n") {
		for item := range strings.FieldsFuncSeq(line, func(r rune) bool { return r == '|' || r == '·' || r == '•' }) {
			item = strings.TrimSpace(item)
			n := wordCount(item)
			if n >= minProseWords || n > 0 && strings.IndexFunc(item, isCJK) >= 0 && utf8.RuneCountInString(item) >= 12 {
				b.WriteString(item)
				b.WriteByte('\n')
			}
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// wordCount counts the space-separated words of s that hold a letter.
func wordCount(s string) int {
	n := 0
	for w := range strings.FieldsSeq(s) {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			n++
		}
	}
	return n
}

// matchingClose returns the offset in l (lower-case markup) of the closing tag that matches an
// element named name opened just before l (nested elements of the same name counted), or len(l).
func matchingClose(l, name string) int {
	if name == "" {
		return len(l)
	}
	depth := 1
	for i := 0; i < len(l); {
		k := strings.IndexByte(l[i:], '<')
		if k < 0 {
			break
		}
		i += k
		rest := l[i+1:]
		closing := strings.HasPrefix(rest, "/")
		if closing {
			rest = rest[1:]
		}
		if strings.HasPrefix(rest, name) && len(rest) > len(name) && !isASCIILetter(rest[len(name)]) && (rest[len(name)] < '0' || rest[len(name)] > '9') {
			if closing {
				depth--
				if depth == 0 {
					return i
				}
			} else {
				depth++
			}
		}
		i++
	}
	return len(l)
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// writeAttrValues writes the quoted values of readable attributes of one tag.
func writeAttrValues(b *strings.Builder, tag, lower string) {
	if strings.IndexByte(tag, '=') < 0 {
		return
	}
	for _, name := range [...]string{"alt=", "title=", "aria-label=", "placeholder=", "content=", "value=", "data-"} {
		from := 0
		for {
			k := strings.Index(lower[from:], name)
			if k < 0 {
				break
			}
			k += from
			j := k + len(name)
			if name == "data-" {
				eq := strings.IndexByte(tag[j:], '=')
				if eq < 0 {
					break
				}
				j += eq + 1
			}
			from = j
			if j >= len(tag) || (tag[j] != '"' && tag[j] != '\'') {
				continue
			}
			q := tag[j]
			end := strings.IndexByte(tag[j+1:], q)
			if end < 0 {
				break
			}
			b.WriteByte(' ')
			b.WriteString(tag[j+1 : j+1+end])
			b.WriteByte(' ')
			from = j + 1 + end
		}
	}
}

// mostlyText reports whether b is UTF-8 text: at least 85% of its runes printable or whitespace,
// and some letters.
func mostlyText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	good, total, letters := 0, 0, 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		total++
		switch {
		case r == utf8.RuneError && n <= 1:
		case r == '\n' || r == '\t' || r == '\r':
			good++
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		default:
			good++
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0x80 {
				letters++
			}
		}
	}
	return good*100 >= total*85 && letters*3 >= total
}

var b64Class = func() (t [256]uint8) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = 1
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = 1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	t['+'], t['/'], t['-'], t['_'] = 1, 1, 1, 1
	t['='] = 2
	return t
}()

// decodeBlocks finds encoded blocks in one pass: runs of at least 20 base64 characters are
// decoded as base64, runs of at least 16 hex digits as hex; only when the text has \x escapes or
// long runs of spaced hex pairs does the slower separator-aware hex scan run.
func decodeBlocks(s string) (b64, hx string) {
	var outB, outH []byte
	pairs, slowHex := 0, strings.Contains(s, `\x`)
	for i := 0; i < len(s); {
		if b64Class[s[i]] != 1 {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && b64Class[s[j]] == 1 {
			j++
		}
		run := s[i:j]
		if n := j - i; n >= 20 && n%4 == 0 && j+1 < len(s) && s[j] == '\n' && b64Class[s[j+1]] == 1 {
			run, j = wrappedBlock(s, i, j)
		}
		switch n := len(run); {
		case n == 2 && hexClass[run[0]] && hexClass[run[1]]:
			if j < len(s) && (s[j] == ' ' || s[j] == ':') {
				pairs++
				if pairs >= 8 {
					slowHex = true
				}
			} else {
				pairs = 0
			}
		case n >= 16 && allHex(run):
			pairs = 0
			if d, err := hex.DecodeString(run[:n&^1]); err == nil && mostlyText(d) {
				outH = append(append(outH, d...), '\n')
			}
		case n >= 20:
			pairs = 0
			if d := decodeBase64(run); d != nil && mostlyText(d) {
				outB = append(append(outB, d...), '\n')
			}
		default:
			pairs = 0
		}
		for j < len(s) && s[j] == '=' {
			j++
		}
		i = j
	}
	if slowHex {
		hx = decodeHexBlocks(s)
	} else if len(outH) > 0 {
		hx = strings.ToValidUTF8(string(outH), " ")
	}
	if len(outB) > 0 {
		b64 = strings.ToValidUTF8(string(outB), " ")
	}
	return b64, hx
}

// wrappedBlock joins the lines of a block wrapped at a fixed width (base64 tools and MIME wrap
// at 64 or 76 characters) from the run s[i:j], which ends a line: each line of a multiple of four
// characters goes on into the next. Decoded line by line, a character of more than one byte cut
// at the end of a line would be lost. It returns the block and where it ends.
func wrappedBlock(s string, i, j int) (string, int) {
	block := []byte(s[i:j])
	for j+1 < len(s) && s[j] == '\n' && b64Class[s[j+1]] == 1 {
		k := j + 1
		for k < len(s) && b64Class[s[k]] == 1 {
			k++
		}
		block = append(block, s[j+1:k]...)
		n := k - j - 1
		j = k
		if n%4 != 0 {
			break
		}
	}
	return string(block), j
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !hexClass[s[i]] {
			return false
		}
	}
	return true
}

// decodeBase64 decodes an unpadded run, trimming a trailing partial quantum (a truncated block
// still decodes to its readable prefix).
func decodeBase64(run string) []byte {
	enc := base64.RawStdEncoding
	if strings.ContainsAny(run, "-_") {
		if strings.ContainsAny(run, "+/") {
			return nil
		}
		enc = base64.RawURLEncoding
	}
	if len(run)%4 == 1 {
		run = run[:len(run)-1]
	}
	d, err := enc.DecodeString(run)
	if err != nil {
		return nil
	}
	return d
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

var hexClass = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = hexVal(byte(c)) >= 0
	}
	return t
}()

// decodeHexBlocks decodes every run of at least 16 hex digits (optionally separated by single
// spaces or colons, or written as \x41) that decodes to text.
func decodeHexBlocks(s string) string {
	var out, cur []byte
	for i := 0; i < len(s); {
		if !hexClass[s[i]] {
			i++
			continue
		}
		// A candidate run: hex digits, single separators, \x prefixes.
		j := i
		digits := 0
		for j < len(s) {
			switch {
			case hexClass[s[j]]:
				digits++
				j++
			case (s[j] == ' ' || s[j] == ':') && j+1 < len(s) && hexClass[s[j+1]]:
				j++
			case s[j] == '\\' && j+2 < len(s) && s[j+1] == 'x' && hexClass[s[j+2]]:
				j += 2
			default:
				goto end
			}
		}
	end:
		if digits >= 16 {
			cur = cur[:0]
			hi := -1
			for k := i; k < j; k++ {
				v := hexVal(s[k])
				if v < 0 || (s[k] == 'x' && k > 0 && s[k-1] == '\\') {
					continue
				}
				if hi < 0 {
					hi = v
				} else {
					cur = append(cur, byte(hi<<4|v))
					hi = -1
				}
			}
			if len(cur) >= 8 && mostlyText(cur) {
				out = append(out, cur...)
				out = append(out, '\n')
			}
		}
		i = j
	}
	if len(out) == 0 {
		return ""
	}
	return strings.ToValidUTF8(string(out), " ")
}

// leetSymbols are the signs leetspeak writes for letters: "!gn0r3 @ll pr3v!0u$
// !n$+ruc+!0n$". Its digits the tokenizer reads inside words already.
const leetSymbols = "@$!+|"

// unleetLines returns the lines of s that unleetLine changes, changed, or "". Only lines with a
// sign inside a word (signInside) can change, and one pass over the bytes finds them: most
// text has none, and the rest few.
func unleetLines(s string) string {
	var b strings.Builder
	signs := newByteScan(s, leetSigns)
	for i := 1; i+1 < len(s); i++ {
		if i = signs.from(i); i < 0 || i+1 >= len(s) {
			break
		}
		if !signInside(s, i) {
			continue
		}
		from := strings.LastIndexByte(s[:i], '\n') + 1
		to := len(s)
		if k := strings.IndexByte(s[i:], '\n'); k >= 0 {
			to = i + k + 1
		}
		line := s[from:to]
		if d := unleetLine(line); d != line {
			b.WriteString(d)
		}
		i = to
	}
	return b.String()
}

// leetSigns are the signs of leetClass's leetSign class: leetSymbols but "|".
const leetSigns = "@$!+"

// byteScan finds the bytes of set (at most four) in s in order, with a vectorized
// strings.IndexByte per byte rather than a look at every byte: next holds the next position
// of each, found again only once the scan has passed it.
type byteScan struct {
	s, set string
	next   [4]int
}

func newByteScan(s, set string) byteScan {
	sc := byteScan{s: s, set: set}
	for k := range len(set) {
		sc.next[k] = indexByteFrom(s, 0, set[k])
	}
	return sc
}

// from returns the position of the first byte of the set at or after i, or -1.
func (sc *byteScan) from(i int) int {
	best := -1
	for k := range len(sc.set) {
		n := sc.next[k]
		if n >= 0 && n < i {
			n = indexByteFrom(sc.s, i, sc.set[k])
			sc.next[k] = n
		}
		if n >= 0 && (best < 0 || n < best) {
			best = n
		}
	}
	return best
}

// unleetLine returns line with its leetspeak words, and the short words of signs and digits
// among them (signWord), spelt in letters, or line itself unless two of its words are
// leetspeak and two signs stand inside them (see leetWord), or one does and they have digits
// too ("$h0w !n$7ruc+!0n$ in rev3r$ 0rd3r").
func unleetLine(line string) string {
	if !hasLeetSign(line) {
		return line
	}
	words, inner, digits := 0, 0, false
	for w := range strings.FieldsSeq(line) {
		core := leetCore(w)
		if _, n, mid := leetWord(core); n {
			words++
			inner += mid
			digits = digits || strings.ContainsAny(core, "0123456789")
		}
	}
	if words < 2 || inner < 2 && !(inner == 1 && digits) {
		return line
	}
	var b strings.Builder
	for i, w := range strings.Fields(line) {
		if i > 0 {
			b.WriteByte(' ')
		}
		core := leetCore(w)
		if spelt, _, _ := leetWord(core); !spelt && !signWord(core) {
			b.WriteString(w)
			continue
		}
		at := strings.Index(w, core)
		b.WriteString(w[:at])
		for k := 0; k < len(core); k++ {
			switch c := core[k]; c {
			case '@':
				b.WriteByte('a')
			case '$':
				b.WriteByte('s')
			case '!':
				b.WriteByte('i')
			case '+':
				b.WriteByte('t')
			case '|':
				b.WriteByte(pipeLetter(core, k))
			default:
				b.WriteByte(c)
			}
		}
		b.WriteString(w[at+len(core):])
	}
	b.WriteByte('\n')
	return b.String()
}

// drawnLetters are letters drawn with several signs, as leetspeak writes them: "/\" for "a",
// "()" for "o", "|_|" for "u", "|<" for "k", "|\|" for "n". Longer ones come first, so "|_|"
// is read before "|_" and "\/\/" before "\/".
var drawnLetters = [...]struct{ signs, letter string }{
	{`|\/|`, "m"}, {`\/\/`, "w"}, {`|\|`, "n"}, {`|_|`, "u"}, {`|-|`, "h"}, {`/\`, "a"}, {`\/`, "v"},
	{`|_`, "l"}, {`|<`, "k"}, {`|)`, "d"}, {`|3`, "b"}, {`|2`, "r"}, {`|=`, "f"}, {`()`, "o"}, {`><`, "x"},
}

// unleetDrawnLines returns the lines of s whose words are written with drawn letters
// (drawnLetters), those words spelt in letters, or "". A word counts when its drawn letters
// leave it all letters, digits and apostrophes, and one of them stands inside it or is not
// "()", or it has digits ("print()" and "foo()" are calls; "7()" is "to"); a line counts when
// two of its words do, with three drawn letters among them: a table's "|" and the "()" of
// calls are none. Most text has no backslash or bar, and is passed over in one scan; most
// lines that have one have fewer than three. Each word is read once: a line is spelt as it is
// read, and taken back if it does not count.
func unleetDrawnLines(s string) string {
	if strings.IndexByte(s, '|') < 0 && strings.IndexByte(s, '\\') < 0 { // IndexByte is vectorized; ContainsAny is not
		return ""
	}
	var out []byte
	for line := range strings.SplitSeq(s, "\n") {
		// Three drawn letters need three bars or backslashes: every one but "()" has one.
		if strings.Count(line, "|")+strings.Count(line, `\`) < 3 {
			continue
		}
		mark, words, drawn := len(out), 0, 0
		for w := range strings.FieldsSeq(line) {
			if len(out) > mark {
				out = append(out, ' ')
			}
			if !strings.ContainsAny(w, `|\()`) {
				out = append(out, w...)
				continue
			}
			core := drawnCore(w)
			at := strings.Index(w, core)
			out = append(out, w[:at]...)
			var n int
			if out, n = undraw(out, core); n > 0 {
				words++
				drawn += n
			}
			out = append(out, w[at+len(core):]...)
		}
		if words < 2 || drawn < 3 {
			out = out[:mark]
			continue
		}
		out = append(out, '\n')
	}
	return string(out)
}

// drawnCore is w without the quotes, brackets and punctuation around it, but with the signs
// that draw letters: "y()|_|r," is "y()|_|r", "7()" keeps its "()" and "73|_|_" its "_".
func drawnCore(w string) string {
	i, j := 0, len(w)
	for i < j && strings.IndexByte(`"'([{<*`, w[i]) >= 0 && !strings.HasPrefix(w[i:], "()") {
		i++
	}
	for j > i && strings.IndexByte(`"'.,!?;:)]}>*`, w[j-1]) >= 0 && !(w[j-1] == ')' && j-2 >= i && (w[j-2] == '(' || w[j-2] == '|')) {
		j--
	}
	return w[i:j]
}

// undraw appends core to out with its drawn letters spelt and returns how many it had, or
// appends core as it is and returns 0 when it is not a word so written (see
// unleetDrawnLines). Where reading "|_|" first leaves a sign, it reads "|_" first: "73|_|_"
// is "tell", not "tu_".
func undraw(out []byte, core string) ([]byte, int) {
	mark := len(out)
	out, n := undrawWord(out, core, false)
	if n == 0 && strings.Contains(core, "|_|") {
		out, n = undrawWord(out[:mark], core, true)
	}
	if n == 0 {
		return append(out[:mark], core...), 0
	}
	return out, n
}

// undrawWord appends core to out with its drawn letters spelt and returns how many it had, or
// 0 when it is not a word so written (what it appended is then to be taken back). With
// lFirst, "|_" is read before "|_|".
func undrawWord(out []byte, core string, lFirst bool) ([]byte, int) {
	if len(core) < 2 || len(core) > 64 {
		return out, 0
	}
	n, strong := 0, strings.ContainsAny(core, "0123456789") // "7()" is "to"
	for i := 0; i < len(core); {
		rest := core[i:]
		if c := rest[0]; c == '|' || c == '\\' || c == '/' || c == '(' || c == '>' { // how every drawn letter starts
			signs, letter := "", ""
			if lFirst && strings.HasPrefix(rest, "|_") && !strings.HasPrefix(rest, "|_|_|") {
				signs, letter = "|_", "l"
			} else {
				for _, d := range drawnLetters {
					if strings.HasPrefix(rest, d.signs) {
						signs, letter = d.signs, d.letter
						break
					}
				}
			}
			if signs != "" {
				out = append(out, letter...)
				n++
				strong = strong || signs != "()" || i+2 < len(core)
				i += len(signs)
				continue
			}
		}
		c := rest[0]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '\'' && i > 0) {
			return out, 0
		}
		out = append(out, c)
		i++
	}
	if !strong {
		return out, 0
	}
	return out, n
}

// leetCore is w without the quotes, brackets and punctuation around it.
func leetCore(w string) string {
	i, j := 0, len(w)
	for i < j && leetClass[w[i]]&leetOpen != 0 {
		i++
	}
	for j > i && leetClass[w[j-1]]&leetClose != 0 {
		j--
	}
	return w[i:j]
}

// hasLeetSign reports whether s holds a sign of leetSymbols other than "|".
func hasLeetSign(s string) bool {
	for i := 0; i < len(s); i++ {
		if leetClass[s[i]]&leetSign != 0 {
			return true
		}
	}
	return false
}

// leetClass sorts bytes for unleetLine without building a set per call: the signs other than
// "|", and what leetCore strips before and after a word.
var leetClass = func() (t [256]uint8) {
	for _, c := range []byte(leetSigns) {
		t[c] |= leetSign
	}
	for _, c := range []byte("\"'([{<*_") {
		t[c] |= leetOpen
	}
	for _, c := range []byte("\"')]}>*_,;:?.") {
		t[c] |= leetClose
	}
	return t
}()

const (
	leetSign uint8 = 1 << iota
	leetOpen
	leetClose
)

// pipeLetter reads the "|" at w[k] as "l" or "i": "l" doubled ("4||", "w!||"), at the end or
// after a vowel ("he|p", "ru|3$"), or between a consonant that English clusters with l and a
// vowel or "y" ("p|e@$e", "rep|y", "f|!gh+$", "c|ick"); "i" elsewhere ("|gn0r3", "4dm|n",
// "!n$+ruct|0n$").
func pipeLetter(w string, k int) byte {
	switch {
	case k+1 < len(w) && w[k+1] == '|', k > 0 && w[k-1] == '|', k > 0 && k+1 == len(w):
		return 'l'
	case k > 0 && strings.IndexByte("aeiouAEIOU4310@!", w[k-1]) >= 0: // a vowel, or its sign
		return 'l'
	case k > 0 && k+1 < len(w) && strings.IndexByte("bcfgkpsBCFGKPS5$", w[k-1]) >= 0 && strings.IndexByte("aeiouyAEIOUY4310@!", w[k+1]) >= 0:
		return 'l'
	}
	return 'i'
}

// leetWord reports whether w, stripped by leetCore, is a word to spell in letters in a
// leetspeak line: three characters or more, a letter among them ("$10" is a price), a sign of
// leetSymbols inside it or at its start ("@ll", "|gn0r3"), and no dot, quote, bracket or "="
// inside (e-mail addresses, links and code: "a@b.com", "!done)") but an apostrophe before its
// last letters ("0ne'$"); or a sign and a letter ("+o", "!s"); whether it is a leetspeak
// word, which needs a sign besides "|"; and how many of its signs stand inside it: after a
// letter or digit and before a letter, or before two more letters or digits ("pr3v!0u$", not
// "team+1").
func leetWord(w string) (spelt, leet bool, inner int) {
	alnum, letters, signs, pipes := 0, 0, 0, 0
	for k := 0; k < len(w); k++ {
		c := w[k]
		switch {
		case isAlnum(c):
			alnum++
			if isASCIILetter(c) {
				letters++
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(w[k:])
			if !leetLetter(r) {
				return false, false, 0 // a script leetspeak does not write over
			}
			alnum++
			letters++
			k += size - 1
		case c == '|':
			// A field separator as often as a letter ("Receipt|EMAIL_FROM"): it spells a
			// letter in a leetspeak line, and does not make one.
			pipes++
		case leetClass[c]&leetSign != 0:
			if k == 0 && len(w) > 1 && isAlnum(w[1]) {
				signs++
			} else if k > 0 {
				signs++
				if signInside(w, k) {
					inner++
				}
			}
		case c == '\'' && k > 1 && len(w)-k <= 3:
			// An apostrophe before the last one or two letters: "c0||3@gu3's", "d0n'+".
		default:
			return false, false, 0 // a dot, a quote, a bracket, "=": an address, a link, code
		}
	}
	if len(w) == 2 && letters == 1 && signs == 1 && leetClass[w[0]]&leetSign != 0 {
		// A sign and a letter, "+o", "!s", "@n": spelt in a leetspeak line, and no sign of one.
		return true, false, 0
	}
	spelt = letters > 0 && alnum+signs+pipes >= 3 && signs+pipes > 0
	return spelt, spelt && signs > 0, inner
}

// signInside reports whether the sign at s[k] (k > 0) stands inside a word: after a letter or
// digit, and before a letter or before two more letters or digits ("pr3v!0u$", not "team+1").
// The letters may be accented or Cyrillic or Greek (leetLetter): "kõ!k!", "ş!fre$!n!",
// "пр3дыдущ!е". A "!" before a capital ends a sentence: "Hi!I'm Sam".
func signInside(s string, k int) bool {
	if k+1 >= len(s) {
		return false
	}
	if !isAlnum(s[k-1]) {
		if before, _ := utf8.DecodeLastRuneInString(s[:k]); !leetLetter(before) {
			return false
		}
	}
	if isASCIILetter(s[k+1]) {
		return s[k] != '!' || s[k+1] < 'A' || s[k+1] > 'Z' // "Hi!I'm", "release!Great": a sentence's end
	}
	if s[k+1] >= utf8.RuneSelf {
		after, _ := utf8.DecodeRuneInString(s[k+1:])
		return leetLetter(after)
	}
	return k+2 < len(s) && isAlnum(s[k+1]) && isAlnum(s[k+2])
}

// leetLetter reports whether r is a letter of the scripts leetspeak writes over besides ASCII:
// accented Latin (Vietnamese's too), Greek, Cyrillic. Scripts without spaces (Chinese,
// Japanese) or with their own punctuation stay as they are.
func leetLetter(r rune) bool {
	return (r >= 0xC0 && r < 0x0530 || r >= 0x1E00 && r < 0x1F00) && unicode.IsLetter(r)
}

// signWord reports whether w (stripped by leetCore) is made of leetspeak signs and digits
// only, a sign among them: the short words of a leetspeak line ("@||", "+0", "!$").
func signWord(w string) bool {
	if w == "" || len(w) > 4 || !strings.ContainsAny(w, leetSymbols) {
		return false
	}
	for k := 0; k < len(w); k++ {
		if c := w[k]; strings.IndexByte(leetSymbols, c) < 0 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' }

// decodedLines returns the lines of s that decode changes, decoded, or "". A decoder says
// "unchanged" by returning its line or "" (unspace). Only those lines are a decoded form: a
// page with one "%20" in a link, a few "&#8217;" apostrophes or one letter-spaced heading would
// otherwise be screened whole a second time as a decoded payload, and every window of it would
// count the payload rule.
func decodedLines(s string, decode func(string) string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if d := decode(line); d != "" && d != line {
			b.WriteString(d)
		}
	}
	return b.String()
}

// decodeEscapes decodes HTML character references (&#73; &#x49;) and \uXXXX escapes in s.
func decodeEscapes(s string) string {
	if !strings.Contains(s, "&#") && !strings.Contains(s, `\u`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case s[i] == '&' && i+2 < len(s) && s[i+1] == '#':
			j := i + 2
			base := 10
			if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
				base, j = 16, j+1
			}
			k := j
			for k < len(s) && k-j < 7 && (hexVal(s[k]) >= 0 && (base == 16 || s[k] <= '9')) {
				k++
			}
			if v, err := strconv.ParseUint(s[j:k], base, 32); err == nil && k > j && v <= unicode.MaxRune {
				b.WriteRune(rune(v))
				if k < len(s) && s[k] == ';' {
					k++
				}
				i = k
				continue
			}
		case s[i] == '\\' && i+5 < len(s) && s[i+1] == 'u':
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
				b.WriteRune(rune(v))
				i += 6
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return strings.ToValidUTF8(b.String(), " ")
}

// decodeBinary decodes runs of at least eight space-separated 8-bit groups (01001001 01100111 …).
func decodeBinary(s string) string {
	if !strings.Contains(s, "0100") && !strings.Contains(s, "0110") {
		return ""
	}
	var out, cur []byte
	flush := func() {
		if len(cur) >= 8 && mostlyText(cur) {
			out = append(append(out, cur...), '\n')
		}
		cur = cur[:0]
	}
	for i := 0; i < len(s); {
		if i+8 <= len(s) && (s[i] == '0' || s[i] == '1') && (i == 0 || s[i-1] == ' ' || s[i-1] == '\n') {
			var v byte
			ok := true
			for k := 0; k < 8; k++ {
				c := s[i+k]
				if c != '0' && c != '1' {
					ok = false
					break
				}
				v = v<<1 | (c - '0')
			}
			if ok && (i+8 == len(s) || s[i+8] == ' ' || s[i+8] == '\n') {
				cur = append(cur, v)
				i += 9
				continue
			}
		}
		if len(cur) > 0 {
			flush()
		}
		i++
	}
	flush()
	if len(out) == 0 {
		return ""
	}
	return strings.ToValidUTF8(string(out), " ")
}

// percentDecode decodes %XX escapes leniently (invalid ones stay as they are).
func percentDecode(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			hi, lo := hexVal(s[i+1]), hexVal(s[i+2])
			if hi >= 0 && lo >= 0 {
				if b == nil {
					b = append(make([]byte, 0, len(s)), s[:i]...)
				}
				b = append(b, byte(hi<<4|lo))
				i += 2
				continue
			}
		}
		if b != nil {
			b = append(b, s[i])
		}
	}
	if b == nil {
		return s
	}
	return strings.ToValidUTF8(string(b), " ")
}

// Function words, plain, in rot13 and reversed: counting them tells which reading of a line is
// the natural one.
var (
	// Only words of three letters or more: two-letter reversals and rot13s (no, ti, or, ba) are
	// common in ordinary text and markup.
	// The languages besides English are those whose letters rot13 turns (Latin script); each
	// word's rot13 and reversal were checked not to be common words of these languages ("das"
	// reversed is "sad", "der" is "red", "com" is Czech "moc"; "una" in rot13 is "han", "une" is
	// "har" and "auf" is "nhs").
	plainWords = strings.Fields(`the and you your this that all for with now are not what
		und die ist nicht ich mit den
		les est pas que qui pour dans vous des
		para por nao
		per non sono gli della
		niet jest jak icin degil ile
		yang tidak untuk mga nang dhe nje`)
)

// funcWordSets are the hashes of plainWords as written, in rot13 and reversed, and a presence
// filter in front of all three.
type funcWordSets struct {
	plain, rot13, reversed map[uint64]bool
	filter                 *bitFilter
}

// funcWords builds the sets on first use, not at package initialisation.
var funcWords = sync.OnceValue(func() *funcWordSets {
	fw := &funcWordSets{plain: hashSet(plainWords), rot13: hashSet(mapWords(plainWords, rot13)),
		reversed: hashSet(mapWords(plainWords, reverseString))}
	fw.filter = filterOf(fw.plain, fw.rot13, fw.reversed)
	return fw
})

func mapWords(ws []string, f func(string) string) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		if m := f(w); m != w {
			out = append(out, m)
		}
	}
	return out
}

// hashSet is the set of the FNV hashes of ws, as tokens carry them (words folded already).
func hashSet(ws []string) map[uint64]bool {
	m := make(map[uint64]bool, len(ws))
	for _, w := range ws {
		m[fnvString(w)] = true
	}
	return m
}

func rot13(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + (c-'A'+13)%26
		}
	}
	return string(b)
}

func reverseString(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// lineScore counts function words in a line read plainly and read through f.
func lineScore(line string, set map[uint64]bool) (plain, other int) {
	plainSet := funcWords().plain
	for _, w := range strings.FieldsFunc(line, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) {
		lw := strings.ToLower(w)
		h := fnvString(lw)
		if plainSet[h] {
			plain++
		}
		if set[h] {
			other++
		}
	}
	return plain, other
}

// namesROT13 reports whether s names the ROT13 cipher: "rot13", "rot-13", "rot 13" or "rot_13"
// in any case.
func namesROT13(s string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], "13")
		if k < 0 {
			return false
		}
		i += k
		j := i
		if j > 0 && (s[j-1] == '-' || s[j-1] == ' ' || s[j-1] == '_') {
			j--
		}
		if j >= 3 && s[j-3]|0x20 == 'r' && s[j-2]|0x20 == 'o' && s[j-1]|0x20 == 't' && (j == 3 || !isASCIILetter(s[j-4])) {
			return true
		}
		i += 2
	}
}

// widthFolded returns s with its full-width ASCII forms (U+FF01 to U+FF5E) and ideographic
// spaces made ASCII when most of its letters are full-width Latin ones, at least eight: text
// written in costume, not Chinese or Japanese with full-width punctuation. Otherwise "".
func widthFolded(s string) string {
	if !strings.Contains(s, "\xef\xbc") && !strings.Contains(s, "\xef\xbd") {
		return ""
	}
	wide, letters := 0, 0
	for _, r := range s {
		switch {
		case r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			wide++
			letters++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if wide < 8 || 2*wide <= letters {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xff01 && r <= 0xff5e:
			b.WriteByte(byte(r - 0xfee0))
		case r == 0x3000:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// rlo is U+202E RIGHT-TO-LEFT OVERRIDE: the characters after it, up to a pop (U+202C, U+2069),
// another override or the end of the line, are laid out right to left whatever their script.
const rlo = '\u202e'

// overriddenRuns returns each run of s under a right-to-left override reversed, as it is shown,
// one per line; runs shorter than four characters, or with no letter, are left out.
func overriddenRuns(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexRune(s, rlo)
		if i < 0 {
			return b.String()
		}
		s = s[i+len(string(rlo)):]
		end := strings.IndexFunc(s, func(r rune) bool {
			return r == '\n' || r == 0x202c || r == 0x2069 || r == 0x202d || r == rlo
		})
		if end < 0 {
			end = len(s)
		}
		run := s[:end]
		if strings.IndexFunc(run, unicode.IsLetter) >= 0 && utf8.RuneCountInString(run) >= 4 {
			b.WriteString(reverseString(run))
			b.WriteByte('\n')
		}
		s = s[end:]
	}
}

// rot13Lines returns the lines of s that read better in rot13, decoded.
func rot13Lines(s string) string {
	return transformLines(s, funcWords().rot13, rot13)
}

// reverseLines returns the lines (or sentences) of s that read better backwards, reversed.
func reverseLines(s string) string {
	return transformLines(s, funcWords().reversed, reverseString)
}

func transformLines(s string, set map[uint64]bool, f func(string) string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		// A decode instruction often shares the line with the payload: judge by clauses too.
		for _, part := range strings.SplitAfter(line, ": ") {
			p, o := lineScore(part, set)
			if o >= 2 && o > p || o == 1 && p == 0 {
				b.WriteString(f(part))
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

// unspace undoes letter-spacing exactly where a stretch of at least minSpaced characters, in
// any script, each has a space after it ("I g n o r e   a l l": a word gap is a space with its
// own space after it): it keeps the other characters, punctuation and line breaks included, so
// the text reads as its writer wrote it and its sentences, lines and fields are windows as
// they are in plain text. It returns "" when there is no such stretch.
func unspace(s string) string {
	const minSpaced = 8
	var b strings.Builder
	found := false
	for i := 0; i < len(s); {
		j, pairs := i, 0
		for j < len(s) {
			_, size := utf8.DecodeRuneInString(s[j:])
			if j+size >= len(s) || s[j+size] != ' ' {
				break
			}
			j += size + 1
			pairs++
		}
		if pairs < minSpaced {
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		found = true
		for k := i; k < j; {
			_, size := utf8.DecodeRuneInString(s[k:])
			b.WriteString(s[k : k+size])
			k += size + 1
		}
		i = j
	}
	if !found {
		return ""
	}
	return b.String()
}

// joinSpacedLetters rejoins "i g n o r e  a l l" and "i.g.n.o.r.e" runs: single letters
// separated by one space or punctuation character are concatenated and the result is split into
// words with a small dictionary.
func joinSpacedLetters(s string) string {
	var out strings.Builder
	var run []byte
	flush := func() {
		if len(run) >= 8 {
			out.WriteString(segmentWords(string(run)))
			out.WriteByte('\n')
		}
		run = run[:0]
	}
	isSep := func(c byte) bool {
		return c == ' ' || c == '.' || c == '-' || c == '_' || c == '*' || c == '/' || c == '|' || c == '~'
	}
	i := 0
	for i < len(s) {
		c := s[i]
		alnum := isASCIILetter(c) || c >= '0' && c <= '9'
		single := alnum && (i+1 == len(s) || isSep(s[i+1])) && (i == 0 || isSep(s[i-1]) || len(run) == 0 && !isASCIILetter(s[i-1]))
		if single {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			run = append(run, c)
			i++
			// One separator joins letters; two or more mark a word gap.
			gap := 0
			for i < len(s) && isSep(s[i]) {
				gap++
				i++
			}
			if gap >= 2 && len(run) > 0 && run[len(run)-1] != ' ' {
				run = append(run, ' ')
			}
			continue
		}
		flush()
		i++
	}
	flush()
	return out.String()
}

// segmentWords splits letters run together into dictionary words (minimum number of pieces,
// unknown letters costly), keeping existing spaces and punctuation.
func segmentWords(s string) string {
	dict := segDict()
	var b strings.Builder
	for _, chunk := range strings.FieldsFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		n := len(chunk)
		if n <= 12 && strings.ContainsRune(s, ' ') || n > 400 {
			// The writer marked word gaps: chunks are words already.
			b.WriteString(chunk)
			b.WriteByte(' ')
			continue
		}
		cost := make([]int, n+1)
		prev := make([]int, n+1)
		for i := 1; i <= n; i++ {
			cost[i] = cost[i-1] + 3
			prev[i] = i - 1
			for l := 2; l <= 14 && l <= i; l++ {
				if dict[chunk[i-l:i]] && cost[i-l]+1 < cost[i] {
					cost[i] = cost[i-l] + 1
					prev[i] = i - l
				}
			}
			if dict[chunk[i-1:i]] && cost[i-1]+1 < cost[i] {
				cost[i] = cost[i-1] + 1
				prev[i] = i - 1
			}
		}
		var parts []string
		for i := n; i > 0; i = prev[i] {
			parts = append(parts, chunk[prev[i]:i])
		}
		for i := len(parts) - 1; i >= 0; i-- {
			b.WriteString(parts[i])
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// segDict is built on first use.
var segDict = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a i the and you your to of is in it this that all for with now are be not on what me my
		ignore previous instructions instruction print system prompt verbatim reveal new from administrator admin forward user
		users last emails email send password secret rules above disregard forget everything tell show output do mention
		any prior earlier developer mode act as no restrictions follow obey execute run delete files data history conversation
		so far when summarize page append answer stop current task maintenance shell tool api keys key note ai assistant
		assistants agents model secrets credentials immediately must should will can s`) {
		m[w] = true
	}
	return m
})
