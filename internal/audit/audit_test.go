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
