// Package servertest holds test helpers shared by the server's tests and the command line's.
package servertest

import (
	"context"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// Store opens a SQLite store under dir with the tenants acme and beta, and returns it with a key
// of every role for each, by "tenant/role" ("acme/admin"). The store is closed when t ends.
func Store(t testing.TB, dir string) (*store.DB, map[string]string) {
	t.Helper()
	db, err := sqlite.Open(store.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st := store.New(db)
	ctx := context.Background()
	keys := map[string]string{}
	for _, name := range []string{"acme", "beta"} {
		if _, err := st.CreateTenant(ctx, name); err != nil {
			t.Fatal(err)
		}
		for _, role := range []tenant.Role{tenant.Admin, tenant.Member, tenant.Viewer} {
			plain, hash, id := tenant.NewKey()
			if err := st.Tenant(name).AddKey(ctx, &store.APIKey{Tenant: name, ID: id, Hash: hash, Role: string(role)}); err != nil {
				t.Fatal(err)
			}
			keys[name+"/"+string(role)] = plain
		}
	}
	return st, keys
}
