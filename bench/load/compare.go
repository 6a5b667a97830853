package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store"
)

// The comparison: SQLite (the single-node default) and PostgreSQL (one node) measured in one run,
// both servers up at once, each row taken on one and then the other, the order swapped every
// round so that both see the same machine load; samples of all rounds are pooled. Each row shows
// both figures and PostgreSQL's ratio to SQLite's against the target (at most 2×).

// compareTarget is how many times SQLite's figure PostgreSQL's may be.
const compareTarget = 2.0

// stepsPerTask is how many steps the step rows take on one task before moving to a fresh one, so
// that a task's saved state (which grows with each step) stays small and alike on both sides.
const stepsPerTask = 4

// side is one backend's server and what the rows measure on it.
type side struct {
	name  string
	e     *env
	names []string
	list  []string // per tenant, a task with a few steps, for the step listing
}

// row is one line of the comparison: run measures it once on a side into s and returns the time
// it took.
type row struct {
	name string
	run  func(sd *side, s *samples) time.Duration
}

// result is a row's pooled figures on one side.
type result struct {
	s  samples
	el time.Duration
}

func (r *result) rate() float64 { return float64(r.s.n()) / max(r.el.Seconds(), 1e-9) }

func compare(nTenants, workers, stepWorkers int, dur time.Duration, rounds int, database string, trace bool) error {
	if nTenants < 2 || workers < 1 || stepWorkers < 1 || dur <= 0 || rounds < 1 || rounds > 20 {
		return fmt.Errorf("flags out of range")
	}
	tmp, err := os.MkdirTemp("", "paddock-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	unlimited := server.Limits{RatePerSecond: 1e6, Burst: 1e6, MaxRunningSteps: 64, MaxRunningStepsTotal: 64, DailySteps: -1, DailyTokens: -1, MaxTasks: -1}
	load0 := loadavg()
	var sides []*side
	for _, b := range []struct{ name, url string }{{"SQLite", ""}, {"PostgreSQL", database}} {
		prefix := ""
		if b.url != "" {
			prefix = store.NewID()[8:] + "-"
		}
		sd := &side{name: b.name}
		for i := 0; i < nTenants; i++ {
			sd.names = append(sd.names, fmt.Sprintf("%stenant-%02d", prefix, i))
		}
		if sd.e, err = startEnv(filepath.Join(tmp, strings.ToLower(b.name)), sd.names, unlimited, b.url, 1); err != nil {
			return fmt.Errorf("%s: %w", b.name, err)
		}
		defer sd.e.stop()
		// Every tenant gets a task with three steps, for the step listing.
		for _, n := range sd.names {
			id, err := newTask(sd.e, sd.e.keys[n])
			if err != nil {
				return fmt.Errorf("%s: %w", b.name, err)
			}
			for range 3 {
				if code, _, err := step(sd.e, sd.e.keys[n], id); code != 200 {
					return fmt.Errorf("%s: a step answered %d %v", b.name, code, err)
				}
			}
			sd.list = append(sd.list, id)
		}
		sides = append(sides, sd)
	}

	trips, err := countRoundTrips(sides[1], trace)
	if err != nil {
		return err
	}

	rows := []row{
		{fmt.Sprintf("task creation, %d clients", workers), func(sd *side, s *samples) time.Duration {
			return closedLoop(workers, dur, func(w, i int) {
				n := sd.names[(w+i*workers)%len(sd.names)]
				code, d, err := do("POST", sd.e.url(0)+"/ap/v1/agent/tasks", sd.e.keys[n], map[string]any{"input": "load"}, nil)
				s.add(code, d, err)
			})
		}},
		{fmt.Sprintf("step listing, %d clients", workers), func(sd *side, s *samples) time.Duration {
			return closedLoop(workers, dur, func(w, i int) {
				t := (w + i*workers) % len(sd.names)
				code, d, err := do("GET", sd.e.url(0)+"/ap/v1/agent/tasks/"+sd.list[t]+"/steps?page_size=10", sd.e.keys[sd.names[t]], nil, nil)
				s.add(code, d, err)
			})
		}},
		{"agent step, 1 client", func(sd *side, s *samples) time.Duration { return stepLoop(sd, 1, dur, s) }},
		{fmt.Sprintf("agent step, %d clients", stepWorkers), func(sd *side, s *samples) time.Duration { return stepLoop(sd, stepWorkers, dur, s) }},
	}
	res := make([][2]result, len(rows))
	for r := range rounds {
		for i, rw := range rows {
			order := []int{0, 1}
			if r%2 == 1 {
				order = []int{1, 0}
			}
			for _, k := range order {
				res[i][k].el += rw.run(sides[k], &res[i][k].s)
			}
		}
	}
	load1 := loadavg()

	fmt.Printf("SQLite (WAL) and PostgreSQL (one node) side by side: loopback, scripted model, %d tenants, %d rounds of %s per row and side, alternating\n", nTenants, rounds, dur)
	fmt.Printf("load average before %s, after %s (%d CPUs)\n\n", load0, load1, numCPU())
	fmt.Printf("PostgreSQL round trips per request (statements, batches and prepares; the first of each kind warms the caches): %s\n\n", trips)
	fmt.Printf("%-26s %28s %28s %9s %9s  %s\n", "", "SQLite p50 / p99 / req/s", "PostgreSQL p50 / p99 / req/s", "p50 ×", "req/s ×", "target ≤ 2×")
	all := true
	for i, rw := range rows {
		sq, pg := &res[i][0], &res[i][1]
		if sq.s.n() == 0 || pg.s.n() == 0 {
			return fmt.Errorf("%s: no request succeeded (SQLite %d failed, PostgreSQL %d failed)", rw.name,
				sq.s.errs.Load()+sq.s.non.Load(), pg.s.errs.Load()+pg.s.non.Load())
		}
		latency := float64(pg.s.pct(0.5)) / float64(max(sq.s.pct(0.5), 1))
		rate := sq.rate() / max(pg.rate(), 1e-9)
		verdict := "within"
		if latency > compareTarget || rate > compareTarget {
			verdict, all = "OVER", false
		}
		fmt.Printf("%-26s %28s %28s %8.2f× %8.2f×  %s\n", rw.name, figures(sq), figures(pg), latency, rate, verdict)
		if f := sq.s.errs.Load() + sq.s.non.Load() + pg.s.errs.Load() + pg.s.non.Load(); f > 0 {
			fmt.Printf("%-26s   (failed requests: SQLite %d, PostgreSQL %d)\n", "", sq.s.errs.Load()+sq.s.non.Load(), pg.s.errs.Load()+pg.s.non.Load())
		}
	}
	if all {
		fmt.Printf("\nevery row within %.0f× of SQLite (p50 latency and throughput)\n\n", compareTarget)
	} else {
		fmt.Printf("\nNOT every row within %.0f× of SQLite\n\n", compareTarget)
	}
	return nil
}

func figures(r *result) string {
	return fmt.Sprintf("%s / %s / %5.0f", strings.TrimSuffix(ms(r.s.pct(0.5)), " ms"), ms(r.s.pct(0.99)), r.rate())
}

// stepLoop runs workers clients that each take steps, stepsPerTask on a task and then on a new
// one (created untimed), until dur passes.
func stepLoop(sd *side, workers int, dur time.Duration, s *samples) time.Duration {
	var mu sync.Mutex
	var failed error
	var busy time.Duration // spent creating tasks, not counted
	start := time.Now()
	deadline := start.Add(dur)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			key := sd.e.keys[sd.names[w%len(sd.names)]]
			task := ""
			for i := 0; time.Now().Before(deadline); i++ {
				if i%stepsPerTask == 0 || task == "" {
					t0 := time.Now()
					id, err := newTask(sd.e, key)
					if err != nil { // counted as a failed request of the row, and said once
						s.errs.Add(1)
						mu.Lock()
						failed = err
						mu.Unlock()
						task = ""
						continue
					}
					task = id
					mu.Lock()
					busy += time.Since(t0) / time.Duration(workers)
					mu.Unlock()
				}
				code, d, err := step(sd.e, key, task)
				s.add(code, d, err)
			}
		})
	}
	wg.Wait()
	if failed != nil {
		fmt.Fprintf(os.Stderr, "load: %s: create a task for the step row: %v\n", sd.name, failed)
	}
	return time.Since(start) - busy
}

