package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
)

func openStore(t *testing.T) (*store.DB, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "paddock.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st := store.New(db)
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return st, raw
}

func fill(t *testing.T, st *store.DB, tenant string, n int) {
	t.Helper()
	l := NewLog(st)
	defer l.Close()
	for i := 0; i < n; i++ {
		if err := l.Append(context.Background(), &store.AuditEntry{Tenant: tenant, Actor: "k_1", Action: "tool_call",
			Target: fmt.Sprintf("task-%d", i), Outcome: "allowed", Detail: fmt.Sprintf(`{"i":%d}`, i)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		tamper []string
		want   string // in the break's reason; "" means the chain holds
	}{
		{"intact", nil, ""},
		{"edited detail", []string{`UPDATE audit SET detail = '{"i":99}' WHERE tenant = 'acme' AND seq = 3`}, "edited"},
		{"edited outcome", []string{`UPDATE audit SET outcome = 'refused' WHERE tenant = 'acme' AND seq = 1`}, "edited"},
		{"removed middle", []string{`DELETE FROM audit WHERE tenant = 'acme' AND seq = 2`}, "missing"},
		{"removed and renumbered", []string{
			`DELETE FROM audit WHERE tenant = 'acme' AND seq = 2`,
			`UPDATE audit SET seq = seq - 1 WHERE tenant = 'acme' AND seq > 2`,
			`UPDATE audit_heads SET seq = seq - 1 WHERE tenant = 'acme'`}, "link"},
		{"reordered", []string{
			`UPDATE audit SET seq = -1 WHERE tenant = 'acme' AND seq = 2`,
			`UPDATE audit SET seq = 2 WHERE tenant = 'acme' AND seq = 3`,
			`UPDATE audit SET seq = 3 WHERE tenant = 'acme' AND seq = -1`}, "link"},
		{"cut from the end", []string{`DELETE FROM audit WHERE tenant = 'acme' AND seq = 5`}, "cut from the end"},
		{"head edited", []string{`UPDATE audit_heads SET hash = 'x' WHERE tenant = 'acme'`}, "head"},
		{"other tenant edited", []string{`UPDATE audit SET detail = '{}' WHERE tenant = 'other' AND seq = 1`}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, raw := openStore(t)
			fill(t, st, "acme", 5)
			fill(t, st, "other", 2)
			for _, q := range tc.tamper {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			rep, err := Verify(ctx, st.Tenant("acme"))
			if tc.want == "" {
				if err != nil || rep.Entries != 5 {
					t.Fatalf("Verify = %+v, %v", rep, err)
				}
				return
			}
			var b *Break
			if !errors.As(err, &b) || !errors.Is(err, ErrBroken) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Verify = %v, want a break mentioning %q", err, tc.want)
			}
		})
	}
}

func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	st, _ := openStore(t)
	l := NewLog(st)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				tenant := []string{"acme", "beta"}[g%2]
				if err := l.Append(context.Background(), &store.AuditEntry{Tenant: tenant, Action: "x", Target: fmt.Sprint(g, i)}); err != nil {
					t.Error(err)
				}
			}
		}(g)
	}
	wg.Wait()
	l.Close()
	for _, tenant := range []string{"acme", "beta"} {
		rep, err := Verify(context.Background(), st.Tenant(tenant))
		if err != nil || rep.Entries != 100 {
			t.Fatalf("%s: %+v, %v", tenant, rep, err)
		}
	}
	if err := l.Append(context.Background(), &store.AuditEntry{Tenant: "acme"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("append after close = %v", err)
	}
}

func TestBadEntryDoesNotLoseOthers(t *testing.T) {
	st, _ := openStore(t)
	l := NewLog(st)
	defer l.Close()
	if err := l.Append(context.Background(), &store.AuditEntry{Action: "no tenant"}); !errors.Is(err, store.ErrNoTenant) {
		t.Fatalf("entry without tenant = %v", err)
	}
	if err := l.Append(context.Background(), &store.AuditEntry{Tenant: "acme", Action: "ok"}); err != nil {
		t.Fatal(err)
	}
}

