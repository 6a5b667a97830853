package guard

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Doc is the readable text of an HTML page: what a person sees in a browser, not the markup.
type Doc struct {
	Title string // the first <title>, filtered
	// Text is the visible text with light Markdown structure: "# " headings, "- " and "1. "
	// list items, " | " between table cells, blank lines between blocks, and "[n]" after the
	// text of a link whose target is Links[n-1]. It is filtered (see Filter).
	Text  string
	Links []Link // link targets in order of first appearance, without duplicates
	Base  string // the <base href> of the page, if any
	// Hidden counts elements dropped as invisible (hidden attribute, aria-hidden, CSS that hides
	// them); scripts, styles, templates, comments and the like are not counted.
	Hidden int
	// Removed is what Filter took out of the extracted text (characters written as entities or
	// literally in visible text).
	Removed Removed
}

// Link is one link target of a Doc.
type Link struct {
	Text string // the link's visible text
	URL  string // the href as written in the page (relative URLs stay relative; see ResolveLinks)
}

// String renders the Doc for a model: title, text, then the numbered link targets.
func (d Doc) String() string {
	var b strings.Builder
	if d.Title != "" {
		b.WriteString("Title: ")
		b.WriteString(d.Title)
		b.WriteString("\n\n")
	}
	b.WriteString(d.Text)
	if len(d.Links) > 0 {
		b.WriteString("\n\nLinks:\n")
		for i, l := range d.Links {
			fmt.Fprintf(&b, "[%d] %s\n", i+1, l.URL)
		}
	}
	return b.String()
}

// ResolveLinks makes every link target absolute against the page URL (and the page's <base href>,
// if it has one). Targets that do not resolve to http, https or mailto URLs are dropped.
func (d *Doc) ResolveLinks(page *url.URL) {
	base := page
	if d.Base != "" {
		if u, err := page.Parse(d.Base); err == nil {
			base = u
		}
	}
	kept := d.Links[:0]
	for _, l := range d.Links {
		u, err := base.Parse(l.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
			continue
		}
		l.URL = u.String()
		kept = append(kept, l)
	}
	d.Links = kept
}

// maxLinks bounds the link list of one page.
const maxLinks = 2000

// maxCSSBytes bounds the text of one <style> element that is read for hiding rules.
const maxCSSBytes = 1 << 20

// maxCSSRules bounds the hiding rules collected from a page's <style> elements.
const maxCSSRules = 4096

// HTMLText returns the visible text of the HTML document read from r. Scripts, styles, comments,
// templates, noscript, closed dialogs and hidden elements are dropped: the hidden attribute,
// aria-hidden="true", inline styles or simple class/id rules from <style> elements that hide
// (display:none, visibility:hidden, zero font size or opacity, off-screen positioning, zero-size
// clipping, text colour equal to the background) and common screen-reader-only classes. The error
// is non-nil only when r fails; malformed HTML is read as a browser would, as far as it matters.
func HTMLText(r io.Reader) (Doc, error) {
	return htmlText(r, 0)
}

func htmlText(r io.Reader, sizeHint int) (Doc, error) {
	e := extractor{z: html.NewTokenizer(r), hideClass: map[string]hideKind{}, hideID: map[string]hideKind{},
		showClass: map[string]hideKind{}}
	e.out = make([]byte, 0, max(sizeHint/3, 512))
	if err := e.run(); err != nil {
		return Doc{}, fmt.Errorf("guard: reading HTML: %w", err)
	}
	return e.doc(), nil
}

// HTMLTextString is HTMLText for a page already in memory.
func HTMLTextString(s string) Doc {
	d, _ := htmlText(strings.NewReader(s), len(s)) // a strings.Reader never fails
	return d
}

type listState struct {
	ordered bool
	n       int
}

