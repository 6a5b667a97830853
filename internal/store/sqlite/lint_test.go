package sqlite

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sources returns the package's Go files but its tests, by name.
func sources(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = string(src)
	}
	if len(out) < 5 {
		t.Fatalf("found only %v", files)
	}
	return out
}

// TestEveryQueryNamesItsTenant is the lint of MT-01: each SQL statement of every file of this
// package filters or writes by tenant (or owner/grantee), apart from a short list of statements
// that by their nature span tenants.
func TestEveryQueryNamesItsTenant(t *testing.T) {
	allowed := []string{
		"SELECT coalesce(max(uid_slot), 0) + 1 FROM tenants",                     // the next free uid slot
		"SELECT name, uid_slot, created FROM tenants ORDER BY name",              // the operator's tenant list
		"FROM api_keys WHERE hash = ?",                                           // the key names the tenant
		"FROM console_sessions WHERE id_hash = ?",                                // the session names the tenant
		"DELETE FROM console_sessions WHERE key_hash = ?",                        // a key's sessions: the key names the tenant
		"DELETE FROM console_sessions WHERE expires <= ?",                        // the expiry sweep
		"FROM ap_steps WHERE status = ?",                                         // start-up recovery
		"UPDATE tasks SET status = ?, outcome = ?, updated = ? WHERE status = ?", // start-up recovery
		"SELECT tenant FROM audit_heads UNION SELECT DISTINCT tenant",            // the operator's verify
		"INSERT INTO tenants",
		"FROM tenants WHERE name = ?",                                             // a tenant's own row
		"SELECT tenant, sealed_key FROM credentials WHERE sealed_key IS NOT NULL", // master key rotation
		"SELECT count(*) FROM sqlite_schema",                                      // the schema's own tables
		"SELECT count(*) FROM pragma_table_info(?)",                               // the schema's added columns
		"SELECT count(*) FROM pragma_foreign_key_list('shares')",                  // the shares table's layout
	}
	stmt := regexp.MustCompile("(?s)`((?:SELECT|INSERT|UPDATE|DELETE)[^`]*)`")
	// Statements built as `SELECT ` + cols + ` FROM ...` are joined with COLS for the column list.
	concat := regexp.MustCompile("`\\s*\\+\\s*\\w+\\s*\\+\\s*`")
	tenantPredicate := regexp.MustCompile(`\b(tenant|owner|grantee) = \?`)
	tenantFirst := regexp.MustCompile(`^INSERT INTO \w+ \((tenant|owner),`)
	n := 0
	for f, src := range sources(t) {
		for _, m := range stmt.FindAllStringSubmatch(concat.ReplaceAllString(src, " COLS "), -1) {
			q := strings.Join(strings.Fields(m[1]), " ")
			n++
			ok := tenantPredicate.MatchString(q) ||
				(strings.HasPrefix(q, "INSERT") && strings.Contains(q, "( COLS )")) || // column lists are checked below
				tenantFirst.MatchString(q)
			for _, a := range allowed {
				ok = ok || strings.Contains(q, a)
			}
			if !ok {
				t.Errorf("%s: a statement without a tenant predicate: %s", f, q)
			}
		}
	}
	// Every column list used in an INSERT starts with the tenant (or the owner).
	for name, cols := range map[string]string{"taskCols": taskCols, "stepCols": stepCols, "apStepCols": apStepCols,
		"artifactCols": artifactCols, "shareCols": shareCols} {
		if !strings.HasPrefix(cols, "tenant,") && !strings.HasPrefix(cols, "owner,") {
			t.Errorf("%s does not start with the tenant: %s", name, cols)
		}
	}
	if n < 45 {
		t.Fatalf("found only %d statements; the lint is not reading the files", n)
	}
}

// TestOneWritePath: every statement that changes the database runs in a transaction of
// DB.write; nothing executes on the pool directly.
func TestOneWritePath(t *testing.T) {
	direct := regexp.MustCompile(`\bd\.db\.(Exec|ExecContext|Begin|BeginTx|Prepare|PrepareContext)\(`)
	write := regexp.MustCompile(`\bd\.db\.BeginTx\(ctx, nil\)`)
	begins := 0
	for f, src := range sources(t) {
		begins += len(write.FindAllString(src, -1))
		for _, m := range direct.FindAllString(src, -1) {
			if m != "d.db.BeginTx(" {
				t.Errorf("%s: %s outside DB.write", f, m)
			}
		}
		for _, q := range regexp.MustCompile("d\\.db\\.Query(?:Row)?Context\\(ctx, `\\s*(\\w+)").FindAllStringSubmatch(src, -1) {
			if q[1] != "SELECT" && q[1] != "PRAGMA" {
				t.Errorf("%s: a %s statement outside DB.write", f, q[1])
			}
		}
	}
	if begins != 1 {
		t.Errorf("%d transactions begin outside DB.write, want the one in it", begins)
	}
	if n := strings.Count(sources(t)["sqlite.go"], "writer <- struct{}{}"); n != 1 {
		t.Errorf("the writer is taken %d times, want once (in DB.write)", n)
	}
}
