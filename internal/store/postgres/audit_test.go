package postgres

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/postgres/pgtest"
)

func auditHash(e *store.AuditEntry) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%s|%s|%s", e.Tenant, e.Seq, e.Action, e.Detail, e.Prev)))
	return hex.EncodeToString(h[:])
}

// TestAuditGuessedHeads: two nodes append to one tenant's chain in turns and at once, so each
// node's remembered head is often stale (the one-round-trip append must then write nothing and
// fall back to locking the head): the chain is whole, every seq once, each entry after the one
// before it, and the head is its last entry.
func TestAuditGuessedHeads(t *testing.T) {
	url := pgtest.URL(t)
	a, b := openNode(t, url, 0), openNode(t, url, 0)
	if _, err := store.New(a).CreateTenant(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	nodes := []*store.Scope{store.New(a).Tenant("acme"), store.New(b).Tenant("acme")}
	n := 0
	for i := range 10 { // in turns: every append after the first of each node guesses wrong
		e := &store.AuditEntry{Action: "turn", Detail: fmt.Sprint(i)}
		if err := nodes[i%2].AppendAudit(ctx, e, auditHash); err != nil {
			t.Fatal(err)
		}
		n++
		if e.Seq != int64(n) {
			t.Fatalf("entry %d got seq %d", n, e.Seq)
		}
	}
	var wg sync.WaitGroup
	for w := range 4 { // at once, two writers per node
		wg.Go(func() {
			for i := range 15 {
				if err := nodes[w%2].AppendAudit(ctx, &store.AuditEntry{Action: "race", Detail: fmt.Sprint(w, i)}, auditHash); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	n += 4 * 15
	es, err := nodes[0].AuditEntries(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != n {
		t.Fatalf("%d entries, want %d", len(es), n)
	}
	prev := ""
	for i, e := range es {
		if e.Seq != int64(i+1) || e.Prev != prev || e.Hash != auditHash(e) {
			t.Fatalf("entry %d: seq %d, prev %.8s (want %.8s), hash ok %v", i+1, e.Seq, e.Prev, prev, e.Hash == auditHash(e))
		}
		prev = e.Hash
	}
	h, err := nodes[1].AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h.Seq != int64(n) || h.Hash != prev {
		t.Errorf("head %d %.8s, want %d %.8s", h.Seq, h.Hash, n, prev)
	}
}
