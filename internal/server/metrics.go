package server

import (
	"context"
	"io"
	"log/slog"
	"sort"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// metrics holds the server's series in a Prometheus registry of its own (prometheus/client_golang)
// and writes them in the text exposition format. Every per-tenant series carries a tenant label,
// so a tenant's admin is shown only its own; the node's series (database pool, leases, process)
// have none and are shown only to the operator's scrape token.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec   // tenant, route, code
	latency   *prometheus.HistogramVec // tenant, route
	steps     *prometheus.CounterVec   // tenant, outcome
	stepTime  *prometheus.HistogramVec // tenant
	toolCalls *prometheus.CounterVec   // tenant, decision
	tokens    *prometheus.CounterVec   // tenant
	cost      *prometheus.CounterVec   // tenant: US dollars of model calls (rules.go)
	denials   *prometheus.CounterVec   // tenant, reason
	flags     *prometheus.CounterVec   // tenant
	ended     *prometheus.CounterVec   // tenant, status
	running   *prometheus.GaugeVec     // tenant
	reaped    *prometheus.CounterVec   // tenant: steps of dead nodes this node marked interrupted

	// headers are the HELP and TYPE lines of the per-tenant families, written even before a
	// family has its first series, so a scraper (and a tenant's dashboard) knows every metric.
	headers map[string]string
}

// Buckets in seconds, from a cached read to a long agent step.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry(), headers: map[string]string{}}
	m.requests = m.counter("paddock_requests_total", "API requests by tenant, route and status code.", "route", "code")
	m.latency = m.histogram("paddock_request_duration_seconds", "API request latency by tenant and route.", "route")
	m.steps = m.counter("paddock_steps_total", "Agent steps by tenant and outcome.", "outcome")
	m.stepTime = m.histogram("paddock_step_duration_seconds", "Agent step wall time by tenant.")
	m.toolCalls = m.counter("paddock_tool_calls_total", "Tool calls by tenant and decision.", "decision")
	m.tokens = m.counter("paddock_model_tokens_total", "Model tokens used by tenant.")
	m.cost = m.counter("paddock_model_cost_usd_total", "US dollars of model calls by tenant, at the model's list price (models without a price count nothing).")
	m.denials = m.counter("paddock_denials_total", "Requests or calls refused, by tenant and reason (rate_limit, concurrency, quota, policy, user, auth).", "reason")
	m.flags = m.counter("paddock_injection_flags_total", "Tool outputs flagged as likely prompt injection, by tenant.")
	m.ended = m.counter("paddock_tasks_ended_total", "Tasks that ended, by tenant and status (finished, failed, budget, interrupted): a tenant whose tasks fail shows here.", "status")
	m.reaped = m.counter("paddock_steps_reaped_total", "Steps this node marked interrupted because the node running them stopped (its lease ran out, or it closed), by tenant.")
	m.running = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "paddock_running_steps", Help: "Agent steps running now on this node, by tenant."}, []string{"tenant"})
	m.header("paddock_running_steps", "Agent steps running now on this node, by tenant.", "gauge")
	m.reg.MustRegister(m.running, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// counter registers a counter with a tenant label and the others named.
func (m *metrics) counter(name, help string, labels ...string) *prometheus.CounterVec {
	v := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, append([]string{"tenant"}, labels...))
	m.reg.MustRegister(v)
	m.header(name, help, "counter")
	return v
}

// histogram registers a latency histogram with a tenant label and the others named.
func (m *metrics) histogram(name, help string, labels ...string) *prometheus.HistogramVec {
	v := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: latencyBuckets}, append([]string{"tenant"}, labels...))
	m.reg.MustRegister(v)
	m.header(name, help, "histogram")
	return v
}

func (m *metrics) header(name, help, typ string) {
	m.headers[name] = "# HELP " + name + " " + help + "\n# TYPE " + name + " " + typ + "\n"
}

