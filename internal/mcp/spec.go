package mcp

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// ServerSpec is one third-party MCP server attached to a run.
type ServerSpec struct {
	// Name prefixes the server's tools (NAME__TOOL): letters, digits and '-', starting with a letter.
	Name string `json:"-"`
	// Command is the program and its arguments, started inside the sandbox.
	Command string   `json:"command"`
	Args    []string `json:"args,omitempty"`
	// Env adds KEY=VALUE entries to the sandbox's scrubbed environment.
	Env map[string]string `json:"env,omitempty"`
	// ReadOnly and ReadWrite are host paths the server's sandbox sees besides the workspace
	// (read-write) and the system directories (read-only).
	ReadOnly  []string `json:"read_only,omitempty"`
	ReadWrite []string `json:"read_write,omitempty"`
	// AllowNet are the hosts the server may reach (package egress syntax); none by default.
	AllowNet []string `json:"allow_net,omitempty"`
	// TrustAnnotations lets this server's readOnlyHint make a tool a read tool (no approval
	// under the run's read rules). Without it every tool of the server is consequential.
	TrustAnnotations bool `json:"trust_annotations,omitempty"`

	// Transport, when set, connects to the server instead of starting Command in the sandbox
	// (tests, servers paddock runs in-process).
	Transport sdk.Transport `json:"-"`
}

// ErrSpec wraps every error about a server specification the user must fix.
var ErrSpec = errors.New("invalid MCP server")

// maxServerName bounds a server name, so NAME__TOOL stays within the 64 characters a tool name
// may have.
const maxServerName = 24

// checkName reports whether name is a usable server name.
func checkName(name string) error {
	if name == "" || len(name) > maxServerName {
		return fmt.Errorf("%w: name %q must be 1 to %d characters", ErrSpec, name, maxServerName)
	}
	for i, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '-')
		if !ok {
			return fmt.Errorf("%w: name %q: use letters, digits and '-', starting with a letter (tools appear as NAME__TOOL)", ErrSpec, name)
		}
	}
	return nil
}

// ParseFlag parses one --mcp value, NAME=COMMAND ARGS. The command line is split into words
// like a shell would split it without expansions: spaces separate words, single quotes keep
// everything, double quotes keep everything but \" and \\, and a backslash outside quotes escapes
// the next character.
//
// The server's sandbox sees the workspace read-write and, read-only, the program it runs: the
// first word that is an absolute path to an existing file outside the system directories is
// granted — the whole node_modules directory when the file lies inside one (a Node server needs
// its dependencies), otherwise the file's directory. Other grants, network and trusted
// annotations need a config file (ParseConfig).
func ParseFlag(value string) (ServerSpec, error) {
	name, cmdline, ok := strings.Cut(value, "=")
	if !ok {
		return ServerSpec{}, fmt.Errorf("%w: --mcp %q: want NAME=COMMAND ARGS, e.g. fs=npx-server /workspace", ErrSpec, value)
	}
	name = strings.TrimSpace(name)
	if err := checkName(name); err != nil {
		return ServerSpec{}, err
	}
	words, err := splitWords(cmdline)
	if err != nil {
		return ServerSpec{}, fmt.Errorf("%w: --mcp %s: %w", ErrSpec, name, err)
	}
	if len(words) == 0 {
		return ServerSpec{}, fmt.Errorf("%w: --mcp %s: no command after '='", ErrSpec, name)
	}
	s := ServerSpec{Name: name, Command: words[0], Args: words[1:]}
	if g := programGrant(words); g != "" {
		s.ReadOnly = []string{g}
	}
	return s, nil
}

// systemPrefixes are visible in every sandbox already.
var systemPrefixes = []string{"/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/", "/lib32/", "/etc/"}

// programGrant returns the directory a server's program needs read-only, or "".
func programGrant(words []string) string {
	for _, w := range words {
		if !filepath.IsAbs(w) {
			continue
		}
		fi, err := os.Stat(w)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		p := filepath.Clean(w)
		for _, sys := range systemPrefixes {
			if strings.HasPrefix(p, sys) {
				return ""
			}
		}
		if i := strings.Index(p, "/node_modules/"); i >= 0 {
			return p[:i+len("/node_modules")]
		}
		return filepath.Dir(p)
	}
	return ""
}

// splitWords splits a command line into words (see ParseFlag).
func splitWords(s string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		in    bool // inside a word
		quote rune
	)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			switch {
			case r == '"':
				quote = 0
			case r == '\\' && i+1 < len(rs) && (rs[i+1] == '"' || rs[i+1] == '\\'):
				i++
				cur.WriteRune(rs[i])
			default:
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == '\\':
			if i+1 == len(rs) {
				return nil, errors.New("a backslash ends the command line")
			}
			i++
			cur.WriteRune(rs[i])
			in = true
		case r == ' ' || r == '\t' || r == '\n':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote", quote)
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}

// configFile is the JSON of --mcp-config: the mcpServers object of Claude Code's and Cursor's
// .mcp.json, with paddock's grant fields.
type configFile struct {
	Servers map[string]*ServerSpec `json:"mcpServers"`
}

// maxConfigBytes bounds a config file.
const maxConfigBytes = 1 << 20

// ParseConfig parses a config file of MCP servers:
//
//	{"mcpServers": {"fs": {"command": "node", "args": ["/opt/fs/index.js", "/work"],
//	                       "read_only": ["/opt/fs"], "allow_net": [], "trust_annotations": false}}}
//
// Unknown fields are an error (a misspelt grant must not pass silently). Servers come back in
// name order.
func ParseConfig(data []byte) ([]ServerSpec, error) {
	if len(data) > maxConfigBytes {
		return nil, fmt.Errorf("%w: the config is %d bytes, more than %d", ErrSpec, len(data), maxConfigBytes)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	var f configFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: config: %w", ErrSpec, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: config: data after the JSON object", ErrSpec)
	}
	names := make([]string, 0, len(f.Servers))
	for n := range f.Servers {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]ServerSpec, 0, len(names))
	for _, n := range names {
		s := f.Servers[n]
		if err := checkName(n); err != nil {
			return nil, err
		}
		if s == nil || strings.TrimSpace(s.Command) == "" {
			return nil, fmt.Errorf("%w: config: server %s has no command", ErrSpec, n)
		}
		for _, p := range append(append([]string(nil), s.ReadOnly...), s.ReadWrite...) {
			if !filepath.IsAbs(p) {
				return nil, fmt.Errorf("%w: config: server %s: grant %q must be an absolute path", ErrSpec, n, p)
			}
		}
		s.Name = n
		out = append(out, *s)
	}
	return out, nil
}
