// Command load drives a paddock Agent Protocol server on loopback with many tenants and a
// scripted model, and prints throughput and latency of task creation and step listing, then the
// noisy-neighbour figure: one tenant's p99 alone and while another tenant floods at ten times its
// rate limit.
//
// It starts everything in-process (the server on 127.0.0.1, a scripted OpenAI-compatible model
// server on 127.0.0.1, a temporary data directory) and is bounded: each phase runs for -duration.
// With -database postgres://... the servers keep their records in that PostgreSQL instead of a
// temporary SQLite database, and the whole table is printed twice: for one node, then for two
// nodes on the one database (in-process, each with its own connection pool; clients alternate
// between them). Run it with bench/load.sh.
//
// With -database, it first measures SQLite and PostgreSQL (one node) side by side in one run,
// alternating, and prints each row's ratio against the target of 2× (compare.go). -database local
// starts a throwaway PostgreSQL (initdb and postgres in a temporary directory, PostgreSQL's
// default durability, as an unprivileged user when run as root) and removes it at the end.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paddock-dev/paddock/internal/cli"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/postgres"
	"github.com/paddock-dev/paddock/internal/store/postgres/pgtest"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
	"github.com/paddock-dev/paddock/internal/tenant"
)

func main() { os.Exit(load()) }

// load runs the benchmark and returns the exit code (after stopping a throwaway cluster).
func load() int {
	var (
		tenants     = flag.Int("tenants", 20, "tenants in the throughput phase")
		workers     = flag.Int("workers", 16, "concurrent clients in the throughput phase")
		duration    = flag.Duration("duration", 3*time.Second, "length of each phase")
		limit       = flag.Float64("limit", 50, "per-tenant rate limit (requests/s) in the noisy-neighbour phase")
		victimRate  = flag.Float64("victim-rate", 40, "the quiet tenant's request rate (requests/s)")
		rounds      = flag.Int("rounds", 3, "noisy-neighbour rounds (alone, then flooded), pooled")
		floodFactor = flag.Float64("flood", 10, "the noisy tenant sends this many times its rate limit")
		database    = flag.String("database", "", "PostgreSQL `URL`, or local for a throwaway cluster: compare it with SQLite side by side, then measure one node and two nodes on it (tenants are created with a fresh prefix; nothing is deleted)")
		cmpRounds   = flag.Int("compare-rounds", 3, "with -database: rounds of the side-by-side comparison (each row on each side -duration per round)")
		stepWorkers = flag.Int("step-workers", 4, "with -database: concurrent clients of the comparison's second step row")
		trace       = flag.Bool("trace", false, "with -database: print the statements PostgreSQL gets for one request of each kind")
		tables      = flag.Bool("tables", true, "with -database: after the comparison, the full tables for one and two nodes")
	)
	flag.Parse()
	nodes := []int{1}
	if *database == "local" {
		c, err := pgtest.Start(true)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load: start a throwaway PostgreSQL:", err)
			return 1
		}
		defer c.Stop()
		*database = c.URL()
	}
	if *database != "" {
		if err := compare(*tenants, *workers, *stepWorkers, *duration, *cmpRounds, *database, *trace); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			return 1
		}
		nodes = []int{1, 2}
		if !*tables {
			nodes = nil
		}
	}
	for _, n := range nodes {
		if err := run(*tenants, *workers, *duration, *limit, *victimRate, *floodFactor, *rounds, *database, n); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			return 1
		}
	}
	return 0
}

// env is one server, or several nodes on one database, with its tenants' keys.
type env struct {
	urls []string
	keys map[string]string
	stop func()
}

// url is the node the i-th request goes to.
func (e *env) url(i int) string { return e.urls[i%len(e.urls)] }

// openStore opens the records of one node: a new SQLite database in dir, or the PostgreSQL
// database at url.
func openStore(dir, url string) (*store.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if url == "" {
		db, err := sqlite.Open(store.DefaultPath(dir))
		if err != nil {
			return nil, err
		}
		return store.New(db), nil
	}
	db, err := postgres.Open(context.Background(), url, postgres.Options{MaxConns: int32(*pool), Tracer: tracer})
	if err != nil {
		return nil, err
	}
	return store.New(db), nil
}