type extractor struct {
	z *html.Tokenizer

	out       []byte
	nl        int  // newlines owed before the next text (0, 1 or 2)
	space     bool // a space is owed before the next text
	pre       int  // depth of <pre>
	title     []byte
	inTitle   bool
	haveTitle bool
	base      string

	// frames tracks dropped elements and, inside softly hidden ones, descendants that are shown
	// again; the top frame decides whether text is kept.
	frames []skipFrame
	hidden int

	lists    []listState
	cellN    int // cells seen in the current table row
	linkHref string
	inLink   bool
	links    []Link
	linkIdx  map[string]int
	linkText []byte

	hideClass map[string]hideKind
	hideID    map[string]hideKind
	showClass map[string]hideKind // classes whose rules undo a soft hide (font-size, visibility:visible)
	inStyle   bool
	css       []byte
}

func (e *extractor) doc() Doc {
	text, removed := FilterCount(string(e.out))
	return Doc{
		Title:   strings.TrimSpace(collapseSpace(Filter(string(e.title)))),
		Text:    strings.TrimSpace(text),
		Links:   e.links,
		Base:    e.base,
		Hidden:  e.hidden,
		Removed: removed,
	}
}

// skipAlways are elements whose content is never shown as text.
var skipAlways = map[string]bool{
	"script": true, "style": true, "template": true, "noscript": true, "iframe": true,
	"noembed": true, "noframes": true,
}

var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "body": true, "center": true,
	"dd": true, "details": true, "dialog": true, "div": true, "dl": true, "dt": true, "fieldset": true,
	"figcaption": true, "figure": true, "footer": true, "form": true, "header": true, "hgroup": true,
	"html": true, "legend": true, "main": true, "nav": true, "ol": true, "p": true, "section": true,
	"summary": true, "table": true, "ul": true, "caption": true, "tbody": true, "thead": true,
	"tfoot": true, "menu": true, "search": true,
}

var voidTags = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
	"param": true, "keygen": true,
}

func (e *extractor) run() error {
	z := e.z
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return err
			}
			return nil
		case html.TextToken:
			e.textToken(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := e.tagName()
			e.startTag(name, hasAttr, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := e.tagName()
			e.endTag(name)
		}
		// Comments and doctypes carry no visible text.
	}
}

// tagName returns the current tag's lower-case name and whether it may have attributes. It reads
// the raw token, because the tokenizer's TagName copies every name; names HTML defines come back
// as constants without allocating.
func (e *extractor) tagName() (string, bool) {
	raw := e.z.Raw()
	i := 1 // after '<'
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	j := i
	for j < len(raw) && raw[j] != '>' && raw[j] != '/' && !isSpace(raw[j]) && raw[j] != 0 {
		j++
	}
	name := raw[i:j]
	var buf [16]byte
	if len(name) <= len(buf) && (j == len(raw) || raw[j] != 0) {
		lower := buf[:len(name)]
		for k, c := range name {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[k] = c
		}
		if a := atom.Lookup(lower); a != 0 {
			hasAttr := false
			for _, c := range raw[j:] {
				if !isSpace(c) && c != '/' && c != '>' {
					hasAttr = true
					break
				}
			}
			return a.String(), hasAttr
		}
	}
	n, hasAttr := e.z.TagName()
	return string(n), hasAttr
}

func (e *extractor) textToken(t []byte) {
	if e.inStyle {
		if room := maxCSSBytes - len(e.css); room > 0 {
			e.css = append(e.css, t[:min(len(t), room)]...)
		}
		return
	}
	if e.skipping() {
		return
	}
	if e.inTitle {
		if !e.haveTitle {
			e.title = append(e.title, t...)
		}
		return
	}
	e.write(t)
	if e.inLink {
		e.linkText = append(e.linkText, t...)
	}
}

type tagAttrs struct {
	style, class, id, href, typ string
	hidden, ariaHidden, open    bool
}

