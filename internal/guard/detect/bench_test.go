package detect

import (
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"
)

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

func BenchmarkScoreMixed64KiB(b *testing.B) {
	m := Default()
	s := mixedText(64 << 10)
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Score(s, s)
	}
}

func BenchmarkScore4KiB(b *testing.B) {
	m := Default()
	s := mixedText(4 << 10)
	b.SetBytes(int64(len(s)))
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		m.Score(s, s)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}
