package web

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used, all threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchPerCPU runs fn b.N times and reports MB per CPU-second next to wall-clock MB/s: on a
// shared machine, wall-clock time understates what one core does.
func benchPerCPU(b *testing.B, size int, fn func()) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		fn()
	}
	if used := cpuTime() - start; used > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/used.Seconds()/1e6, "MB/cpu-s")
	}
}

// articlePage builds a deterministic page shaped like a real news or docs article of about n
// bytes: a head with inline CSS, analytics and JSON-LD scripts, a mega-menu, breadcrumbs, the
// article (headings, paragraphs with inline links and markup, figures, lists, a data table,
// code), an aside, comments, a cookie banner and a footer full of links.
func articlePage(n int) string {
	r := rand.New(rand.NewPCG(7, 11))
	words := strings.Fields(`agent runtime sandbox policy allowlist request response header cache server client
		network domain page reader browser content script style layout table value field result error limit timeout
		tomato garden water soil season harvest market report analysis growth quarter revenue customer product`)
	sentence := func() string {
		k := 10 + r.IntN(18)
		w := make([]string, k)
		for i := range w {
			w[i] = words[r.IntN(len(words))]
		}
		w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
		return strings.Join(w, " ") + "."
	}
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Quarterly report: what the agent runtime market looks like</title>
<link rel="stylesheet" href="/assets/site.css"><link rel="preload" href="/fonts/inter.woff2" as="font">
<style>:root{--fg:#111;--bg:#fff}body{font:16px/1.6 Inter,sans-serif;color:var(--fg)}.visually-hidden{position:absolute;clip:rect(0 0 0 0)}
.cookie{position:fixed;bottom:0}.menu ul{display:flex}.ad{display:none}</style>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Quarterly report","author":{"@type":"Person","name":"A. Writer"}}</script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-XXXX');</script>
<script src="/assets/app.js" defer></script></head><body>
<a class="visually-hidden" href="#main">Skip to content</a>
<header><nav class="menu" aria-label="Main"><ul>`)
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, `<li><a href="/section/%d">Section %d</a><ul class="sub">`, i, i)
		for j := 0; j < 5; j++ {
			fmt.Fprintf(&b, `<li><a href="/section/%d/topic-%d">Topic %d</a></li>`, i, j, j)
		}
		b.WriteString("</ul></li>")
	}
	b.WriteString(`</ul></nav><ol class="crumbs"><li><a href="/">Home</a></li><li><a href="/reports">Reports</a></li></ol></header>
<main id="main"><article><h1>Quarterly report: what the agent runtime market looks like</h1><p class="byline">By A. Writer · 5 min read</p>`)
	for i := 0; b.Len() < n-6000; i++ {
		switch i % 9 {
		case 0:
			fmt.Fprintf(&b, "<h2 id=\"h%d\">%s</h2>\n", i, sentence())
		case 1, 2, 3, 5:
			fmt.Fprintf(&b, "<p>%s <a href=\"https://example.org/ref/%d?utm_source=x&amp;id=%d\">%s</a> <strong>%s</strong> %s <em>%s</em></p>\n",
				sentence(), i, r.IntN(1000), words[r.IntN(len(words))], sentence(), sentence(), words[r.IntN(len(words))])
		case 4:
			fmt.Fprintf(&b, `<figure><img src="/img/%d.jpg" alt="chart %d" width="800" height="400"><figcaption>%s</figcaption></figure>`+"\n", i, i, sentence())
		case 6:
			b.WriteString("<table class=\"data\"><thead><tr><th>Quarter</th><th>Revenue</th><th>Growth</th><th>Customers</th></tr></thead><tbody>")
			for j := 0; j < 8; j++ {
				fmt.Fprintf(&b, "<tr><td>Q%d</td><td>%d.%d M</td><td>%d%%</td><td>%d</td></tr>", j%4+1, r.IntN(900), r.IntN(10), r.IntN(40), r.IntN(100000))
			}
			b.WriteString("</tbody></table>\n")
		case 7:
			b.WriteString("<ul>")
			for j := 0; j < 5; j++ {
				fmt.Fprintf(&b, "<li>%s</li>", sentence())
			}
			b.WriteString("</ul>\n<div class=\"ad\"><script>loadAd()</script>Sponsored</div>\n")
		case 8:
			fmt.Fprintf(&b, "<pre><code>func step%d(ctx context.Context) error {\n\treturn run(ctx, %d)\n}</code></pre>\n", i, i)
		}
	}
	b.WriteString(`</article><aside><h2>Related</h2><ul>`)
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, `<li><a href="/reports/%d">%s</a></li>`, i, sentence())
	}
	b.WriteString(`</ul></aside></main><div class="cookie" role="dialog"><p>We use cookies.</p><button>Accept</button></div>
<footer><ul>`)
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, `<li><a href="/footer/%d">Footer link %d</a></li>`, i, i)
	}
	b.WriteString(`</ul><p>© 2026 Example Media</p></footer><script>document.querySelectorAll('a').forEach(function(a){a.rel='noopener'})</script></body></html>`)
	return b.String()
}

// BenchmarkReadPage measures read_webpage's HTML to readable text path (charset detection,
// guard.HTMLText, link resolution, rendering) on real-world-sized article pages. Target: at
// least 50 MB/s per core (see the MB/cpu-s metric).
func BenchmarkReadPage(b *testing.B) {
	f := newFetcher(Config{}.withDefaults())
	for _, size := range []int{100 << 10, 200 << 10, 300 << 10} {
		page := []byte(articlePage(size))
		for _, q := range []string{"", "revenue growth per quarter"} {
			name := fmt.Sprintf("%dKiB", size>>10)
			if q != "" {
				name += "/question"
			}
			b.Run(name, func(b *testing.B) {
				benchPerCPU(b, len(page), func() {
					if _, err := readText(f, page, "text/html; charset=utf-8", q); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

// BenchmarkNeutraliseLinks measures NeutraliseLinks on a 100 KiB Markdown report full of links.
func BenchmarkNeutraliseLinks(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 100<<10; i++ {
		fmt.Fprintf(&sb, "## Part %d\n\nSome text with a [link](https://good.test/%d) and ![img](https://attacker.test/p?d=%d) and https://docs.test/x/%d.\n\n", i, i, i, i)
	}
	text := sb.String()
	p := testPolicy(b, "good.test")
	benchPerCPU(b, len(text), func() { NeutraliseLinks(text, p) })
}