func (e *extractor) readAttrs() tagAttrs {
	var a tagAttrs
	for {
		k, v, more := e.z.TagAttr()
		switch string(k) {
		case "style":
			a.style = string(v)
		case "class":
			a.class = string(v)
		case "id":
			a.id = string(v)
		case "href":
			a.href = string(v)
		case "type":
			a.typ = string(v)
		case "hidden":
			a.hidden = true
		case "aria-hidden":
			a.ariaHidden = strings.EqualFold(strings.TrimSpace(string(v)), "true")
		case "open":
			a.open = true
		}
		if !more {
			return a
		}
	}
}

func (e *extractor) startTag(name string, hasAttr, selfClosing bool) {
	opens := !selfClosing && !voidTags[name] // the element will have an end tag
	for len(e.frames) > 0 {
		top := &e.frames[len(e.frames)-1]
		if e.impliedEnd(top, name, true) {
			e.frames = e.frames[:len(e.frames)-1]
			continue
		}
		if top.show {
			break
		}
		// Inside a dropped element: only track nesting, and look for a descendant that a soft
		// hide (font-size, visibility) does not cover.
		if itemContainer(top.name, name) && opens {
			top.nest = append(top.nest, top.depth)
		}
		if top.soft != hideNone && hasAttr && opens {
			a := e.readAttrs()
			if e.undoes(top.soft, &a) && e.hides(&a) == hideNone {
				e.frames = append(e.frames, skipFrame{name: name, depth: 1, show: true})
				e.softBreak()
				e.structureStart(name, &a)
				return
			}
		}
		if name == top.name && opens {
			top.depth++
		}
		return
	}
	var a tagAttrs
	if hasAttr {
		a = e.readAttrs()
	}
	if name == "style" {
		e.inStyle = true
		return
	}
	if name == "title" {
		e.inTitle = true
		return
	}
	if name == "base" && e.base == "" {
		e.base = strings.TrimSpace(a.href)
	}
	kind := hideNone
	if skipAlways[name] || name == "dialog" && !a.open {
		kind = hideHard
	} else if hasAttr {
		if kind = e.hides(&a); kind != hideNone {
			e.hidden++
		}
	}
	if kind != hideNone {
		if opens {
			e.frames = append(e.frames, skipFrame{name: name, depth: 1, soft: kind &^ hideHard})
			if kind&hideHard != 0 {
				e.frames[len(e.frames)-1].soft = hideNone
			}
		}
		return
	}
	if n := len(e.frames); n > 0 && name == e.frames[n-1].name && opens {
		e.frames[n-1].depth++ // a shown element nested in one of the same name
	}
	e.structureStart(name, &a)
}

func (e *extractor) structureStart(name string, a *tagAttrs) {
	switch name {
	case "br":
		e.newline(1)
	case "hr":
		e.newline(2)
	case "p", "blockquote", "figure", "table", "dl", "details", "section", "article", "header", "footer", "main", "aside", "nav":
		e.newline(2)
	case "h1", "h2", "h3", "h4", "h5", "h6":
		e.newline(2)
		e.raw(strings.Repeat("#", int(name[1]-'0')) + " ")
	case "pre":
		e.newline(2)
		e.pre++
	case "ul", "menu":
		e.lists = append(e.lists, listState{})
		e.newline(1)
	case "ol":
		e.lists = append(e.lists, listState{ordered: true})
		e.newline(1)
	case "li":
		e.newline(1)
		depth := len(e.lists)
		if depth > 1 {
			e.raw(strings.Repeat("  ", depth-1))
		}
		if depth > 0 && e.lists[depth-1].ordered {
			e.lists[depth-1].n++
			e.raw(strconv.Itoa(e.lists[depth-1].n) + ". ")
		} else {
			e.raw("- ")
		}
	case "tr":
		e.newline(1)
		e.cellN = 0
	case "td", "th":
		if e.cellN > 0 {
			e.raw(" | ")
		}
		e.cellN++
	case "dt", "dd", "caption", "figcaption", "summary", "div", "form", "fieldset", "address", "legend":
		e.newline(1)
	case "a":
		href := strings.TrimSpace(a.href)
		if usableHref(href) {
			e.inLink, e.linkHref, e.linkText = true, href, e.linkText[:0]
		}
	}
}