func TestHashCoversEveryField(t *testing.T) {
	base := store.AuditEntry{Tenant: "a", Seq: 1, Actor: "k", Action: "x", Target: "t", Outcome: "o", Detail: "{}", Prev: "p"}
	h := Hash(&base)
	for i, mut := range []func(*store.AuditEntry){
		func(e *store.AuditEntry) { e.Tenant = "b" }, func(e *store.AuditEntry) { e.Seq = 2 },
		func(e *store.AuditEntry) { e.Actor = "K" }, func(e *store.AuditEntry) { e.Action = "y" },
		func(e *store.AuditEntry) { e.Target = "u" }, func(e *store.AuditEntry) { e.Outcome = "p" },
		func(e *store.AuditEntry) { e.Detail = "{ }" }, func(e *store.AuditEntry) { e.Prev = "q" },
		func(e *store.AuditEntry) { e.Time = e.Time.Add(1000) },
		// Moving a byte between fields changes the hash too.
		func(e *store.AuditEntry) { e.Action, e.Target = "xt", "" },
	} {
		e := base
		mut(&e)
		if Hash(&e) == h {
			t.Errorf("mutation %d leaves the hash unchanged", i)
		}
	}
}

// countingAppender is a test double of the store that records the transactions it is asked for.
type countingAppender struct {
	mu    sync.Mutex
	sizes []int
}

func (c *countingAppender) AppendAuditBatch(_ context.Context, es []*store.AuditEntry, _ func(*store.AuditEntry) string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sizes = append(c.sizes, len(es))
	return nil
}

func TestAppendBatchIsOneTransaction(t *testing.T) {
	c := &countingAppender{}
	l := NewLog(c)
	es := []*store.AuditEntry{{Tenant: "acme", Action: "tool_call"}, {Tenant: "acme", Action: "denial"}, {Tenant: "acme", Action: "request"}}
	if err := l.AppendBatch(context.Background(), es); err != nil {
		t.Fatal(err)
	}
	if err := l.AppendBatch(context.Background(), nil); err != nil {
		t.Fatalf("empty batch = %v", err)
	}
	l.Close()
	if fmt.Sprint(c.sizes) != "[3]" {
		t.Fatalf("transactions written = %v, want one of 3 entries", c.sizes)
	}
	for _, e := range es {
		if e.Time.IsZero() {
			t.Fatalf("entry %s has no time", e.Action)
		}
	}
}

func TestConcurrentBatchesStayWholeAndInOrder(t *testing.T) {
	st, _ := openStore(t)
	l := NewLog(st)
	const goroutines, batches, size = 6, 10, 3
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < batches; i++ {
				var es []*store.AuditEntry
				for j := 0; j < size; j++ {
					es = append(es, &store.AuditEntry{Tenant: "acme", Action: "x", Target: fmt.Sprintf("%d/%d/%d", g, i, j)})
				}
				if err := l.AppendBatch(context.Background(), es); err != nil {
					t.Error(err)
				}
			}
		}(g)
	}
	// A batch holding an entry without a tenant is refused whole, and loses no other caller's.
	bad := []*store.AuditEntry{{Tenant: "acme", Action: "bad-batch"}, {Action: "no tenant"}}
	if err := l.AppendBatch(context.Background(), bad); !errors.Is(err, store.ErrNoTenant) {
		t.Errorf("batch with an entry without tenant = %v", err)
	}
	wg.Wait()
	l.Close()
	rep, err := Verify(context.Background(), st.Tenant("acme"))
	if err != nil || rep.Entries != goroutines*batches*size {
		t.Fatalf("verify: %+v, %v; want %d entries", rep, err, goroutines*batches*size)
	}
	es, err := st.Tenant("acme").AuditEntries(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < len(es); k += size {
		var g, i int
		if _, err := fmt.Sscanf(es[k].Target, "%d/%d/0", &g, &i); err != nil {
			t.Fatalf("entry %d (%s, %s) does not start a batch: %v", es[k].Seq, es[k].Action, es[k].Target, err)
		}
		for j := 1; j < size; j++ {
			if want := fmt.Sprintf("%d/%d/%d", g, i, j); es[k+j].Target != want {
				t.Fatalf("entry %d is %s, want %s: a batch was split or reordered", es[k+j].Seq, es[k+j].Target, want)
			}
		}
	}
}
