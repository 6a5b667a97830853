package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// testConsoleSessions: a console session is found by its id's hash until it is ended, its key's
// sessions are ended, or it expires; it survives a reopen (another node, a restart); a tenant
// that does not exist cannot have one.
func testConsoleSessions(t *testing.T, s *suite) {
	s.tenants(t, "acme")
	at := time.Now().UTC().Truncate(time.Microsecond)
	mk := func(id, key string, life time.Duration) *store.ConsoleSession {
		return &store.ConsoleSession{IDHash: id, Tenant: "acme", KeyHash: key, KeyID: "k-" + key, SealedKey: []byte{1, 2, 3, 0, 255},
			CSRF: "csrf-" + id, Host: "paddock.example:8000", Created: at, Expires: at.Add(life)}
	}
	get := func(id string) (*store.ConsoleSession, error) {
		t.Helper()
		return s.db.ConsoleSession(ctx, id)
	}
	s1, s2, s3 := mk("s1", "key1", time.Hour), mk("s2", "key1", time.Hour), mk("s3", "key2", time.Hour)
	for _, cs := range []*store.ConsoleSession{s1, s2, s3} {
		must(t, s.db.CreateConsoleSession(ctx, cs))
	}
	got, err := get("s1")
	must(t, err)
	equal(t, got, s1, "session read back")
	if err := s.db.CreateConsoleSession(ctx, mk("s1", "key9", time.Hour)); err == nil {
		t.Errorf("a second session with the same id hash was stored")
	}
	_, err = get("nope")
	is(t, err, store.ErrNotFound, "unknown session")

	must(t, s.db.EndConsoleSession(ctx, "s1"))
	_, err = get("s1")
	is(t, err, store.ErrNotFound, "ended session")
	must(t, s.db.EndConsoleSession(ctx, "s1")) // again: no error
	_, err = get("s2")
	must(t, err)

	must(t, s.db.EndConsoleSessionsOfKey(ctx, "key1"))
	_, err = get("s2")
	is(t, err, store.ErrNotFound, "session of an ended key")
	_, err = get("s3")
	must(t, err)

	short := mk("s4", "key2", 20*time.Millisecond)
	must(t, s.db.CreateConsoleSession(ctx, short))
	time.Sleep(40 * time.Millisecond)
	_, err = get("s4")
	is(t, err, store.ErrNotFound, "expired session")

	// A key's sessions beyond the bound end oldest first; other keys' stay.
	for i := range store.MaxConsoleSessionsPerKey + 2 {
		cs := mk(fmt.Sprint("many-", i), "key-many", time.Hour)
		cs.Created = at.Add(time.Duration(i) * time.Millisecond)
		must(t, s.db.CreateConsoleSession(ctx, cs))
	}
	for i, want := range map[int]error{0: store.ErrNotFound, 1: store.ErrNotFound, 2: nil, store.MaxConsoleSessionsPerKey + 1: nil} {
		_, err := get(fmt.Sprint("many-", i))
		is(t, err, want, fmt.Sprint("session ", i, " of a key with too many"))
	}
	_, err = get("s3")
	must(t, err)

	s.reopen(t)
	got, err = get("s3")
	must(t, err)
	equal(t, got, s3, "session after a reopen")

	bad := mk("s5", "key3", time.Hour)
	bad.Tenant = "ghost"
	if err := s.db.CreateConsoleSession(ctx, bad); err == nil {
		t.Errorf("a session of a tenant that does not exist was stored")
	}
	bad = mk("s6", "key3", time.Hour)
	bad.SealedKey = nil
	if err := s.db.CreateConsoleSession(ctx, bad); err == nil {
		t.Errorf("a session without its sealed key was stored")
	}
}