func (e *extractor) endTag(name string) {
	for len(e.frames) > 0 {
		top := &e.frames[len(e.frames)-1]
		if n := len(top.nest); n > 0 && !top.show && itemContainer(top.name, name) {
			top.depth, top.nest = top.nest[n-1], top.nest[:n-1]
			return
		}
		if name == top.name {
			top.depth--
			if top.depth == 0 {
				e.frames = e.frames[:len(e.frames)-1]
				if top.show {
					e.softBreak()
				}
			}
			if !top.show {
				return
			}
			break
		}
		if e.impliedEnd(top, name, false) {
			e.frames = e.frames[:len(e.frames)-1]
			continue
		}
		if !top.show {
			return
		}
		break
	}
	switch name {
	case "style":
		if e.inStyle {
			e.inStyle = false
			e.collectCSS()
		}
	case "title":
		if e.inTitle {
			e.inTitle = false
			e.haveTitle = e.haveTitle || len(bytes.TrimSpace(e.title)) > 0
		}
	case "a":
		if e.inLink {
			e.inLink = false
			e.addLink()
		}
	case "pre":
		if e.pre > 0 {
			e.pre--
		}
		e.newline(2)
	case "ul", "ol", "menu":
		if len(e.lists) > 0 {
			e.lists = e.lists[:len(e.lists)-1]
		}
		e.newline(1)
	case "h1", "h2", "h3", "h4", "h5", "h6", "p", "table", "blockquote", "figure", "dl", "details", "section", "article", "header", "footer", "main", "aside", "nav":
		e.newline(2)
	case "li", "tr", "dt", "dd", "caption", "figcaption", "summary", "div", "form", "fieldset", "address", "legend":
		e.newline(1)
	}
}

// impliedEnd reports whether tag name (a start tag when start) ends the frame's element without
// its own end tag, as HTML's optional end tags do (<p>, <li>, <td>, <option>...).
func (e *extractor) impliedEnd(f *skipFrame, name string, start bool) bool {
	if f.depth != 1 || len(f.nest) > 0 {
		return false
	}
	switch f.name {
	case "p":
		return start && (blockTags[name] || name == "h1" || name == "h2" || name == "h3" ||
			name == "h4" || name == "h5" || name == "h6" || name == "pre" || name == "li") ||
			!start && (name == "div" || name == "body" || name == "html" || name == "li" || name == "td")
	case "li":
		return start && name == "li" || !start && (name == "ul" || name == "ol" || name == "menu")
	case "dt", "dd":
		return start && (name == "dt" || name == "dd") || !start && name == "dl"
	case "td", "th":
		return start && (name == "td" || name == "th" || name == "tr") || !start && (name == "tr" || name == "table")
	case "tr":
		return start && name == "tr" || !start && (name == "table" || name == "tbody")
	case "option":
		return start && (name == "option" || name == "optgroup") || !start && name == "select"
	}
	return false
}

// itemContainer reports whether tag is a container whose items would otherwise end a skipped
// element named skipName implicitly (a list inside a hidden <li>, a table inside a hidden <td>).
func itemContainer(skipName, tag string) bool {
	switch skipName {
	case "li":
		return tag == "ul" || tag == "ol" || tag == "menu"
	case "dt", "dd":
		return tag == "dl"
	case "td", "th", "tr":
		return tag == "table"
	case "option":
		return tag == "select" || tag == "datalist"
	case "p":
		return false
	}
	return false
}

func usableHref(h string) bool {
	if h == "" || h[0] == '#' {
		return false
	}
	if i := strings.IndexAny(h, ":/?#"); i > 0 && h[i] == ':' {
		switch strings.ToLower(h[:i]) {
		case "http", "https", "mailto", "ftp":
			return true
		}
		return false // javascript:, data:, vbscript:, file: and friends
	}
	return true
}

