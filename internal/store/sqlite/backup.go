package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// Backup copies the database at path to dest while other connections (a running server) go on
// reading and writing it: SQLite's VACUUM INTO reads one consistent snapshot, in one read
// transaction, and writes a compact copy. dest must not exist; it is created with mode 0600 (the
// copy holds key hashes and sealed credentials). The copy is checked with PRAGMA quick_check
// before Backup returns; a failed backup removes what it wrote.
func Backup(ctx context.Context, path, dest string) (err error) {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(dest)
		}
	}()
	src, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("store: backup of %s: %w", path, err)
	}
	copyDB, err := sql.Open("sqlite", "file:"+dest+"?mode=ro")
	if err != nil {
		return fmt.Errorf("store: check the backup: %w", err)
	}
	defer copyDB.Close()
	var ok string
	if err := copyDB.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil {
		return fmt.Errorf("store: check the backup: %w", err)
	}
	if ok != "ok" {
		return errors.New("store: check the backup: " + ok)
	}
	return nil
}
