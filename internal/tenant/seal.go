package tenant

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// EnvMasterKey names the environment variable that may hold the master key (base64 or hex of 32 bytes).
const EnvMasterKey = "PADDOCK_MASTER_KEY"

// Sentinel errors of sealing.
var (
	// ErrNoMasterKey reports that credentials cannot be sealed or opened: no master key was given.
	ErrNoMasterKey = errors.New("no master key: give --master-key-file or set " + EnvMasterKey)
	// ErrBadMasterKey reports a master key that is not 32 bytes in base64 or hex.
	ErrBadMasterKey = errors.New("the master key must be 32 random bytes, written in base64 or hex")
	// ErrOpen reports a sealed value that does not open: another master key, another tenant, or tampering.
	ErrOpen = errors.New("sealed credential does not open (wrong master key, wrong tenant or tampered)")
)

// Sealer encrypts and decrypts per-tenant secrets with AES-256-GCM. It seals with its current
// master key and opens with it or any previous key added with WithPrevious, so a master key can be
// rotated while the server runs. It is safe for concurrent use.
type Sealer struct {
	aead     cipher.AEAD
	kid      string
	previous []*Sealer
}

// sealVersion starts every sealed value, so the format can change later.
const sealVersion = 1

// NewSealer makes a sealer from a 32-byte master key.
func NewSealer(master []byte) (*Sealer, error) {
	if len(master) != 32 {
		return nil, ErrBadMasterKey
	}
	// Derive the encryption key so the master key could later serve other purposes too.
	k := sha256.Sum256(append([]byte("paddock credential seal v1\x00"), master...))
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, fmt.Errorf("tenant: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("tenant: %w", err)
	}
	id := sha256.Sum256(append([]byte("paddock master key id\x00"), master...))
	return &Sealer{aead: aead, kid: hex.EncodeToString(id[:4])}, nil
}

// WithPrevious returns a sealer that seals with s's key and also opens values sealed with old.
func (s *Sealer) WithPrevious(old []byte) (*Sealer, error) {
	o, err := NewSealer(old)
	if err != nil {
		return nil, err
	}
	n := *s
	n.previous = append(append([]*Sealer(nil), s.previous...), o)
	return &n, nil
}

// KeyID names the master key (a hash prefix, not the key), to tell which key sealed a value.
func (s *Sealer) KeyID() string { return s.kid }

// ParseMasterKey decodes a master key written in base64 (standard or URL) or hex.
func ParseMasterKey(text string) ([]byte, error) {
	t := strings.TrimSpace(text)
	for _, dec := range []func(string) ([]byte, error){
		hex.DecodeString, base64.StdEncoding.DecodeString, base64.RawStdEncoding.DecodeString,
		base64.URLEncoding.DecodeString, base64.RawURLEncoding.DecodeString,
	} {
		if b, err := dec(t); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, ErrBadMasterKey
}

// LoadMasterKey reads the master key from file when it is not empty, else from the environment
// value env. A key file readable by group or others is refused.
func LoadMasterKey(file, env string) ([]byte, error) {
	if file != "" {
		fi, err := os.Stat(file)
		if err != nil {
			return nil, fmt.Errorf("master key file: %w", err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("master key file %s is readable by others (mode %v): chmod 600 it", file, fi.Mode().Perm())
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("master key file: %w", err)
		}
		return ParseMasterKey(string(b))
	}
	if env != "" {
		return ParseMasterKey(env)
	}
	return nil, ErrNoMasterKey
}

// NewMasterKey returns a new random master key in base64.
func NewMasterKey() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// Seal encrypts secret for tenant. The result is version byte, nonce, ciphertext and tag.
func (s *Sealer) Seal(tenant string, secret []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize())
	_, _ = rand.Read(nonce)
	out := append([]byte{sealVersion}, nonce...)
	return s.aead.Seal(out, nonce, secret, aad(tenant))
}

// Open decrypts a value sealed for tenant with the current or a previous master key.
func (s *Sealer) Open(tenant string, sealed []byte) ([]byte, error) {
	plain, err := s.open(tenant, sealed)
	if err == nil {
		return plain, nil
	}
	for _, p := range s.previous {
		if plain, err := p.open(tenant, sealed); err == nil {
			return plain, nil
		}
	}
	return nil, err
}

func (s *Sealer) open(tenant string, sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < 1+n+s.aead.Overhead() || sealed[0] != sealVersion {
		return nil, ErrOpen
	}
	plain, err := s.aead.Open(nil, sealed[1:1+n], sealed[1+n:], aad(tenant))
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

func aad(tenant string) []byte { return []byte("paddock tenant credential\x00" + tenant) }
