package detect

import (
	"math/rand/v2"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time. The benchmarks report throughput per CPU
// second as well as per wall second: on a shared machine wall time overstates the cost.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration, bytes int) {
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/d.Seconds()/1e6, "MB/cpu-s")
	}
}

// mixedText is deterministic mixed tool output: prose, code, a table, JSON, some non-ASCII.
func mixedText(n int) string {
	parts := []string{
		"The committee reviewed the budget line by line and agreed to revisit the maintenance items in the spring. ",
		"func main() {\n\tfmt.Println(\"hello, world\")\n\tos.Exit(run(os.Args[1:]))\n}\n",
		"| id | name | status |\n| 1 | alpha | ok |\n| 2 | beta | failed |\n",
		`{"status": "ok", "items": [{"id": 1, "title": "Quarterly report"}, {"id": 2, "title": "Roadmap"}]}` + "\n",
		"Die Sitzung wurde vertagt; les résultats sont attendus la semaine prochaine. 会议将于下周举行。\n",
		"2026-11-25T03:49:29Z INFO request served path=/api/v1/tasks status=200 duration=12ms\n",
		"Please review the attached slides before Thursday and send me your comments. Thanks, Dana\n",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()[:n]
}

// benchScore measures Score(raw, cleaned) in bytes of raw per CPU second.
func benchScore(b *testing.B, raw, cleaned string) {
	m := defaultModel(b)
	b.SetBytes(int64(len(raw)))
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		m.Score(raw, cleaned)
	}
	reportCPU(b, c0, len(raw))
}

func BenchmarkScoreMixed64KiB(b *testing.B) {
	s := mixedText(64 << 10)
	benchScore(b, s, s)
}

func BenchmarkScore4KiB(b *testing.B) {
	m := defaultModel(b)
	s := mixedText(4 << 10)
	b.SetBytes(int64(len(s)))
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		m.Score(s, s)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportCPU(b, c0, len(s))
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// htmlPage is 64 KiB of cards, each with a hidden menu and a comment.
func htmlPage() string {
	var sb strings.Builder
	for sb.Len() < 64<<10 {
		sb.WriteString(`<div class="card" data-id="42"><h2 title="Item">Quarterly report</h2><p style="color:#333">Revenue grew 8% and the slides are attached.</p><a href="/x" aria-label="Open">Open</a></div><nav style="display:none"><a href="/">Home</a></nav><!-- card end -->` + "\n")
	}
	return sb.String()
}

// BenchmarkScoreHTMLAsText scores a page given to the model as it is, markup and all (a tool
// that prints an HTML file): raw and cleaned are the same.
func BenchmarkScoreHTMLAsText(b *testing.B) {
	s := htmlPage()
	benchScore(b, s, s)
}

func BenchmarkScoreHTML(b *testing.B) {
	s := htmlPage()
	benchScore(b, s, stripMarkup(s))
}
