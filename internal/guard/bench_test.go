package guard

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// cpuTime is the CPU time this process has used (user + system, all threads, GC included).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// perCPU runs fn b.N times and reports throughput per CPU-second ("MB/cpu-s") next to the
// wall-clock MB/s: on a machine shared with other jobs, wall-clock time understates what one core
// does, CPU time does not.
func perCPU(b *testing.B, bytes int, fn func()) {
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		fn()
	}
	if used := cpuTime() - start; used > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/used.Seconds()/1e6, "MB/cpu-s")
	}
}

// syntheticPage builds a deterministic page shaped like a real article or docs page: head with
// styles and scripts, navigation, paragraphs with inline markup and links, lists, a table, hidden
// blocks and a footer; about n bytes.
func syntheticPage(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields(`the agent reads a page and answers from it while the guard removes hidden text
		scripts styles and comments so that only the visible article reaches the model tomatoes need six hours
		of sun configuration options include timeout retries and the proxy address`)
	sentence := func() string {
		k := 8 + r.IntN(16)
		w := make([]string, k)
		for i := range w {
			w[i] = words[r.IntN(len(words))]
		}
		return strings.Join(w, " ") + "."
	}
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Synthetic article</title>
<style>body{font:16px/1.5 sans-serif}.hidden-note{display:none}.nav a{margin:0 4px}</style>
<script>(function(){var d=document;window.analytics=[];for(var i=0;i<10;i++){analytics.push(i)}})();</script>
</head><body><nav class="nav"><a href="/">Home</a><a href="/docs">Docs</a><a href="/blog">Blog</a></nav><main>`)
	for i := 0; b.Len() < n; i++ {
		switch i % 7 {
		case 0:
			fmt.Fprintf(&b, "<h2 id=\"s%d\">Section %d</h2>\n", i, i)
		case 1, 2, 3:
			fmt.Fprintf(&b, "<p class=\"para\">%s <a href=\"/page/%d?ref=x&amp;y=%d\">%s</a> <em>%s</em> %s</p>\n",
				sentence(), i, r.IntN(100), words[r.IntN(len(words))], words[r.IntN(len(words))], sentence())
		case 4:
			b.WriteString("<ul>")
			for j := 0; j < 4; j++ {
				fmt.Fprintf(&b, "<li><code>opt%d</code> %s</li>", j, sentence())
			}
			b.WriteString("</ul>\n")
		case 5:
			b.WriteString(`<table class="data"><tr><th>Name</th><th>Value</th></tr>`)
			for j := 0; j < 5; j++ {
				fmt.Fprintf(&b, "<tr><td>key%d</td><td>%d</td></tr>", j, r.IntN(1000))
			}
			b.WriteString("</table>\n<!-- generated table -->\n")
		case 6:
			fmt.Fprintf(&b, "<div class=\"hidden-note\">%s</div><div style=\"display:none\">%s</div><script>track(%d)</script>\n", sentence(), sentence(), i)
		}
	}
	b.WriteString("</main><footer><p>© 2026 Example</p></footer></body></html>")
	return b.String()
}

func benchPages(b *testing.B) map[string]string {
	pages := map[string]string{"synthetic-200KiB": syntheticPage(200 << 10)}
	// The Go specification is a real page of about 280 KB, present wherever the benchmark can run.
	if root, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		if spec, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(root)), "doc", "go_spec.html")); err == nil {
			pages["go_spec"] = string(spec)
		}
	}
	return pages
}

// BenchmarkHTMLText measures HTML to readable text on real-world-sized pages (target: >= 50 MB/s).
func BenchmarkHTMLText(b *testing.B) {
	for name, page := range benchPages(b) {
		b.Run(name, func(b *testing.B) {
			perCPU(b, len(page), func() { _ = HTMLTextString(page) })
		})
	}
}

// mixedText builds a deterministic mix of what tools return: prose, code, JSON, coloured test
// output, logs with hashes and UUIDs, and some non-ASCII text; about n bytes.
func mixedText(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 7))
	parts := []string{
		"The committee reviewed the budget line by line and agreed to revisit the maintenance items in the spring.\n",
		"func (s *Server) handle(w http.ResponseWriter, r *http.Request) {\n\tif err := s.check(r); err != nil {\n\t\thttp.Error(w, err.Error(), 400)\n\t}\n}\n",
		`{"id": "123e4567-e89b-12d3-a456-426614174000", "name": "build", "status": "ok", "duration_ms": 4123}` + "\n",
		"\x1b[32mPASS\x1b[0m  src/app.test.ts (1.2s)\n\x1b[31mFAIL\x1b[0m  src/api.test.ts\n  Expected 200, received 500\n",
		"commit 3f786850e387550fdab836ed7e6dc881de23001b\nAuthor: Dev <dev@example.org>\n\n    fix: handle empty input\n",
		"2026-11-25T04:00:00Z INFO request served path=/api/v1/items status=200 bytes=5123 latency=3.2ms\n",
		"Résumé: café, naïve, Ångström — 東京の会議は金曜日です。Привет, мир! 👍 Great work ❤️\n",
		"Visit https://docs.example.org/guide?section=install&lang=en for details; see RFC 9110 §15.\n",
		"Please disregard my previous email, the meeting moved to 3pm. New instructions for parking are attached.\n",
	}
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	s := b.String()
	cut := n
	for cut < len(s) && cut > 0 && s[cut]&0xc0 == 0x80 {
		cut--
	}
	return s[:min(cut, len(s))]
}

// BenchmarkFilter measures Filter on mixed tool output.
func BenchmarkFilter(b *testing.B) {
	text := mixedText(1<<20, 1)
	perCPU(b, len(text), func() { _ = Filter(text) })
}

// BenchmarkRedact measures the Redactor (token formats and two configured secrets) on mixed text.
func BenchmarkRedact(b *testing.B) {
	text := mixedText(1<<20, 2)
	r := NewRedactor(Secret{Name: "OPENAI_API_KEY", Value: fakeOpenAI}, Secret{Name: "CANARY", Value: "CANARY-tenantA-8f3e2a"})
	perCPU(b, len(text), func() { _, _ = r.Redact(text) })
}

// zeroDetector scores everything 0: the pipeline's own cost, without a detector.
type zeroDetector struct{}

func (zeroDetector) Score(raw, cleaned string) DetectResult { return DetectResult{} }
func (zeroDetector) Thresholds() (float64, float64)         { return 0.5, 0.9 }

func benchGuards(b testing.TB) map[string]*Guard {
	secrets := []Secret{{Name: "OPENAI_API_KEY", Value: fakeOpenAI}}
	return map[string]*Guard{
		"no-detector":   mustNew(b, Options{Secrets: secrets, Detector: zeroDetector{}}),
		"with-detector": mustNew(b, Options{Secrets: secrets}),
	}
}

// BenchmarkScreen measures the full pipeline on mixed text (target: >= 25 MB/s per core with the
// detector).
func BenchmarkScreen(b *testing.B) {
	for _, size := range []int{4 << 10, 256 << 10} {
		text := mixedText(size, 3)
		for name, g := range benchGuards(b) {
			b.Run(fmt.Sprintf("%s/%dKiB", name, size>>10), func(b *testing.B) {
				perCPU(b, len(text), func() { _ = g.Screen(text, "bench") })
			})
		}
	}
}

// BenchmarkScreenLatency4KiB reports the 99th percentile of Screen's latency on varied 4 KiB
// inputs (target: p99 <= 1 ms), in wall-clock time and in the calling thread's CPU time (which
// is what the machine's load cannot inflate).
func BenchmarkScreenLatency4KiB(b *testing.B) {
	inputs := make([]string, 64)
	for i := range inputs {
		inputs[i] = mixedText(4<<10, uint64(100+i))
	}
	for name, g := range benchGuards(b) {
		b.Run(name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var wall, cpu []time.Duration
			i := 0
			for b.Loop() {
				c0, t0 := threadCPU(), time.Now()
				_ = g.Screen(inputs[i%len(inputs)], "bench")
				wall = append(wall, time.Since(t0))
				cpu = append(cpu, threadCPU()-c0)
				i++
			}
			b.ReportMetric(float64(p99(wall).Microseconds()), "p99-wall-µs")
			b.ReportMetric(float64(p99(cpu).Microseconds()), "p99-cpu-µs")
		})
	}
}

// threadCPU is the calling thread's CPU time, with nanosecond resolution (getrusage ticks are
// too coarse for one call).
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

func p99(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[(len(s)*99)/100]
}

// BenchmarkFilterNonLatin measures Filter on text that is mostly multi-byte (Russian, Japanese,
// Arabic with ZWNJ, emoji), where every rune takes the slow path.
func BenchmarkFilterNonLatin(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString("Привет, мир! Встреча в пятницу. 東京本社までご連絡ください。می\u200cخواهم کتاب بخرم 👨\u200d👩\u200d👧 ❤\ufe0f\n")
	}
	text := sb.String()
	perCPU(b, len(text), func() { _ = Filter(text) })
}