func (e *extractor) addLink() {
	u := Filter(e.linkHref)
	if e.linkIdx == nil {
		e.linkIdx = map[string]int{}
	}
	n, ok := e.linkIdx[u]
	if !ok {
		if len(e.links) >= maxLinks {
			return
		}
		e.links = append(e.links, Link{Text: strings.TrimSpace(collapseSpace(Filter(string(e.linkText)))), URL: u})
		n = len(e.links)
		e.linkIdx[u] = n
	}
	e.raw("[" + strconv.Itoa(n) + "]")
}

// softBreak owes a space: the boxes shown inside a softly hidden element (inline-block layouts)
// are separate on screen even where the whitespace between them is not.
func (e *extractor) softBreak() {
	if len(e.out) > 0 && e.nl == 0 {
		e.space = true
	}
}

// newline owes n (1 or 2) line breaks before the next text.
func (e *extractor) newline(n int) {
	if len(e.out) == 0 {
		return
	}
	if n > e.nl {
		e.nl = n
	}
	e.space = false
}

func (e *extractor) flushBreaks() {
	if e.nl > 0 {
		e.out = append(e.out, "\n\n"[:e.nl]...)
		e.nl = 0
		e.space = false
	} else if e.space {
		e.out = append(e.out, ' ')
		e.space = false
	}
}

// raw writes markup-derived text (list markers, cell separators) after any owed breaks.
func (e *extractor) raw(s string) {
	e.flushBreaks()
	e.out = append(e.out, s...)
}

