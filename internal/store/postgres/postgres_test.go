package postgres_test

import (
	"context"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/postgres"
	"github.com/paddock-dev/paddock/internal/store/postgres/pgtest"
	"github.com/paddock-dev/paddock/internal/store/storetest"
)

// open opens the database at url as one node, closed at the end of t.
func open(t testing.TB, url string, opt postgres.Options) *postgres.DB {
	t.Helper()
	d, err := postgres.Open(context.Background(), url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// TestStore runs the suite every backend passes.
func TestStore(t *testing.T) {
	urls := map[*testing.T]string{}
	storetest.Run(t, func(t *testing.T) store.Backend {
		u, ok := urls[t]
		if !ok {
			u = pgtest.URL(t)
			urls[t] = u
		}
		return open(t, u, postgres.Options{})
	})
}
