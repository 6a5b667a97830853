package server

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// metrics holds the server's counters and histograms and writes them in the Prometheus text
// format. Every series carries a tenant label, so a tenant's admin can be shown only its own.
type metrics struct {
	mu        sync.Mutex
	requests  map[[3]string]uint64 // tenant, route, code
	latency   map[[2]string]*histogram
	steps     map[[2]string]uint64 // tenant, outcome
	toolCalls map[[2]string]uint64 // tenant, decision kind
	tokens    map[string]uint64
	denials   map[[2]string]uint64 // tenant, reason
	flags     map[string]uint64    // injection detections
	running   map[string]int64
	ended     map[[2]string]uint64 // tenant, task status
	stepTime  map[string]*histogram
}

func newMetrics() *metrics {
	return &metrics{
		requests: map[[3]string]uint64{}, latency: map[[2]string]*histogram{}, steps: map[[2]string]uint64{},
		toolCalls: map[[2]string]uint64{}, tokens: map[string]uint64{}, denials: map[[2]string]uint64{},
		flags: map[string]uint64{}, running: map[string]int64{}, ended: map[[2]string]uint64{}, stepTime: map[string]*histogram{},
	}
}

// Buckets in seconds, from a cached read to a long agent step.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

func (h *histogram) observe(v float64) {
	if h.counts == nil {
		h.counts = make([]uint64, len(latencyBuckets)+1)
	}
	i := sort.SearchFloat64s(latencyBuckets, v)
	h.counts[i]++
	h.sum += v
	h.n++
}

func (m *metrics) request(tenant, route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[3]string{tenant, route, strconv.Itoa(code)}]++
	h := m.latency[[2]string{tenant, route}]
	if h == nil {
		h = &histogram{}
		m.latency[[2]string{tenant, route}] = h
	}
	h.observe(d.Seconds())
}

func (m *metrics) denial(tenant, reason string) {
	m.mu.Lock()
	m.denials[[2]string{tenant, reason}]++
	m.mu.Unlock()
}

func (m *metrics) stepDone(tenant, outcome string, tokens int64, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.steps[[2]string{tenant, outcome}]++
	if tokens > 0 {
		m.tokens[tenant] += uint64(tokens)
	}
	h := m.stepTime[tenant]
	if h == nil {
		h = &histogram{}
		m.stepTime[tenant] = h
	}
	h.observe(d.Seconds())
}

func (m *metrics) toolCall(tenant, kind string, flagged bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.toolCalls[[2]string{tenant, kind}]++
	if flagged {
		m.flags[tenant]++
	}
}

func (m *metrics) taskEnded(tenant, status string) {
	m.mu.Lock()
	m.ended[[2]string{tenant, status}]++
	m.mu.Unlock()
}

func (m *metrics) addRunning(tenant string, d int64) {
	m.mu.Lock()
	m.running[tenant] += d
	m.mu.Unlock()
}

// write writes every series, or only tenant's when only is not empty.
func (m *metrics) write(w io.Writer, only string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keep := func(t string) bool { return only == "" || t == only }
	var b strings.Builder

	header := func(name, typ, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	header("paddock_requests_total", "counter", "API requests by tenant, route and status code.")
	for _, k := range sortedKeys3(m.requests) {
		if keep(k[0]) {
			fmt.Fprintf(&b, "paddock_requests_total{tenant=%q,route=%q,code=%q} %d\n", k[0], k[1], k[2], m.requests[k])
		}
	}
	header("paddock_request_duration_seconds", "histogram", "API request latency by tenant and route.")
	for _, k := range sortedKeys2(m.latency) {
		if keep(k[0]) {
			writeHist(&b, "paddock_request_duration_seconds", fmt.Sprintf("tenant=%q,route=%q", k[0], k[1]), m.latency[k])
		}
	}
	header("paddock_steps_total", "counter", "Agent steps by tenant and outcome.")
	writeCounter2(&b, keep, "paddock_steps_total", "outcome", m.steps)
	header("paddock_step_duration_seconds", "histogram", "Agent step wall time by tenant.")
	for _, t := range sortedKeys1(m.stepTime) {
		if keep(t) {
			writeHist(&b, "paddock_step_duration_seconds", fmt.Sprintf("tenant=%q", t), m.stepTime[t])
		}
	}
	header("paddock_tool_calls_total", "counter", "Tool calls by tenant and decision.")
	writeCounter2(&b, keep, "paddock_tool_calls_total", "decision", m.toolCalls)
	header("paddock_model_tokens_total", "counter", "Model tokens used by tenant.")
	writeCounter1(&b, keep, "paddock_model_tokens_total", m.tokens)
	header("paddock_denials_total", "counter", "Requests or calls refused, by tenant and reason (rate_limit, concurrency, quota, policy, user, auth).")
	writeCounter2(&b, keep, "paddock_denials_total", "reason", m.denials)
	header("paddock_injection_flags_total", "counter", "Tool outputs flagged as likely prompt injection, by tenant.")
	writeCounter1(&b, keep, "paddock_injection_flags_total", m.flags)
	header("paddock_tasks_ended_total", "counter", "Tasks that ended, by tenant and status (finished, failed, budget, interrupted): a tenant whose tasks fail shows here.")
	writeCounter2(&b, keep, "paddock_tasks_ended_total", "status", m.ended)
	header("paddock_running_steps", "gauge", "Agent steps running now, by tenant.")
	writeCounter1(&b, keep, "paddock_running_steps", m.running)
	_, _ = io.WriteString(w, b.String())
}

func writeHist(b *strings.Builder, name, labels string, h *histogram) {
	var cum uint64
	for i, le := range latencyBuckets {
		cum += h.counts[i]
		fmt.Fprintf(b, "%s_bucket{%s,le=%q} %d\n", name, labels, strconv.FormatFloat(le, 'g', -1, 64), cum)
	}
	cum += h.counts[len(latencyBuckets)]
	fmt.Fprintf(b, "%s_bucket{%s,le=\"+Inf\"} %d\n", name, labels, cum)
	fmt.Fprintf(b, "%s_sum{%s} %s\n", name, labels, strconv.FormatFloat(h.sum, 'g', -1, 64))
	fmt.Fprintf(b, "%s_count{%s} %d\n", name, labels, h.n)
}

// writeCounter1 writes one series per tenant of a tenant-labelled metric.
func writeCounter1[V uint64 | int64](b *strings.Builder, keep func(string) bool, name string, m map[string]V) {
	for _, t := range sortedKeys1(m) {
		if keep(t) {
			fmt.Fprintf(b, "%s{tenant=%q} %d\n", name, t, m[t])
		}
	}
}

// writeCounter2 writes one series per (tenant, label) of a metric with one more label.
func writeCounter2(b *strings.Builder, keep func(string) bool, name, label string, m map[[2]string]uint64) {
	for _, k := range sortedKeys2(m) {
		if keep(k[0]) {
			fmt.Fprintf(b, "%s{tenant=%q,%s=%q} %d\n", name, k[0], label, k[1], m[k])
		}
	}
}

func sortedKeys1[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedKeys2[V any](m map[[2]string]V) [][2]string {
	out := make([][2]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0]+"\x00"+out[i][1] < out[j][0]+"\x00"+out[j][1] })
	return out
}

func sortedKeys3[V any](m map[[3]string]V) [][3]string {
	out := make([][3]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		return strings.Join(out[i][:], "\x00") < strings.Join(out[j][:], "\x00")
	})
	return out
}