func newTask(e *env, key string) (string, error) {
	var tk server.Task
	code, _, err := do("POST", e.url(0)+"/ap/v1/agent/tasks", key, map[string]any{"input": "load"}, &tk)
	if code != 200 {
		return "", fmt.Errorf("create a task: %d %v", code, err)
	}
	return tk.TaskID, nil
}

func step(e *env, key, task string) (int, time.Duration, error) {
	return do("POST", e.url(0)+"/ap/v1/agent/tasks/"+task+"/steps", key, map[string]any{"additional_input": map[string]any{}}, nil)
}

// loadavg is the first three fields of /proc/loadavg, or "?" where there is none.
func loadavg() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// countRoundTrips counts the PostgreSQL round trips of one task creation, one step listing and
// one step on sd (each taken once before, so that connections have their statements prepared),
// and with trace prints the statements.
func countRoundTrips(sd *side, trace bool) (string, error) {
	key, list := sd.e.keys[sd.names[0]], sd.list[0]
	reqs := []struct {
		name string
		f    func() error
	}{
		{"task creation", func() error { _, err := newTask(sd.e, key); return err }},
		{"step listing", func() error {
			code, _, err := do("GET", sd.e.url(0)+"/ap/v1/agent/tasks/"+list+"/steps?page_size=10", key, nil, nil)
			if code != 200 {
				return fmt.Errorf("step listing: %d %v", code, err)
			}
			return nil
		}},
		{"agent step", func() error {
			id, err := newTask(sd.e, key)
			if err != nil {
				return err
			}
			tracer.record(true) // only the step, not the task's creation
			code, _, err := step(sd.e, key, id)
			if code != 200 {
				return fmt.Errorf("step: %d %v", code, err)
			}
			return nil
		}},
	}
	var out []string
	for _, r := range reqs {
		for range 4 { // warm every pooled connection's statement cache a little
			if err := r.f(); err != nil {
				return "", err
			}
		}
		tracer.record(true)
		t0 := time.Now()
		if err := r.f(); err != nil {
			return "", err
		}
		took := time.Since(t0)
		log := tracer.record(false)
		out = append(out, fmt.Sprintf("%s %d", r.name, len(log)))
		if trace {
			fmt.Printf("%s: %d round trips, the request %s\n", r.name, len(log), ms(took))
			for _, l := range log {
				fmt.Println("  " + l)
			}
		}
	}
	return strings.Join(out, ", "), nil
}
