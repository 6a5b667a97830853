package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
)

// TestBackupWhileWriting: a backup taken while a writer goes on is a consistent database with
// every task committed before it began, mode 0600; an existing file is never overwritten.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "paddock.db")
	d := open(t, path)
	ctx := context.Background()
	local := store.New(d).Tenant("local")
	for range 20 {
		if err := local.CreateTask(ctx, &store.Task{Goal: "before"}); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := local.CreateTask(ctx, &store.Task{Goal: "during"}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	dest := filepath.Join(dir, "backup.db")
	err := Backup(ctx, path, dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v", fi, err)
	}
	b := open(t, dest)
	_, total, err := store.New(b).Tenant("local").Tasks(ctx, 1, 0)
	if err != nil || total < 20 {
		t.Fatalf("the backup has %d tasks (%v), want at least the 20 committed before", total, err)
	}
	if err := Backup(ctx, path, dest); err == nil {
		t.Fatal("a backup over an existing file")
	}
	if err := Backup(ctx, filepath.Join(dir, "missing.db"), filepath.Join(dir, "b2.db")); err == nil {
		t.Fatal("a backup of a missing database")
	}
	if _, err := os.Stat(filepath.Join(dir, "b2.db")); err == nil {
		t.Fatal("a failed backup left a file")
	}
}