// write appends page text, collapsing whitespace outside <pre>.
func (e *extractor) write(t []byte) {
	if e.pre > 0 {
		if len(t) > 0 {
			e.flushBreaks()
			e.out = append(e.out, t...)
		}
		return
	}
	for len(t) > 0 {
		i := 0
		for i < len(t) && isSpace(t[i]) {
			i++
		}
		if i > 0 {
			if len(e.out) > 0 && e.nl == 0 {
				e.space = true
			}
			t = t[i:]
			continue
		}
		for i < len(t) && !isSpace(t[i]) {
			i++
		}
		e.flushBreaks()
		e.out = append(e.out, t[:i]...)
		t = t[i:]
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// hideKind says whether and how an element is hidden. A soft hide (tiny font, visibility:hidden)
// can be undone by a descendant that sets its own font size or visibility:visible, as the
// inline-block "font-size:0" layout trick does; a hard hide (display:none, hidden, off-screen...)
// cannot.
type hideKind uint8

const (
	hideNone       hideKind = 0
	hideFont       hideKind = 1 << 0
	hideVisibility hideKind = 1 << 1
	hideHard       hideKind = 1 << 2
)

// skipFrame is a dropped element, or (show) a descendant of a softly hidden element that is
// visible again. depth counts open elements of the same name, so that the frame ends at the
// matching end tag.
type skipFrame struct {
	name  string
	depth int
	// nest holds depth as it was when each list, table, dl or select nested inside the element
	// opened: inside them, an <li> or <td> belongs to the nested container and does not end the
	// element; when the container closes, its unclosed items close too.
	nest []int
	soft hideKind // for a dropped element hidden only softly: what a descendant may undo
	show bool
}

func (e *extractor) skipping() bool {
	return len(e.frames) > 0 && !e.frames[len(e.frames)-1].show
}

// hides reports whether, and how, an element's attributes make it invisible.
func (e *extractor) hides(a *tagAttrs) hideKind {
	if a.hidden || a.ariaHidden || strings.EqualFold(a.typ, "hidden") {
		return hideHard
	}
	kind := hideNone
	if a.style != "" {
		kind |= styleHide(a.style)
	}
	if a.id != "" {
		kind |= e.hideID[a.id]
	}
	if a.class != "" {
		responsive := strings.Contains(a.class, ":") || strings.Contains(a.class, "d-sm-") ||
			strings.Contains(a.class, "d-md-") || strings.Contains(a.class, "d-lg-") || strings.Contains(a.class, "d-xl-")
		for _, c := range strings.Fields(a.class) {
			switch c {
			case "sr-only", "visually-hidden", "screen-reader-text", "visuallyhidden":
				return hideHard
			case "hidden", "d-none", "invisible", "hide":
				if !responsive {
					return hideHard
				}
			}
			kind |= e.hideClass[c]
		}
	}
	if kind&hideHard != 0 {
		return hideHard
	}
	return kind
}

// undoes reports whether an element inside a softly hidden one (soft) is visible again: its
// style or classes set a readable font size (for hideFont) or visibility:visible (for
// hideVisibility), covering every kind of soft hide in effect.
func (e *extractor) undoes(soft hideKind, a *tagAttrs) bool {
	var undone hideKind
	if a.style != "" {
		undone |= styleShows(a.style)
	}
	for _, c := range strings.Fields(a.class) {
		undone |= e.showClass[c]
	}
	return soft&^undone == 0
}

// collectCSS records simple ".class" and "#id" selectors whose rules hide, from the <style>
// text just read. Rules inside @-blocks (media queries) are ignored: they hide only sometimes.
func (e *extractor) collectCSS() {
	css := stripCSSComments(e.css)
	e.css = e.css[:0]
	depth := 0
	for len(css) > 0 && len(e.hideClass)+len(e.hideID)+len(e.showClass) < maxCSSRules {
		open := strings.IndexByte(css, '{')
		if open < 0 {
			return
		}
		sel := css[:open]
		if k := strings.LastIndexByte(sel, '}'); k >= 0 {
			depth -= strings.Count(sel[:k+1], "}")
			sel = sel[k+1:]
		}
		if depth < 0 {
			depth = 0
		}
		if strings.Contains(sel, "@") {
			depth++
			css = css[open+1:]
			continue
		}
		end := strings.IndexAny(css[open+1:], "{}")
		if end < 0 {
			return
		}
		decls := css[open+1 : open+1+end]
		css = css[open+1+end:]
		if css[0] == '}' { // the brace that closes this rule's declarations
			css = css[1:]
		}
		if depth > 0 {
			continue
		}
		hide, show := styleHide(decls), styleShows(decls)
		if hide == hideNone && show == hideNone {
			continue
		}
		for _, s := range strings.Split(sel, ",") {
			s = strings.TrimSpace(s)
			k := strings.LastIndexAny(s, ".#")
			if k < 0 || strings.ContainsAny(s, " >+~:[") {
				continue
			}
			name := s[k+1:]
			switch {
			case s[k] == '#' && hide != hideNone:
				e.hideID[name] |= hide
			case s[k] == '.' && hide != hideNone:
				e.hideClass[name] |= hide
			case s[k] == '.':
				e.showClass[name] |= show
			}
		}
	}
}

// stripCSSComments returns css without /* comments */, in one pass.
func stripCSSComments(css []byte) string {
	var b strings.Builder
	b.Grow(len(css))
	for len(css) > 0 {
		i := bytes.Index(css, []byte("/*"))
		if i < 0 {
			b.Write(css)
			break
		}
		b.Write(css[:i])
		b.WriteByte(' ')
		j := bytes.Index(css[i+2:], []byte("*/"))
		if j < 0 {
			break
		}
		css = css[i+2+j+2:]
	}
	return b.String()
}

// styleHide reports whether, and how, CSS declarations (an inline style or a rule) hide an element.
func styleHide(style string) hideKind {
	style = strings.ToLower(style)
	var color, background, overflow string
	smallBox, farOffset, positioned := false, false, false
	kind := hideNone
	for _, decl := range strings.Split(style, ";") {
		prop, val, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		prop = strings.TrimSpace(prop)
		val = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "!important"))
		switch prop {
		case "display":
			if val == "none" {
				return hideHard
			}
		case "visibility":
			if val == "hidden" || val == "collapse" {
				kind |= hideVisibility
			}
		case "font-size":
			if n, unit, ok := cssLength(val); ok && (n <= 0 || unit == "px" && n < 2) {
				kind |= hideFont
			}
		case "opacity":
			if n, unit, ok := cssLength(val); ok && (unit == "%" && n < 5 || unit == "" && n < 0.05) {
				return hideHard
			}
		case "text-indent", "margin-left", "margin-top":
			if n, unit, ok := cssLength(val); ok && farOff(n, unit) {
				return hideHard
			}
		case "left", "top", "right", "bottom":
			if n, unit, ok := cssLength(val); ok && farOff(n, unit) {
				farOffset = true
			}
		case "position":
			positioned = val == "absolute" || val == "fixed"
		case "clip":
			if strings.HasPrefix(val, "rect(0") || strings.HasPrefix(val, "rect(1px") {
				return hideHard
			}
		case "clip-path":
			if strings.Contains(val, "inset(50%)") || strings.Contains(val, "inset(100%)") || strings.HasPrefix(val, "circle(0") {
				return hideHard
			}
		case "transform":
			if strings.Contains(val, "scale(0)") || strings.Contains(val, "scale(0,") {
				return hideHard
			}
		case "width", "height", "max-height", "max-width":
			if n, _, ok := cssLength(val); ok && n <= 1 {
				smallBox = true
			}
		case "overflow":
			overflow = val
		case "color":
			color = val
		case "background", "background-color":
			background = val
		}
	}
	if farOffset && positioned || smallBox && overflow == "hidden" || color == "transparent" ||
		color != "" && background != "" && sameColor(color, background) {
		return hideHard
	}
	return kind
}

