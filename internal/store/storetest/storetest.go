// Package storetest is the suite every store.Backend must pass, so that SQLite and PostgreSQL
// (and any later backend) behave the same: the CRUD of every record, tenant isolation, one
// running Agent Protocol step per task, the audit chain's order under concurrent appends,
// concurrent writers without lost updates or "busy" errors, and the recovery of steps cut by a
// crash, the leases of command-line runs, with committed data kept across closing and reopening.
//
// A backend's test calls Run:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Backend { ... })
//	}
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
)

// Run runs the suite. open is called once per subtest and must return an empty database the
// first time it is called with a given t; called again with the same t after the suite closed
// the database, it must open the same database again (the suite does that to check what
// survives). open should close what it opens with t.Cleanup; Close may then run twice.
func Run(t *testing.T, open func(t *testing.T) store.Backend) {
	for _, tc := range []struct {
		name string
		run  func(*testing.T, *suite)
	}{
		{"Tasks", testTasks},
		{"Tenants", testTenants},
		{"KeysAndCredentials", testKeysAndCredentials},
		{"NetworkGrants", testNetworkGrants},
		{"TenantRules", testTenantRules},
		{"MCPServers", testMCPServers},
		{"ConsoleSessions", testConsoleSessions},
		{"MCPPins", testMCPPins},
		{"Reads", testReads},
		{"RunsAndAPSteps", testRunsAndAPSteps},
		{"ArtifactsAndShares", testArtifactsAndShares},
		{"StepArtifacts", testStepArtifacts},
		{"Audit", testAudit},
		{"FinishWithAudit", testFinishWithAudit},
		{"FinishWithCalls", testFinishWithCalls},
		{"TenantIsolation", testTenantIsolation},
		{"NoTenant", testNoTenant},
		{"OneRunningStep", testOneRunningStep},
		{"AuditChainConcurrent", testAuditChainConcurrent},
		{"ConcurrentWriters", testConcurrentWriters},
		{"CrashResume", testCrashResume},
		{"Leases", testLeases},
		{"Reopen", testReopen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &suite{open: open}
			s.db = store.New(open(t))
			tc.run(t, s)
		})
	}
}

// suite is one subtest's database.
type suite struct {
	open func(t *testing.T) store.Backend
	db   *store.DB
}

// reopen closes the database and opens it again.
func (s *suite) reopen(t *testing.T) {
	t.Helper()
	if err := s.db.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	s.db = store.New(s.open(t))
}

var ctx = context.Background()

// hash is the audit hash of the suite: any function of every field but Hash will do.
func hash(e *store.AuditEntry) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s",
		e.Tenant, e.Seq, e.Time.UnixMicro(), e.Actor, e.Action, e.Target, e.Outcome, e.Detail, e.Prev))
	return hex.EncodeToString(h[:])
}

// must fails the test on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// is fails the test unless err wraps want.
func is(t *testing.T, err, want error, what string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: got error %v, want %v", what, err, want)
	}
}

// equal fails the test unless got and want are deeply equal.
func equal(t *testing.T, got, want any, what string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %s\nwant %s", what, show(got), show(want))
	}
}

// empty fails the test unless list (a slice) is empty; nil and empty are the same.
func empty(t *testing.T, list any, what string) {
	t.Helper()
	if n := reflect.ValueOf(list).Len(); n != 0 {
		t.Errorf("%s: got %d, want none: %s", what, n, show(list))
	}
}

// show prints records behind pointers too.
func show(v any) string {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return "nil"
		}
		return fmt.Sprintf("&%+v", rv.Elem().Interface())
	case reflect.Slice:
		var parts []string
		for i := range rv.Len() {
			parts = append(parts, show(rv.Index(i).Interface()))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("%+v", v)
}

// tenants creates tenants by name.
func (s *suite) tenants(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := s.db.CreateTenant(ctx, n); err != nil {
			t.Fatalf("create tenant %s: %v", n, err)
		}
	}
}

// task creates a task with its run for tenant.
func (s *suite) task(t *testing.T, tenant string) *store.Task {
	t.Helper()
	tk := &store.Task{Goal: "goal of " + tenant, Model: "m", Workspace: "/ws"}
	must(t, s.db.Tenant(tenant).CreateTaskRun(ctx, tk, &store.TaskRun{State: `{"turn":0}`}))
	return tk
}