func startEnv(dir string, names []string, limits server.Limits, database string, nodes int) (*env, error) {
	model := llmtest.NewHandler(llmtest.Calls(llmtest.Call("", "list_folder", `{"folder":"."}`)).WithUsage(20, 5))
	model.SetRepeat(true)
	model.SetRecord(false)
	mln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	msrv := &http.Server{Handler: model, ReadHeaderTimeout: 5 * time.Second}
	go msrv.Serve(mln)

	st, err := openStore(dir, database)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	e := &env{keys: map[string]string{}}
	for _, n := range names {
		if _, err := st.CreateTenant(ctx, n); err != nil {
			return nil, err
		}
		plain, hash, id := tenant.NewKey()
		if err := st.Tenant(n).AddKey(ctx, &store.APIKey{Tenant: n, ID: id, Hash: hash, Role: "member"}); err != nil {
			return nil, err
		}
		e.keys[n] = plain
	}
	var stops []func()
	for n := range nodes {
		nst := st
		if n > 0 { // every further node has its own connection pool and lease, as a process would
			if nst, err = openStore(dir, database); err != nil {
				return nil, err
			}
		}
		cfg := server.Config{
			Store: nst, DataDir: dir, Limits: limits, CheckHost: true,
			Model:  llmConfig("http://" + mln.Addr().String() + "/v1"),
			Logger: slog.New(slog.DiscardHandler),
		}
		if pg, ok := nst.Backend().(*postgres.DB); ok {
			cfg.Cluster = cli.PostgresCluster(pg)
		}
		srv, err := server.New(ctx, cfg)
		if err != nil {
			return nil, err
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		hs := srv.HTTPServer()
		go hs.Serve(ln)
		e.urls = append(e.urls, "http://"+ln.Addr().String())
		stops = append(stops, func() {
			hs.Close()
			srv.Close()
			nst.Close()
		})
	}
	e.stop = func() {
		for _, stop := range stops {
			stop()
		}
		msrv.Close()
	}
	return e, nil
}

var client = &http.Client{
	Timeout:   30 * time.Second,
	Transport: &http.Transport{MaxIdleConns: 2000, MaxIdleConnsPerHost: 2000, IdleConnTimeout: time.Minute},
}

// do sends one request and returns its status and latency.
func do(method, url, key string, body any, out any) (int, time.Duration, error) {
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, time.Since(start), err
	}
	raw, err := io.ReadAll(res.Body)
	res.Body.Close()
	d := time.Since(start)
	if err == nil && out != nil && res.StatusCode == 200 {
		err = json.Unmarshal(raw, out)
	}
	return res.StatusCode, d, err
}

// samples collects latencies safely.
type samples struct {
	mu   sync.Mutex
	d    []time.Duration
	errs atomic.Int64
	non  atomic.Int64 // answers other than 200
}

func (s *samples) add(code int, d time.Duration, err error) {
	if err != nil {
		s.errs.Add(1)
		return
	}
	if code != 200 {
		s.non.Add(1)
		return
	}
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
}

func (s *samples) pct(p float64) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.d) == 0 {
		return 0
	}
	d := slices.Clone(s.d)
	slices.Sort(d)
	i := int(p * float64(len(d)-1))
	return d[i]
}

func (s *samples) n() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.d)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// closedLoop runs workers that repeat f until the duration passes.
func closedLoop(workers int, dur time.Duration, f func(w, i int)) time.Duration {
	start := time.Now()
	deadline := start.Add(dur)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				f(w, i)
			}
		}(w)
	}
	wg.Wait()
	return time.Since(start)
}

// openLoop calls f at rate per second for dur, each call in its own goroutine (at most maxInFlight).
func openLoop(rate float64, dur time.Duration, maxInFlight int, f func()) (sent, dropped int) {
	interval := time.Duration(float64(time.Second) / rate)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	deadline := time.After(dur)
	sem := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	for {
		select {
		case <-deadline:
			wg.Wait()
			return sent, dropped
		case <-tick.C:
			select {
			case sem <- struct{}{}:
				sent++
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer func() { <-sem }()
					f()
				}()
			default:
				dropped++
			}
		}
	}
}