func (m *metrics) request(tenant, route string, code int, d time.Duration) {
	m.requests.WithLabelValues(tenant, route, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(tenant, route).Observe(d.Seconds())
}

func (m *metrics) denial(tenant, reason string) { m.denials.WithLabelValues(tenant, reason).Inc() }

func (m *metrics) stepDone(tenant, outcome string, tokens int64, d time.Duration) {
	m.steps.WithLabelValues(tenant, outcome).Inc()
	if tokens > 0 {
		m.tokens.WithLabelValues(tenant).Add(float64(tokens))
	}
	m.stepTime.WithLabelValues(tenant).Observe(d.Seconds())
}

func (m *metrics) toolCall(tenant, kind string, flagged bool) {
	m.toolCalls.WithLabelValues(tenant, kind).Inc()
	if flagged {
		m.flags.WithLabelValues(tenant).Inc()
	}
}

func (m *metrics) taskEnded(tenant, status string) { m.ended.WithLabelValues(tenant, status).Inc() }

func (m *metrics) addRunning(tenant string, d int64) {
	m.running.WithLabelValues(tenant).Add(float64(d))
}

func (m *metrics) stepReaped(tenant string) { m.reaped.WithLabelValues(tenant).Inc() }

// watchCluster adds the series of a node sharing its database with others: its lease, the nodes
// alive, and its connection pool. They have no tenant label: only the operator sees them.
func (m *metrics) watchCluster(c Cluster, log *slog.Logger) {
	m.reg.MustRegister(&clusterCollector{c: c, log: log})
}

var (
	descLeaseHeld   = prometheus.NewDesc("paddock_node_lease_held", "1 while this node's lease in the shared database is renewed in time, else 0 (its steps may be taken by another node).", nil, nil)
	descLiveNodes   = prometheus.NewDesc("paddock_cluster_live_nodes", "Nodes holding a lease in the shared database.", nil, nil)
	descPoolConns   = prometheus.NewDesc("paddock_db_pool_connections", "Database connections of this node by state (idle, acquired, constructing).", []string{"state"}, nil)
	descPoolMax     = prometheus.NewDesc("paddock_db_pool_max_connections", "The most database connections this node opens.", nil, nil)
	descPoolAcquire = prometheus.NewDesc("paddock_db_pool_acquires_total", "Connections acquired from this node's pool.", nil, nil)
	descPoolEmpty   = prometheus.NewDesc("paddock_db_pool_empty_acquires_total", "Acquisitions that had to wait for a connection.", nil, nil)
	descPoolWait    = prometheus.NewDesc("paddock_db_pool_acquire_wait_seconds_total", "Time spent waiting for a connection from this node's pool.", nil, nil)
)

// clusterCollector reads the cluster's figures at each scrape.
type clusterCollector struct {
	c   Cluster
	log *slog.Logger
}

func (cc *clusterCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descLeaseHeld, descLiveNodes, descPoolConns, descPoolMax, descPoolAcquire, descPoolEmpty, descPoolWait} {
		ch <- d
	}
}

func (cc *clusterCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	st := cc.c.Stats(ctx)
	held := 0.0
	if st.LeaseHeld {
		held = 1
	}
	ch <- prometheus.MustNewConstMetric(descLeaseHeld, prometheus.GaugeValue, held)
	if st.LiveNodes >= 0 {
		ch <- prometheus.MustNewConstMetric(descLiveNodes, prometheus.GaugeValue, float64(st.LiveNodes))
	}
	ch <- prometheus.MustNewConstMetric(descPoolConns, prometheus.GaugeValue, float64(st.PoolIdle), "idle")
	ch <- prometheus.MustNewConstMetric(descPoolConns, prometheus.GaugeValue, float64(st.PoolAcquired), "acquired")
	ch <- prometheus.MustNewConstMetric(descPoolConns, prometheus.GaugeValue, float64(st.PoolConstructing), "constructing")
	ch <- prometheus.MustNewConstMetric(descPoolMax, prometheus.GaugeValue, float64(st.PoolMax))
	ch <- prometheus.MustNewConstMetric(descPoolAcquire, prometheus.CounterValue, float64(st.PoolAcquires))
	ch <- prometheus.MustNewConstMetric(descPoolEmpty, prometheus.CounterValue, float64(st.PoolEmptyAcquires))
	ch <- prometheus.MustNewConstMetric(descPoolWait, prometheus.CounterValue, st.PoolAcquireWait.Seconds())
}

// write writes every series, or, when only is not empty, only that tenant's.
func (m *metrics) write(w io.Writer, only string) {
	families, err := m.reg.Gather()
	if err != nil {
		// Gather returns what it could gather along with the error; show that.
		slog.Default().Warn("metrics: gather", "err", err)
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	written := map[string]bool{}
	for _, mf := range families {
		if only != "" {
			mf = forTenant(mf, only)
		}
		if mf == nil {
			continue
		}
		written[mf.GetName()] = true
		if len(mf.GetMetric()) == 0 {
			_, _ = io.WriteString(w, m.headers[mf.GetName()])
			continue
		}
		if err := enc.Encode(mf); err != nil {
			return // the scraper went away
		}
	}
	names := make([]string, 0, len(m.headers))
	for name := range m.headers {
		if !written[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		_, _ = io.WriteString(w, m.headers[name])
	}
}

// forTenant returns the series of mf that belong to tenant, or nil when mf has no tenant label.
// A family the tenant has no series of yet keeps its HELP and TYPE, so a tenant's dashboard sees
// every metric it may get.
func forTenant(mf *dto.MetricFamily, tenant string) *dto.MetricFamily {
	if len(mf.GetMetric()) == 0 || !hasLabel(mf.GetMetric()[0], "tenant") {
		return nil
	}
	out := &dto.MetricFamily{Name: mf.Name, Help: mf.Help, Type: mf.Type, Unit: mf.Unit}
	for _, s := range mf.GetMetric() {
		for _, l := range s.GetLabel() {
			if l.GetName() == "tenant" && l.GetValue() == tenant {
				out.Metric = append(out.Metric, s)
			}
		}
	}
	return out
}

func hasLabel(s *dto.Metric, name string) bool {
	for _, l := range s.GetLabel() {
		if l.GetName() == name {
			return true
		}
	}
	return false
}

// metricsContentType is what /metrics answers with.
var metricsContentType = string(expfmt.NewFormat(expfmt.TypeTextPlain))
