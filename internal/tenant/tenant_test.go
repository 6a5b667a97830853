package tenant

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"acme", true}, {"a1", true}, {"team-7", true},
		{"", false}, {"a", false}, {"Acme", false}, {"1abc", false}, {"-abc", false},
		{"../etc", false}, {"a/b", false}, {"a b", false}, {strings.Repeat("a", 64), false}, {"ténant", false},
	} {
		err := ValidName(tc.name)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrInvalidName)) {
			t.Errorf("ValidName(%q) = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestRoles(t *testing.T) {
	for _, tc := range []struct {
		r, min Role
		want   bool
	}{
		{Admin, Member, true}, {Member, Member, true}, {Viewer, Member, false}, {Viewer, Viewer, true},
		{Role("root"), Viewer, false}, {Role(""), Viewer, false}, {Member, Admin, false},
	} {
		if got := tc.r.AtLeast(tc.min); got != tc.want {
			t.Errorf("%q.AtLeast(%q) = %v", tc.r, tc.min, got)
		}
	}
	if _, err := ParseRole("owner"); !errors.Is(err, ErrInvalidRole) {
		t.Fatalf("ParseRole(owner) = %v", err)
	}
	if r, err := ParseRole(" Admin "); err != nil || r != Admin {
		t.Fatalf("ParseRole(Admin) = %q, %v", r, err)
	}
}

func TestKeys(t *testing.T) {
	plain, hash, id := NewKey()
	if !strings.HasPrefix(plain, KeyPrefix) || HashKey(plain) != hash || KeyID(hash) != id || strings.Contains(hash, plain[len(KeyPrefix):]) {
		t.Fatalf("NewKey = %q %q %q", plain, hash, id)
	}
	plain2, _, _ := NewKey()
	if plain == plain2 {
		t.Fatal("two keys are equal")
	}
	for _, tc := range []struct {
		header string
		ok     bool
	}{
		{"Bearer " + plain, true}, {"bearer " + plain, true}, {"Basic " + plain, false}, {plain, false},
		{"Bearer pdk_short", false}, {"Bearer " + plain + "x", false}, {"Bearer sk-" + plain[4:], false},
		{"Bearer " + plain[:len(plain)-1] + "!", false}, {"", false},
	} {
		got, err := ParseBearer(tc.header)
		if (err == nil) != tc.ok || (tc.ok && got != plain) {
			t.Errorf("ParseBearer(%q) = %q, %v", tc.header, got, err)
		}
	}
}

func FuzzParseBearer(f *testing.F) {
	p, _, _ := NewKey()
	f.Add("Bearer " + p)
	f.Add("Bearer pdk_")
	f.Add("")
	f.Fuzz(func(t *testing.T, h string) {
		k, err := ParseBearer(h)
		if err == nil && (!strings.HasPrefix(k, KeyPrefix) || len(k) != len(p)) {
			t.Fatalf("accepted %q as %q", h, k)
		}
	})
}

func TestSealer(t *testing.T) {
	mk, err := ParseMasterKey(NewMasterKey())
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSealer(mk)
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("sk-canary-1234567890")
	sealed := s.Seal("acme", secret)
	if bytes.Contains(sealed, secret) {
		t.Fatal("the sealed value holds the plaintext")
	}
	got, err := s.Open("acme", sealed)
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := s.Open("other", sealed); !errors.Is(err, ErrOpen) {
		t.Fatalf("opened under another tenant: %v", err)
	}
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	if _, err := s.Open("acme", tampered); !errors.Is(err, ErrOpen) {
		t.Fatalf("opened a tampered value: %v", err)
	}
	mk2, _ := ParseMasterKey(NewMasterKey())
	s2, _ := NewSealer(mk2)
	if _, err := s2.Open("acme", sealed); !errors.Is(err, ErrOpen) {
		t.Fatalf("opened under another master key: %v", err)
	}
	if _, err := s.Open("acme", nil); !errors.Is(err, ErrOpen) {
		t.Fatalf("opened nil: %v", err)
	}
}

func TestLoadMasterKey(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "mk")
	if err := os.WriteFile(f, []byte(NewMasterKey()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMasterKey(f, ""); err == nil {
		t.Fatal("accepted a world-readable key file")
	}
	os.Chmod(f, 0o600)
	if _, err := LoadMasterKey(f, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMasterKey("", ""); !errors.Is(err, ErrNoMasterKey) {
		t.Fatalf("no key: %v", err)
	}
	if _, err := LoadMasterKey("", "c2hvcnQ="); !errors.Is(err, ErrBadMasterKey) {
		t.Fatalf("short key: %v", err)
	}
}

func TestRotation(t *testing.T) {
	oldKey, _ := ParseMasterKey(NewMasterKey())
	newKey, _ := ParseMasterKey(NewMasterKey())
	old, _ := NewSealer(oldKey)
	sealedOld := old.Seal("acme", []byte("secret"))
	cur, _ := NewSealer(newKey)
	if _, err := cur.Open("acme", sealedOld); !errors.Is(err, ErrOpen) {
		t.Fatal("the new key alone opened an old value")
	}
	both, err := cur.WithPrevious(oldKey)
	if err != nil {
		t.Fatal(err)
	}
	got, err := both.Open("acme", sealedOld)
	if err != nil || string(got) != "secret" {
		t.Fatalf("open with the previous key: %q %v", got, err)
	}
	resealed := both.Seal("acme", got)
	if _, err := cur.Open("acme", resealed); err != nil || both.KeyID() != cur.KeyID() {
		t.Fatalf("a resealed value does not open with the new key alone: %v", err)
	}
	if _, err := both.Open("beta", sealedOld); !errors.Is(err, ErrOpen) {
		t.Fatal("opened under another tenant")
	}
}
