package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
)

// A tenant's records are reached through its Scope; another tenant asking for the same id finds
// nothing, exactly as for an id that does not exist.
func Example() {
	dir, _ := os.MkdirTemp("", "store-example")
	defer os.RemoveAll(dir)
	backend, err := sqlite.Open(store.DefaultPath(dir))
	if err != nil {
		fmt.Println(err)
		return
	}
	db := store.New(backend)
	defer db.Close()
	ctx := context.Background()

	acme := db.Tenant("acme")
	task := &store.Task{Goal: "write a poem"}
	if err := acme.CreateTask(ctx, task); err != nil {
		fmt.Println(err)
		return
	}
	got, _ := acme.Task(ctx, task.ID)
	fmt.Println(got.Tenant, got.Goal, got.Status)

	_, err = db.Tenant("beta").Task(ctx, task.ID)
	fmt.Println(errors.Is(err, store.ErrNotFound))
	// Output:
	// acme write a poem running
	// true
}