func run(nTenants, workers int, dur time.Duration, limit, victimRate, flood float64, rounds int, database string, nodes int) error {
	if nTenants < 2 || workers < 1 || dur <= 0 || limit <= 0 || victimRate <= 0 || flood <= 0 || rounds < 1 || rounds > 20 {
		return errors.New("flags out of range")
	}
	tmp, err := os.MkdirTemp("", "paddock-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	where, prefix := "SQLite WAL", ""
	if database != "" {
		where = fmt.Sprintf("PostgreSQL, %d node(s) on one database", nodes)
		prefix = store.NewID()[8:] + "-" // tenants of earlier runs stay in the database
	}
	fmt.Printf("paddock Agent Protocol load test (loopback, %s, scripted model), %d-s phases\n\n", where, int(dur.Seconds()))

	// Phase 1: throughput with many tenants and generous limits.
	var names []string
	for i := 0; i < nTenants; i++ {
		names = append(names, fmt.Sprintf("%stenant-%02d", prefix, i))
	}
	unlimited := server.Limits{RatePerSecond: 1e6, Burst: 1e6, MaxRunningSteps: 64, MaxRunningStepsTotal: 64, DailySteps: -1, DailyTokens: -1, MaxTasks: -1}
	e, err := startEnv(filepath.Join(tmp, "throughput"), names, unlimited, database, nodes)
	if err != nil {
		return err
	}
	tasks := make([][]string, nTenants)
	var tmu sync.Mutex
	var create samples
	el := closedLoop(workers, dur, func(w, i int) {
		t := (w + i*workers) % nTenants
		var tk server.Task
		code, d, err := do("POST", e.url(i+w)+"/ap/v1/agent/tasks", e.keys[names[t]], map[string]any{"input": "load"}, &tk)
		create.add(code, d, err)
		if code == 200 {
			tmu.Lock()
			tasks[t] = append(tasks[t], tk.TaskID)
			tmu.Unlock()
		}
	})
	fmt.Printf("task creation  %d tenants, %d clients: %6.0f requests/s   p50 %s   p99 %s   (%d ok, %d errors)\n",
		nTenants, workers, float64(create.n())/el.Seconds(), ms(create.pct(0.5)), ms(create.pct(0.99)), create.n(), create.errs.Load()+create.non.Load())

	// Give one task per tenant a few steps, then list them.
	var steps samples
	for t := range names {
		if len(tasks[t]) == 0 {
			return fmt.Errorf("tenant %s created no task", names[t])
		}
		for i := 0; i < 3; i++ {
			code, d, err := do("POST", e.url(i)+"/ap/v1/agent/tasks/"+tasks[t][0]+"/steps", e.keys[names[t]], map[string]any{"additional_input": map[string]any{}}, nil)
			steps.add(code, d, err)
		}
	}
	var list samples
	el = closedLoop(workers, dur, func(w, i int) {
		t := (w + i*workers) % nTenants
		code, d, err := do("GET", e.url(i+w)+"/ap/v1/agent/tasks/"+tasks[t][0]+"/steps?page_size=10", e.keys[names[t]], nil, nil)
		list.add(code, d, err)
	})
	fmt.Printf("step listing   %d tenants, %d clients: %6.0f requests/s   p50 %s   p99 %s   (%d ok, %d errors)\n",
		nTenants, workers, float64(list.n())/el.Seconds(), ms(list.pct(0.5)), ms(list.pct(0.99)), list.n(), list.errs.Load()+list.non.Load())
	fmt.Printf("agent step (scripted model, one tool call): p50 %s   p99 %s   (%d steps)\n\n", ms(steps.pct(0.5)), ms(steps.pct(0.99)), steps.n())
	e.stop()

	// Phase 2: noisy neighbour. quiet sends at victimRate (half task creation, half step listing);
	// noisy floods at flood × its limit.
	limited := server.Limits{RatePerSecond: limit, Burst: int(limit), DailySteps: -1, DailyTokens: -1}
	quietName, noisyName := prefix+"quiet", prefix+"noisy"
	e, err = startEnv(filepath.Join(tmp, "noisy"), []string{quietName, noisyName}, limited, database, nodes)
	if err != nil {
		return err
	}
	defer e.stop()
	var quietTask server.Task
	if code, _, err := do("POST", e.url(0)+"/ap/v1/agent/tasks", e.keys[quietName], map[string]any{"input": "x"}, &quietTask); code != 200 {
		return fmt.Errorf("create the quiet tenant's task: %d %v", code, err)
	}
	do("POST", e.url(0)+"/ap/v1/agent/tasks/"+quietTask.TaskID+"/steps", e.keys[quietName], map[string]any{}, nil)
	quiet := func(s *samples) func() {
		var n atomic.Int64
		return func() {
			var code int
			var d time.Duration
			var err error
			if i := int(n.Add(1)); i%2 == 0 {
				code, d, err = do("POST", e.url(i/2)+"/ap/v1/agent/tasks", e.keys[quietName], map[string]any{"input": "x"}, nil)
			} else {
				code, d, err = do("GET", e.url(i/2)+"/ap/v1/agent/tasks/"+quietTask.TaskID+"/steps", e.keys[quietName], nil, nil)
			}
			s.add(code, d, err)
		}
	}
	// Warm up connections and caches, then alternate rounds alone and flooded, so both see the
	// same machine load; the samples of all rounds are pooled.
	openLoop(victimRate, dur/3, 64, quiet(&samples{}))
	var alone, together, noisy samples
	var limited429 atomic.Int64
	var floodSent, floodDropped int
	for r := 0; r < rounds; r++ {
		openLoop(victimRate, dur, 64, quiet(&alone))
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sent atomic.Int64
			s, d := openLoop(limit*flood, dur+dur/3, 512, func() {
				code, d, err := do("GET", e.url(int(sent.Add(1)))+"/ap/v1/agent/tasks", e.keys[noisyName], nil, nil)
				if code == http.StatusTooManyRequests {
					limited429.Add(1)
				}
				noisy.add(code, d, err)
			})
			floodSent += s
			floodDropped += d
		}()
		time.Sleep(dur / 3)
		openLoop(victimRate, dur, 64, quiet(&together))
		wg.Wait()
	}

	fmt.Printf("noisy neighbour: per-tenant limit %.0f/s; quiet tenant at %.0f/s, noisy tenant at %.0f/s (%.0f×); %d rounds pooled\n", limit, victimRate, limit*flood, flood, rounds)
	fmt.Printf("  noisy tenant: %d sent, %d answered 200, %d answered 429, %d not sent (client saturated)\n",
		floodSent, noisy.n(), limited429.Load(), floodDropped)
	fmt.Printf("  quiet tenant alone:        p50 %s   p99 %s   (%d ok, %d failed)\n", ms(alone.pct(0.5)), ms(alone.pct(0.99)), alone.n(), alone.errs.Load()+alone.non.Load())
	fmt.Printf("  quiet tenant during flood: p50 %s   p99 %s   (%d ok, %d failed)\n", ms(together.pct(0.5)), ms(together.pct(0.99)), together.n(), together.errs.Load()+together.non.Load())
	ratio := float64(together.pct(0.99)) / float64(max(alone.pct(0.99), 1))
	verdict := "within 2×"
	if ratio > 2 {
		verdict = "OVER 2×"
	}
	fmt.Printf("  p99 during flood / p99 alone = %.2f (%s)\n", ratio, verdict)
	return nil
}

// pool is -pool: the connection pool's size on PostgreSQL (0: the store's default, as paddock
// serve has it).
var pool = flag.Int("pool", 0, "with -database: connections per node (0: the default of paddock serve)")

// tracer records the PostgreSQL side's round trips of one request of each kind (compare.go).
var tracer = &roundTrips{}

func numCPU() int { return runtime.GOMAXPROCS(0) }
