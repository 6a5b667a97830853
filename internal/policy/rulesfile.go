package policy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// ErrBadRulesFile wraps every rules file that does not parse.
var ErrBadRulesFile = errors.New("bad rules file")

// MaxRulesFile bounds a rules file's size.
const MaxRulesFile = 256 << 10

// rulesFile is the whole of a rules file: three lists of rules, nothing else.
//
//	allow = ["execute_shell(npm test*)", "write_file(src/**)"]
//	ask   = ["read_webpage(*)"]
//	deny  = ["write_file(.github/**)"]
type rulesFile struct {
	Allow []string `toml:"allow"`
	Ask   []string `toml:"ask"`
	Deny  []string `toml:"deny"`
}

// ParseRulesFile parses the TOML text of a rules file. Keys other than allow, ask and deny, and
// rules that do not parse, are errors naming the key or the rule: a typo never silently loosens
// or drops a rule.
func ParseRulesFile(data []byte, source string) (RuleSet, error) {
	var set RuleSet
	if len(data) > MaxRulesFile {
		return set, fmt.Errorf("%w %s: larger than %d bytes", ErrBadRulesFile, source, MaxRulesFile)
	}
	var f rulesFile
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		return set, fmt.Errorf("%w %s: %w", ErrBadRulesFile, source, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return set, fmt.Errorf("%w %s: unknown key %q (the keys are allow, ask and deny, each a list of rules)", ErrBadRulesFile, source, und[0].String())
	}
	for _, l := range []struct {
		e     Effect
		texts []string
	}{{EffectAllow, f.Allow}, {EffectAsk, f.Ask}, {EffectDeny, f.Deny}} {
		rs, err := ParseRules(l.e, l.texts, source)
		if err != nil {
			return RuleSet{}, fmt.Errorf("%w %s: %s: %w", ErrBadRulesFile, source, l.e, err)
		}
		for _, r := range rs {
			set.Add(r)
		}
	}
	return set, nil
}

// LoadRulesFile reads and parses a rules file; a file that does not exist is an empty set.
func LoadRulesFile(path, source string) (RuleSet, error) {
	data, err := readBounded(path)
	if errors.Is(err, os.ErrNotExist) {
		return RuleSet{}, nil
	}
	if err != nil {
		return RuleSet{}, err
	}
	return ParseRulesFile(data, source)
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(io.LimitReader(f, MaxRulesFile+1)); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return b.Bytes(), nil
}

// allowLine finds the start of the allow list in a rules file.
var allowLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^[ \t]*allow[ \t]*=[ \t]*\[`) })

// SaveRule adds an allow rule to the rules file at path (an "A" answer), creating the file and its
// folder when needed. The file keeps its comments and layout: the rule is inserted at the head of
// its allow list, or an allow list is added. The result is parsed before it replaces the file,
// which is written whole (to a temporary file, then renamed) with mode 0600.
func SaveRule(path string, r Rule) error {
	old, err := readBounded(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if len(old) > 0 {
		if _, err := ParseRulesFile(old, path); err != nil {
			return fmt.Errorf("not changing %s, which does not parse: %w", path, err)
		}
	}
	quoted := strconv.Quote(r.String())
	var next []byte
	if loc := allowLine().FindIndex(old); loc != nil {
		next = append(append(append([]byte{}, old[:loc[1]]...), []byte("\n  "+quoted+",")...), old[loc[1]:]...)
	} else {
		next = append([]byte{}, old...)
		if len(next) == 0 {
			next = []byte("# paddock's rules for tool calls: allow, ask and deny lists of TOOL(PATTERN).\n")
		} else if !bytes.HasSuffix(next, []byte("\n")) {
			next = append(next, '\n')
		}
		next = append(next, []byte("allow = ["+quoted+"]\n")...)
	}
	set, err := ParseRulesFile(next, path)
	if err != nil {
		return fmt.Errorf("adding %s to %s: %w", r, path, err)
	}
	if _, ok := findText(set.Allow, r.String()); !ok {
		return fmt.Errorf("adding %s to %s: the rule did not land in the allow list", r, path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".rules-*.toml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(next); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func findText(rs []Rule, text string) (Rule, bool) {
	for _, r := range rs {
		if r.String() == text {
			return r, true
		}
	}
	return Rule{}, false
}

// ContentHash is the hash by which a project rules file is approved: sha256 of its bytes, in hex.
func ContentHash(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// Approvals is the set of project rules file contents the user approved, kept one hash a line in
// a file of the user's configuration (never in a workspace, which the agent can write).
type Approvals struct{ Path string }

// Approved reports whether a project rules file with this content was approved.
func (a Approvals) Approved(hash string) (bool, error) {
	data, err := readBounded(a.Path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == hash {
			return true, nil
		}
	}
	return false, nil
}

// Approve records a project rules file's content as approved; note (its path) is kept for people
// reading the file.
func (a Approvals) Approve(hash, note string) error {
	if ok, err := a.Approved(hash); err != nil || ok {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(a.Path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(a.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	note = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, note)
	if _, err := fmt.Fprintf(f, "%s %s\n", hash, note); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