// styleShows reports which soft hides CSS declarations undo for an element's own content: a
// readable font size, visibility:visible.
func styleShows(style string) hideKind {
	style = strings.ToLower(style)
	kind := hideNone
	for _, decl := range strings.Split(style, ";") {
		prop, val, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "!important"))
		switch strings.TrimSpace(prop) {
		case "font-size", "font":
			if n, unit, ok := cssLength(val); ok && n > 0 && (unit != "px" || n >= 2) {
				kind |= hideFont
			}
		case "visibility":
			if val == "visible" {
				kind |= hideVisibility
			}
		}
	}
	return kind
}

func farOff(n float64, unit string) bool {
	switch unit {
	case "px", "pt", "":
		return n <= -500
	case "em", "rem", "ch", "ex":
		return n <= -50
	case "%", "vw", "vh":
		return n <= -100
	}
	return false
}

// cssLength parses a CSS number with an optional unit ("0", "-9999px", "0.0", "1.5em").
func cssLength(v string) (float64, string, bool) {
	i := 0
	for i < len(v) && (v[i] >= '0' && v[i] <= '9' || v[i] == '.' || v[i] == '-' || v[i] == '+') {
		i++
	}
	if i == 0 {
		return 0, "", false
	}
	n, err := strconv.ParseFloat(v[:i], 64)
	if err != nil {
		return 0, "", false
	}
	return n, strings.TrimSpace(v[i:]), true
}

var colorNames = map[string]string{
	"white": "#ffffff", "#fff": "#ffffff", "rgb(255,255,255)": "#ffffff", "black": "#000000",
	"#000": "#000000", "rgb(0,0,0)": "#000000",
}

func sameColor(a, b string) bool {
	norm := func(c string) string {
		c = strings.ReplaceAll(c, " ", "")
		if n, ok := colorNames[c]; ok {
			return n
		}
		return c
	}
	// A background shorthand may carry more than a colour; compare its first word.
	if f := strings.Fields(b); len(f) > 0 {
		b = f[0]
	}
	return norm(a) == norm(b)
}
