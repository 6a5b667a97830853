package guard

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// TestHTMLTextGolden compares HTMLText's rendering of each testdata/html/*.html page with its
// .golden file. Run with -update after an intended change and review the diff.
func TestHTMLTextGolden(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("testdata", "html", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no golden pages under testdata/html: %v", err)
	}
	for _, page := range pages {
		t.Run(filepath.Base(page), func(t *testing.T) {
			f, err := os.Open(page)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			doc, err := HTMLText(f)
			if err != nil {
				t.Fatal(err)
			}
			got := doc.String()
			if strings.Contains(got, "HIDDEN") {
				t.Errorf("hidden content leaked into the text:\n%s", got)
			}
			golden := strings.TrimSuffix(page, ".html") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("HTMLText(%s) differs from %s:\n--- got\n%s\n--- want\n%s", page, golden, got, want)
			}
		})
	}
}

func TestHTMLTextHidesElements(t *testing.T) {
	tests := []struct{ name, html string }{
		{"display none", `<div style="display:none">SECRET</div>`},
		{"display none spaced important", `<div style="DISPLAY : none !important">SECRET</div>`},
		{"visibility hidden", `<div style="visibility:hidden">SECRET</div>`},
		{"font-size 0", `<span style="font-size:0">SECRET</span>`},
		{"font-size 1px", `<span style="font-size:1px">SECRET</span>`},
		{"opacity 0", `<span style="opacity:0.0">SECRET</span>`},
		{"offscreen left", `<div style="position:absolute;left:-9999px">SECRET</div>`},
		{"offscreen top first", `<div style="top:-10000px;position:fixed">SECRET</div>`},
		{"text-indent", `<div style="text-indent:-9999px">SECRET</div>`},
		{"clip sr-only", `<span style="position:absolute;clip:rect(0 0 0 0)">SECRET</span>`},
		{"zero box", `<div style="height:0;overflow:hidden">SECRET</div>`},
		{"scale 0", `<div style="transform:scale(0)">SECRET</div>`},
		{"transparent text", `<p style="color:transparent">SECRET</p>`},
		{"white on white", `<p style="color:white;background:#FFF">SECRET</p>`},
		{"hidden attribute", `<section hidden>SECRET</section>`},
		{"aria-hidden", `<div aria-hidden="true"><p>SECRET</p></div>`},
		{"sr-only class", `<span class="x sr-only">SECRET</span>`},
		{"style class rule", `<style>.a, .ghost { display : none }</style><p class="ghost">SECRET</p>`},
		{"style id rule", `<style>/* c */ #g{visibility:hidden}</style><p id="g">SECRET</p>`},
		{"script", `<script>var a = "SECRET";</script>`},
		{"style content", `<style>p::after{content:"SECRET"}</style>`},
		{"comment", `<!-- SECRET -->`},
		{"template", `<template><p>SECRET</p></template>`},
		{"noscript", `<noscript>SECRET</noscript>`},
		{"closed dialog", `<dialog><p>SECRET</p></dialog>`},
		{"iframe fallback", `<iframe>SECRET</iframe>`},
		{"nested same tag", `<div hidden><div>SECRET</div>SECRET</div>`},
		{"font-size 0 around unsized text", `<div style="font-size:0">SECRET<span>SECRET</span><span style="font-size:16px">shown</span>SECRET</div>`},
		{"font override does not undo visibility", `<div style="font-size:0;visibility:hidden"><span style="font-size:16px">SECRET</span></div>`},
		{"hard hide cannot be undone", `<div style="display:none"><span style="font-size:16px;visibility:visible">SECRET</span></div>`},
		{"hidden inside override", `<div style="font-size:0"><p style="font-size:12px">shown<span hidden>SECRET</span>shown</p>SECRET</div>`},
		{"nested same name override", `<div style="font-size:0"><div style="font-size:12px"><div>shown</div>shown</div>SECRET</div>`},
		{"list inside hidden item", `<ul><li hidden>x<ul><li>SECRET<li>SECRET</ul>SECRET</li><li>ok</ul>`},
		{"table inside hidden cell", `<table><tr><td hidden><table><tr><td>SECRET<td>SECRET</table>SECRET<td>ok</table>`},
		{"aria-label attribute", `<img src="a.png" aria-label="SECRET">`},
		{"title attribute", `<p title="SECRET">x</p>`},
		{"javascript link target", `<a href="javascript:SECRET()">x</a>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := HTMLTextString("<p>before</p>" + tt.html + "<p>after</p>")
			s := doc.String()
			if strings.Contains(s, "SECRET") {
				t.Errorf("hidden text visible:\n%s", s)
			}
			if !strings.Contains(s, "before") || !strings.Contains(s, "after") {
				t.Errorf("visible text lost:\n%s", s)
			}
		})
	}
}

func TestHTMLTextUnclosedHiddenRunsToEnd(t *testing.T) {
	if s := HTMLTextString(`<p>before</p><div hidden>SECRET<p>SECRET too`).String(); s != "before" {
		t.Errorf("got %q, want only the text before the unclosed hidden element", s)
	}
}

func TestHTMLTextKeepsVisible(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"media query rule", `<style>@media print { .p { display:none } }</style><p class="p">VISIBLE</p>`, "VISIBLE"},
		{"responsive hidden class", `<div class="hidden md:block">VISIBLE</div>`, "VISIBLE"},
		{"open dialog", `<dialog open>VISIBLE</dialog>`, "VISIBLE"},
		{"details", `<details><summary>S</summary>VISIBLE</details>`, "VISIBLE"},
		{"small negative margin", `<p style="margin-left:-5px">VISIBLE</p>`, "VISIBLE"},
		{"opacity 1", `<p style="opacity:1">VISIBLE</p>`, "VISIBLE"},
		{"aria-hidden false", `<p aria-hidden="false">VISIBLE</p>`, "VISIBLE"},
		{"entity", `<p>A &amp; B &lt;tag&gt;</p>`, "A & B <tag>"},
		{"paragraph after hidden p", `<p hidden>x<p>VISIBLE`, "VISIBLE"},
		{"item after hidden li", `<ul><li hidden>x<li>VISIBLE</ul>`, "- VISIBLE"},
		{"item after hidden li with unclosed nested list items", `<ul><li hidden><ol><li>a<li>b</ol><li>VISIBLE</ul>`, "- VISIBLE"},
		{"list after hidden li", `<ul><li hidden>x</ul><p>VISIBLE`, "VISIBLE"},
		{"font-size 0 layout trick", `<div style="font-size:0"><span style="font-size:16px">VISIBLE</span> <span style="font-size:16px">TOO</span></div>`, "VISIBLE TOO"},
		{"font-size 0 layout trick with classes", `<style>.row{font-size:0}.col{font-size:14px}</style><div class="row"><div class="col">VISIBLE</div></div>`, "VISIBLE"},
		{"visibility override", `<div style="visibility:hidden"><p style="visibility:visible">VISIBLE</p></div>`, "VISIBLE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s := HTMLTextString(tt.html).String(); !strings.Contains(s, tt.want) {
				t.Errorf("want %q in:\n%s", tt.want, s)
			}
		})
	}
}

func TestHTMLTextLinks(t *testing.T) {
	doc := HTMLTextString(`<base href="https://example.org/docs/"><a href="a.html">A</a> <a href=" https://x.test/b ">B</a>
		<a href="a.html">A again</a> <a href="#top">top</a> <a href="data:text/html,x">d</a> <a href="mailto:m@example.org">mail</a>`)
	want := []Link{{"A", "a.html"}, {"B", "https://x.test/b"}, {"mail", "mailto:m@example.org"}}
	if len(doc.Links) != len(want) {
		t.Fatalf("links = %+v, want %+v", doc.Links, want)
	}
	for i := range want {
		if doc.Links[i] != want[i] {
			t.Errorf("link %d = %+v, want %+v", i, doc.Links[i], want[i])
		}
	}
	if !strings.Contains(doc.Text, "A[1] B[2] A again[1] top d mail[3]") {
		t.Errorf("link markers wrong: %q", doc.Text)
	}
	page, _ := url.Parse("https://example.org/index.html")
	doc.ResolveLinks(page)
	if doc.Links[0].URL != "https://example.org/docs/a.html" {
		t.Errorf("resolved link = %q", doc.Links[0].URL)
	}
}

func TestHTMLTextManyCSSComments(t *testing.T) {
	page := "<style>" + strings.Repeat("/*c*/", 200_000) + ".x{display:none}</style><p class=x>SECRET</p><p>ok</p>"
	if s := HTMLTextString(page).String(); s != "ok" {
		t.Errorf("got %q", s)
	}
}

func TestHTMLTextReaderError(t *testing.T) {
	_, err := HTMLText(iotest.ErrReader(os.ErrDeadlineExceeded))
	if err == nil || !strings.Contains(err.Error(), "reading HTML") {
		t.Fatalf("err = %v, want a wrapped read error", err)
	}
}

func FuzzHTMLText(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join("testdata", "html", "*.html"))
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(string(b))
		}
	}
	f.Add(`<p style="display:none">x<p>y`)
	f.Add(`<style>.a{display:none}}}@media{{.b{</style><p class=a>z`)
	f.Add("<a href=\"\x1b[31m\">\u202e</a>")
	f.Fuzz(func(t *testing.T, page string) {
		doc, err := HTMLText(strings.NewReader(page))
		if err != nil {
			t.Fatalf("HTMLText on a strings.Reader failed: %v", err)
		}
		for _, s := range []string{doc.Title, doc.Text} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
			checkFiltered(t, page, s)
		}
		for _, l := range doc.Links {
			checkFiltered(t, page, l.URL)
			if strings.HasPrefix(strings.ToLower(l.URL), "javascript:") {
				t.Fatalf("javascript link kept: %q", l.URL)
			}
		}
	})
}
