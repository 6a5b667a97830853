package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/paddock-dev/paddock/internal/audit"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
)

// Entries appended through a Log form one chain per tenant; Verify finds an edited entry.
func ExampleVerify() {
	dir, _ := os.MkdirTemp("", "audit-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "paddock.db")
	sq, _ := sqlite.Open(path)
	defer sq.Close()
	st := store.New(sq)
	ctx := context.Background()

	log := audit.NewLog(st)
	for _, action := range []string{"task.create", "tool_call", "approval"} {
		log.Append(ctx, &store.AuditEntry{Tenant: "acme", Actor: "k_1", Action: action})
	}
	log.Close()
	rep, err := audit.Verify(ctx, st.Tenant("acme"))
	fmt.Println(rep.Entries, err)

	db, _ := sql.Open("sqlite", "file:"+path)
	defer db.Close()
	db.Exec(`UPDATE audit SET outcome = 'allowed' WHERE tenant = 'acme' AND seq = 2`)
	_, err = audit.Verify(ctx, st.Tenant("acme"))
	fmt.Println(errors.Is(err, audit.ErrBroken))
	fmt.Println(err)
	// Output:
	// 3 <nil>
	// true
	// audit chain broken: tenant acme, entry 2: its contents do not match its hash: the entry was edited
}
