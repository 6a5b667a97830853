package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// cli runs `paddock CMD ARGS...` with an empty environment.
func cli(t *testing.T, cmd string, args ...string) (int, string, string) {
	t.Helper()
	return paddock(t, nil, "", append([]string{cmd}, args...)...)
}

func TestTenantKeyAndAuditCommands(t *testing.T) {
	dir := t.TempDir()
	d := "--data-dir=" + dir
	for _, tc := range []struct {
		cmd  string
		args []string
		code int
		want string
	}{
		{"tenant", []string{"create", "acme", d}, 0, "created tenant acme"},
		{"tenant", []string{"create", "acme", d}, 1, "already exists"},
		{"tenant", []string{"create", "Bad/Name", d}, 2, "invalid tenant name"},
		{"tenant", []string{"create", "local", d}, 2, "reserved"},
		{"tenant", []string{"create", "beta", d}, 0, "created tenant beta"},
		{"tenant", []string{"list", d}, 0, "acme"},
		{"key", []string{"create", "--tenant", "acme", "--role", "root", d}, 2, "invalid role"},
		{"key", []string{"create", "--tenant", "nobody", "--role", "member", d}, 2, "no tenant"},
		{"key", []string{"create", d}, 2, "--tenant"},
		{"key", []string{"create", "--tenant", "acme", "--role", "member", "--expires", "soon", d}, 2, "invalid expiry"},
		{"key", []string{"create", "--tenant", "acme", "--role", "member", "--expires", "2020-01-01", d}, 2, "not in the future"},
		{"key", []string{"revoke", "--tenant", "acme", "k_nothing", d}, 2, "not found"},
		{"audit", []string{"verify", d}, 0, "acme: ok"},
		{"audit", []string{"bogus", d}, 2, "unknown command"},
	} {
		code, out, errs := cli(t, tc.cmd, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("%s %v = %d\n%s%s\nwant %d and %q", tc.cmd, tc.args, code, out, errs, tc.code, tc.want)
		}
	}
	code, out, errs := cli(t, "key", "create", "--tenant", "acme", "--role", "admin", "--label", "ops", d)
	key := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(key, tenant.KeyPrefix) || !strings.Contains(errs, "shown once") {
		t.Fatalf("key create: %d %q %q", code, out, errs)
	}
	// Only the hash is stored.
	raw, _ := os.ReadFile(store.DefaultPath(dir))
	wal, _ := os.ReadFile(store.DefaultPath(dir) + "-wal")
	if bytes.Contains(append(raw, wal...), []byte(key)) {
		t.Fatal("the plain key is in the database")
	}
	code, out, _ = cli(t, "key", "list", "--tenant", "acme", d)
	id := tenant.KeyID(tenant.HashKey(key))
	if code != 0 || !strings.Contains(out, id) || strings.Contains(out, key) || !strings.Contains(out, "ops") {
		t.Fatalf("key list: %s", out)
	}
	if code, out, _ = cli(t, "key", "revoke", "--tenant", "acme", id, d); code != 0 {
		t.Fatalf("revoke: %s", out)
	}
	// Another tenant cannot revoke acme's key by id.
	if code, _, _ = cli(t, "key", "revoke", "--tenant", "beta", id, d); code != 2 {
		t.Fatalf("revoke through beta: %d", code)
	}
	code, out, _ = cli(t, "audit", "show", "--tenant", "acme", d)
	if code != 0 || !strings.Contains(out, "key.create") || !strings.Contains(out, "key.revoke") || !strings.Contains(out, "tenant.create") {
		t.Fatalf("audit show: %s", out)
	}

	// Tampering is caught and named.
	db, err := sql.Open("sqlite", "file:"+store.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE audit SET actor = 'someone' WHERE tenant = 'acme' AND seq = 2`); err != nil {
		t.Fatal(err)
	}
	code, out, _ = cli(t, "audit", "verify", d)
	if code != 1 || !strings.Contains(out, "acme: BROKEN") || !strings.Contains(out, "entry 2") || !strings.Contains(out, "beta: ok") {
		t.Fatalf("verify after tampering: %d %s", code, out)
	}
}

// TestDataDirFromEnv: without --data-dir the admin commands find the data directory as
// paddock run does, through the command line's environment.
func TestDataDirFromEnv(t *testing.T) {
	for _, tc := range []struct {
		name string
		vars func(dir string) map[string]string
		db   func(dir string) string
	}{
		{"PADDOCK_DATA_DIR", func(dir string) map[string]string { return map[string]string{"PADDOCK_DATA_DIR": dir} }, func(dir string) string { return dir }},
		{"XDG_DATA_HOME", func(dir string) map[string]string { return map[string]string{"XDG_DATA_HOME": dir} }, func(dir string) string { return filepath.Join(dir, "paddock") }},
		{"HOME", func(dir string) map[string]string { return map[string]string{"HOME": dir} }, func(dir string) string { return filepath.Join(dir, ".local", "share", "paddock") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if code, _, errs := paddock(t, tc.vars(dir), "", "tenant", "create", "acme"); code != 0 {
				t.Fatalf("tenant create: %d %s", code, errs)
			}
			if _, err := os.Stat(store.DefaultPath(tc.db(dir))); err != nil {
				t.Fatalf("no store where %s points: %v", tc.name, err)
			}
		})
	}
}

func TestServeRefusesPlaintextOnPublicAddress(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--listen", "0.0.0.0:0"}, "--tls-cert"},
		{[]string{"--listen", ":0"}, "--tls-cert"},
		{[]string{"--listen", "[::]:0"}, "--tls-cert"},
		{[]string{"--listen", "192.0.2.1:0"}, "not a loopback address"},
		{[]string{"--listen", "127.0.0.1:0", "--tls-cert", "x.pem"}, "both --tls-cert and --tls-key"},
	} {
		code, _, errs := cli(t, "serve", append(tc.args, "--data-dir", dir)...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("serve %v = %d %s", tc.args, code, errs)
		}
	}
}

// request sends a JSON request as key and returns the answer's status and body.
func request(t *testing.T, method, url, key string, in any) (int, string) {
	t.Helper()
	code, raw, err := send(http.DefaultClient, method, url, key, in)
	if err != nil {
		t.Fatal(err)
	}
	return code, string(raw)
}

// TestSealedModelCredential: a tenant's own model key, set with paddock tenant set-model, is stored
// sealed (not in the database file or its WAL), is used for that tenant's model calls only, and
// never appears in an API answer (MT-12); paddock tenant rotate-master-key reseals it.
func TestSealedModelCredential(t *testing.T) {
	const canary = "sk-tenant-canary-9f8e7d6c5b4a39281706"
	dir := t.TempDir()
	d := "--data-dir=" + dir
	mk := filepath.Join(dir, "master.key")
	os.WriteFile(mk, []byte(tenant.NewMasterKey()), 0o600)
	kf := filepath.Join(dir, "model.key")
	os.WriteFile(kf, []byte(canary+"\n"), 0o600)
	model := llmtest.NewServer(t, llmtest.Calls(llmtest.Call("c1", "finish", `{"reason":"ok"}`)))
	cli(t, "tenant", "create", "acme", d)
	cli(t, "tenant", "create", "beta", d)
	if code, out, errs := cli(t, "tenant", "set-model", "acme", "--base-url", model.URL, "--model", "scripted", "--api-key-file", kf, "--master-key-file", mk, d); code != 0 {
		t.Fatalf("set-model: %d %s %s", code, out, errs)
	}
	if code, _, errs := cli(t, "tenant", "set-model", "beta", "--base-url", "http://example.com/v1", "--model", "m", "--master-key-file", mk, d); code != 2 || !strings.Contains(errs, "http") {
		t.Fatalf("set-model with plain http to a remote host: %d %s", code, errs)
	}
	for _, p := range []string{store.DefaultPath(dir), store.DefaultPath(dir) + "-wal"} {
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte(canary)) {
			t.Fatalf("%s holds the plain model key", p)
		}
	}
	db, err := sqlite.Open(store.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := store.New(db)
	mkText, _ := os.ReadFile(mk)
	mkBytes, _ := tenant.ParseMasterKey(string(mkText))
	sealer, _ := tenant.NewSealer(mkBytes)
	ctx := context.Background()
	plain, hash, id := tenant.NewKey()
	st.Tenant("acme").AddKey(ctx, &store.APIKey{Tenant: "acme", ID: id, Hash: hash, Role: "member"})
	// The server-wide model cannot be used (no key for a remote host): only the tenant's can.
	noModel := llm.Config{BaseURL: "https://model.invalid/v1"}
	srv, err := server.New(ctx, server.Config{Store: st, DataDir: dir, Sealer: sealer, Model: noModel})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := httptest.NewServer(srv.Handler())
	defer h.Close()
	var tk server.Task
	code, body := request(t, "POST", h.URL+"/ap/v1/agent/tasks", plain, map[string]any{"input": "x"})
	if code != 200 || json.Unmarshal([]byte(body), &tk) != nil {
		t.Fatalf("create task: %d %s", code, body)
	}
	var st1 server.Step
	code, body = request(t, "POST", h.URL+"/ap/v1/agent/tasks/"+tk.TaskID+"/steps", plain, map[string]any{})
	if code != 200 || json.Unmarshal([]byte(body), &st1) != nil || !st1.IsLast || strings.Contains(body, canary) {
		t.Fatalf("step: %d %s", code, body)
	}
	if got := model.Handler.Requests()[0].Header.Get("Authorization"); got != "Bearer "+canary {
		t.Fatalf("the tenant's model got %q", got)
	}
	// Rotation: reseal under a new master key; the new key alone then opens the credential.
	mk2 := filepath.Join(dir, "master2.key")
	os.WriteFile(mk2, []byte(tenant.NewMasterKey()), 0o600)
	if code, out, errs := cli(t, "tenant", "rotate-master-key", "--master-key-file", mk2, "--previous-master-key-file", mk, d); code != 0 || !strings.Contains(out, "resealed 1") {
		t.Fatalf("rotate: %d %s %s", code, out, errs)
	}
	c, _ := st.Tenant("acme").Credential(ctx)
	mk2Text, _ := os.ReadFile(mk2)
	mk2Bytes, _ := tenant.ParseMasterKey(string(mk2Text))
	sealer2, _ := tenant.NewSealer(mk2Bytes)
	if got, err := sealer2.Open("acme", c.SealedKey); err != nil || string(got) != canary || c.KeyID != sealer2.KeyID() {
		t.Fatalf("after rotation: %v (key id %s)", err, c.KeyID)
	}
	if _, err := sealer.Open("acme", c.SealedKey); err == nil {
		t.Fatal("the old master key still opens the credential")
	}
	// Without the master key the sealed credential cannot be used, and the error does not leak it.
	srv2, _ := server.New(ctx, server.Config{Store: st, DataDir: dir, Model: noModel})
	defer srv2.Close()
	h2 := httptest.NewServer(srv2.Handler())
	defer h2.Close()
	code, body = request(t, "POST", h2.URL+"/ap/v1/agent/tasks", plain, map[string]any{"input": "x"})
	if code != http.StatusServiceUnavailable || strings.Contains(body, canary) {
		t.Fatalf("without the master key: %d %s", code, body)
	}
}

// TestKeyExpiry: key create --expires stores when a key stops working; the key list shows it
// and, once it has passed, the state expired.
func TestKeyExpiry(t *testing.T) {
	dir := t.TempDir()
	d := "--data-dir=" + dir
	if code, _, errs := cli(t, "tenant", "create", "acme", d); code != 0 {
		t.Fatal(errs)
	}
	code, _, errs := cli(t, "key", "create", "--tenant", "acme", "--role", "member", "--expires", "90d", d)
	if code != 0 || !strings.Contains(errs, "expires: 20") {
		t.Fatalf("key create --expires 90d: %d %s", code, errs)
	}
	// A key that has already expired, as the store holds it after its time.
	_, hash, id := tenant.NewKey()
	db, err := sqlite.Open(store.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(db)
	if err := st.Tenant("acme").AddKey(context.Background(), &store.APIKey{ID: id, Hash: hash, Role: "viewer", Expires: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, _ := cli(t, "key", "list", "--tenant", "acme", d)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.Contains(lines[0], "EXPIRES") || !strings.Contains(lines[1], "active") ||
		!strings.Contains(lines[2], id) || !strings.Contains(lines[2], "expired") {
		t.Fatalf("key list:\n%s", out)
	}
}
