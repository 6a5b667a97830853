package mcp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/termtext"
	"github.com/paddock-dev/paddock/internal/tool"
)

// ClientConfig configures the third-party servers attached to one run.
type ClientConfig struct {
	Servers []ServerSpec
	// Workspace is the run's workspace directory: each server's working and writable directory.
	Workspace string
	// Sandbox is the run's sandbox configuration (limits, layers); each server gets its own
	// grants and network on top (see ServerSpec).
	Sandbox sandbox.Config
	// Secrets are redacted from what servers say, as everywhere in the run.
	Secrets []string
	// Approver asks about a call of a tool whose definition changed after it was listed.
	Approver agent.Approver
	// OnNotice receives what the user must know while the run goes on (a server's tool list
	// changed); nil drops it.
	OnNotice func(string)
	// Pins, when set, decides which listed tools may be offered: it gets each server's listed
	// tools with the hashes of their definitions (name, title, description, schemas,
	// annotations) and returns those to hide, each with the reason. paddock serve keeps the
	// definitions the operator approved with it, across steps: a tool changed or added since is
	// held (a rug pull, CVE-09). An error fails the attachment.
	Pins func(ctx context.Context, server string, hashes map[string]string) (hide map[string]string, err error)
	// StartTimeout bounds starting a server and listing its tools; zero means 60 seconds.
	StartTimeout time.Duration
	Logger       *slog.Logger
}

// Attached are the third-party servers of one run and the tools they offer.
type Attached struct {
	servers []*remote
	tools   []tool.Tool
	notices []string
}

// Tools are the servers' tools that passed screening, as SERVER__TOOL, for assembly.Config.Extra.
func (a *Attached) Tools() []tool.Tool { return append([]tool.Tool(nil), a.tools...) }

// Notices say which tools were hidden and why, and anything else the user must know.
func (a *Attached) Notices() []string { return append([]string(nil), a.notices...) }

// OfferLater lets tools that a server adds after the start be offered in this run: each is
// screened like a listed one and, if it passes, the user is asked before add offers it (add is
// the run's tool.Set.Add, called from the loop's goroutine during a call of the same server).
// Without OfferLater such tools are not offered.
func (a *Attached) OfferLater(add func(tool.Tool) error) {
	for _, r := range a.servers {
		r.mu.Lock()
		r.add = add
		r.mu.Unlock()
	}
}

// Close ends every server (their sandboxes are killed if they do not exit).
func (a *Attached) Close() error {
	var errs []error
	for _, r := range a.servers {
		if err := r.cs.Close(); err != nil && !errors.Is(err, context.Canceled) {
			errs = append(errs, fmt.Errorf("%s: %w", r.spec.Name, err))
		}
	}
	return errors.Join(errs...)
}

// ErrServerStart wraps a server that could not be started or listed.
var ErrServerStart = errors.New("MCP server did not start")

// Limits on what a server may declare.
const (
	maxTools       = 256
	maxDescription = 8 << 10
	maxSchemaBytes = 64 << 10
	maxResultBytes = 256 << 10
	maxToolName    = 64
)

// Attach starts every server, lists and screens its tools and returns them. A server that cannot
// start fails the whole attachment (the user asked for it; running without it would surprise).
func Attach(ctx context.Context, cfg ClientConfig) (*Attached, error) {
	if cfg.Approver == nil {
		return nil, errors.New("mcp: ClientConfig.Approver is required")
	}
	if cfg.StartTimeout == 0 {
		cfg.StartTimeout = 60 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	g, err := agent.NewGuard(cfg.Secrets...)
	if err != nil {
		return nil, fmt.Errorf("mcp: %w", err)
	}
	a := &Attached{}
	seen := map[string]bool{}
	for _, spec := range cfg.Servers {
		if err := checkName(spec.Name); err != nil {
			a.Close()
			return nil, err
		}
		if seen[spec.Name] {
			a.Close()
			return nil, fmt.Errorf("%w: two servers are named %s", ErrSpec, spec.Name)
		}
		seen[spec.Name] = true
		r, err := connect(ctx, cfg, spec, g)
		if err != nil {
			a.Close()
			return nil, err
		}
		a.servers = append(a.servers, r)
		var hide map[string]string
		if cfg.Pins != nil {
			if hide, err = cfg.Pins(ctx, spec.Name, maps.Clone(r.pins)); err != nil {
				a.Close()
				return nil, fmt.Errorf("mcp: %s: checking its tools against what was approved: %w", spec.Name, err)
			}
		}
		tools, notices := r.offer(g, hide)
		a.tools = append(a.tools, tools...)
		a.notices = append(a.notices, notices...)
	}
	return a, nil
}

// remote is one attached server: its session and the definitions it listed.
type remote struct {
	spec     ServerSpec
	cs       *sdk.ClientSession
	approver agent.Approver
	notice   func(string)
	guard    agent.Guard
	logger   *slog.Logger

	listed []*sdk.Tool       // as listed at the start, in name order
	pins   map[string]string // remote tool name -> definition hash at the start

	mu       sync.Mutex
	reported map[string]bool       // tools added or changed since the start, already told to the user
	add      func(tool.Tool) error // offers a tool added mid-run (OfferLater); nil: added tools are not offered
}

func connect(ctx context.Context, cfg ClientConfig, spec ServerSpec, g agent.Guard) (*remote, error) {
	r := &remote{spec: spec, approver: cfg.Approver, notice: cfg.OnNotice, guard: g, logger: cfg.Logger,
		pins: map[string]string{}, reported: map[string]bool{}}
	if r.notice == nil {
		r.notice = func(string) {}
	}
	t := spec.Transport
	var stderr *tailBuffer
	if t == nil {
		if err := sandbox.Available(); err != nil {
			return nil, fmt.Errorf("%w: %s: MCP servers run only in the sandbox, which is unavailable here: %w (paddock check shows what is missing)", ErrServerStart, spec.Name, err)
		}
		stderr = &tailBuffer{max: 4 << 10}
		t = &sandboxTransport{cfg: sandboxConfig(cfg.Sandbox, cfg.Workspace, spec), argv: append([]string{spec.Command}, spec.Args...), stderr: stderr}
	}
	client := sdk.NewClient(&sdk.Implementation{Name: "paddock", Version: "1"}, &sdk.ClientOptions{
		Logger:       cfg.Logger,
		Capabilities: &sdk.ClientCapabilities{}, // no roots, sampling or elicitation: a server gets nothing from paddock but calls
	})
	sctx, cancel := context.WithTimeout(ctx, cfg.StartTimeout)
	defer cancel()
	fail := func(what string, err error) error {
		msg := fmt.Sprintf("%v: %s: %s: %v", ErrServerStart, spec.Name, what, err)
		if stderr != nil {
			if tail := strings.TrimSpace(stderr.String()); tail != "" {
				msg += "\n  its stderr ends: " + termtext.OneLine(g.Redact(tail), 400)
			}
		}
		return fmt.Errorf("%w%s", ErrServerStart, strings.TrimPrefix(msg, ErrServerStart.Error()))
	}
	cs, err := client.Connect(sctx, t, nil)
	if err != nil {
		return nil, fail("connecting", err)
	}
	r.cs = cs
	var tools []*sdk.Tool
	for tl, err := range cs.Tools(sctx, nil) {
		if err != nil {
			cs.Close()
			return nil, fail("listing its tools", err)
		}
		if len(tools) == maxTools {
			cs.Close()
			return nil, fail("listing its tools", fmt.Errorf("it offers more than %d tools", maxTools))
		}
		tools = append(tools, tl)
	}
	sort.Slice(tools, func(i, j int) bool { return tools[i].Name < tools[j].Name })
	r.listed = tools
	for _, tl := range tools {
		r.pins[tl.Name] = definitionHash(tl)
	}
	return r, nil
}

// definitionHash pins what a tool was when it was listed: name, title, description, schemas and
// annotations. A change to any of them is a rug pull.
func definitionHash(t *sdk.Tool) string {
	b, _ := json.Marshal(struct {
		Name, Title, Description string
		In, Out                  any
		Annotations              *sdk.ToolAnnotations
	}{t.Name, t.Title, t.Description, t.InputSchema, t.OutputSchema, t.Annotations})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// offer screens the listed tools and returns those the model may see, and why others are hidden
// (hide: by the caller's pins).
func (r *remote) offer(g agent.Guard, hide map[string]string) ([]tool.Tool, []string) {
	var out []tool.Tool
	var notices []string
	names := map[string]string{}
	for _, t := range r.listed {
		if why, ok := hide[t.Name]; ok {
			notices = append(notices, fmt.Sprintf("MCP server %s: tool %s is hidden: %s", r.spec.Name, termtext.OneLine(t.Name, 80), why))
			continue
		}
		rt, why := r.screen(g, t)
		if why != "" {
			notices = append(notices, fmt.Sprintf("MCP server %s: tool %s is hidden: %s", r.spec.Name, termtext.OneLine(t.Name, 80), why))
			continue
		}
		if other, dup := names[rt.name]; dup {
			notices = append(notices, fmt.Sprintf("MCP server %s: tool %s is hidden: its name becomes %s, as %s's does", r.spec.Name, termtext.OneLine(t.Name, 80), rt.name, other))
			continue
		}
		names[rt.name] = t.Name
		out = append(out, rt)
	}
	return out, notices
}

// screen checks one listed tool: its name, its schema and, through the guard, everything in it
// the model would read (description, title, schema text: full-schema poisoning). why says why
// the tool is hidden; empty means it is offered.
func (r *remote) screen(g agent.Guard, t *sdk.Tool) (*remoteTool, string) {
	name, err := toolName(r.spec.Name, t.Name)
	if err != nil {
		return nil, err.Error()
	}
	if len(t.Description) > maxDescription {
		return nil, fmt.Sprintf("its description is %d bytes, more than %d", len(t.Description), maxDescription)
	}
	raw, err := json.Marshal(t.InputSchema)
	if err != nil || len(raw) > maxSchemaBytes {
		return nil, fmt.Sprintf("its input schema is not JSON of at most %d bytes", maxSchemaBytes)
	}
	schema, err := resolveSchema(raw)
	if err != nil {
		return nil, fmt.Sprintf("its input schema is not usable: %v", err)
	}
	manifest := strings.Join([]string{t.Name, t.Title, t.Description, string(raw)}, "\n")
	source := fmt.Sprintf("the description of MCP tool %s", name)
	if v := g.Screen(manifest, source); v.Flagged || v.Blocked {
		return nil, fmt.Sprintf("its description looks like a prompt injection (%s)", strings.Join(v.Reasons, "; "))
	}
	desc := g.Screen(t.Description, source).Text
	kind := tool.Consequential
	if r.spec.TrustAnnotations && t.Annotations != nil && t.Annotations.ReadOnlyHint {
		kind = tool.Read
	}
	return &remoteTool{
		srv: r, name: name, remoteName: t.Name, kind: kind, schema: schema,
		spec: llm.ToolSpec{Name: name, Description: fmt.Sprintf("[MCP server %s] %s", r.spec.Name, desc), Parameters: raw},
	}, ""
}

// toolName is the name the model sees: SERVER__TOOL, in the characters OpenAI tool names allow
// (letters, digits, '_' and '-'; others become '_'), at most 64 long.
func toolName(server, remote string) (string, error) {
	if remote == "" {
		return "", errors.New("it has no name")
	}
	var b strings.Builder
	b.WriteString(server + "__")
	for _, c := range remote {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() > maxToolName {
		return "", fmt.Errorf("its name would be %d characters as %s__..., more than %d", b.Len(), server, maxToolName)
	}
	return b.String(), nil
}

// resolveSchema checks a server's input schema: a JSON Schema (2020-12 or draft-07 keywords
// jsonschema-go understands) for an object.
func resolveSchema(raw []byte) (*jsonschema.Resolved, error) {
	var s jsonschema.Schema
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	if s.Type != "object" {
		return nil, fmt.Errorf(`its type is %q, not "object"`, s.Type)
	}
	return s.Resolve(&jsonschema.ResolveOptions{ValidateDefaults: false})
}

// remoteTool is one tool of an attached server, as a paddock tool.
type remoteTool struct {
	srv        *remote
	name       string
	remoteName string
	kind       tool.Kind
	schema     *jsonschema.Resolved
	spec       llm.ToolSpec
}

// Spec implements tool.Tool: the description screened at listing, never a later one.
func (t *remoteTool) Spec() llm.ToolSpec { return t.spec }

// Kind implements tool.Tool.
func (t *remoteTool) Kind() tool.Kind { return t.kind }

// maxArgumentBytes bounds a call's raw arguments.
const maxArgumentBytes = 4 << 20

// Prepare implements tool.Tool: the arguments are checked against the server's schema.
func (t *remoteTool) Prepare(args string) (*tool.Call, error) {
	if len(args) > maxArgumentBytes {
		return nil, fmt.Errorf("%w: the arguments are %d bytes, more than the %d allowed", tool.ErrInvalidArguments, len(args), maxArgumentBytes)
	}
	if strings.TrimSpace(args) == "" {
		args = "{}"
	}
	if !utf8.ValidString(args) {
		return nil, fmt.Errorf("%w: the arguments are not valid UTF-8", tool.ErrInvalidArguments)
	}
	obj, err := decodeObject(args, true)
	if err != nil {
		return nil, err
	}
	plain, err := decodeObject(args, false) // the validator wants float64 numbers
	if err != nil {
		return nil, err
	}
	if err := t.schema.Validate(plain); err != nil {
		return nil, fmt.Errorf("%w: %v", tool.ErrInvalidArguments, err)
	}
	return tool.NewCall(t.name, t.kind, obj, func(ctx context.Context) (tool.Result, error) { return t.run(ctx, obj) })
}

func decodeObject(args string, numbers bool) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(args))
	if numbers {
		dec.UseNumber()
	}
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: the arguments are not valid JSON (%v); send one JSON object", tool.ErrInvalidArguments, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: extra data after the JSON object; send exactly one JSON object", tool.ErrInvalidArguments)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: the arguments must be a JSON object", tool.ErrInvalidArguments)
	}
	return obj, nil
}

// run calls the tool on its server. Its definition is listed again first (one round trip): a
// tool whose definition changed since the start is held for the user's approval, whether or not
// the server announced the change. Everything the server returns is untrusted output for the
// guard.
func (t *remoteTool) run(ctx context.Context, args map[string]any) (tool.Result, error) {
	src := fmt.Sprintf("MCP tool %s", t.name)
	changed, gone, err := t.srv.check(ctx, t.remoteName)
	if err != nil {
		return tool.Result{}, err
	}
	if gone {
		return tool.Result{Output: fmt.Sprintf("MCP server %s no longer offers %s; the call was not made.", t.srv.spec.Name, t.remoteName)}, nil
	}
	if changed {
		canon, _ := tool.Canonical(args)
		ans, err := t.srv.approver.Confirm(ctx, t.name, canon, fmt.Sprintf("MCP server %s changed this tool's definition after it was listed (a possible rug pull)", t.srv.spec.Name))
		if err != nil {
			return tool.Result{}, err
		}
		if ans.Reply != policy.Yes && ans.Reply != policy.Always {
			return tool.Result{Output: fmt.Sprintf("paddock held this call: MCP server %s changed the tool's definition after it was listed, and the user did not approve the call.", t.srv.spec.Name)}, nil
		}
	}
	res, err := t.srv.cs.CallTool(ctx, &sdk.CallToolParams{Name: t.remoteName, Arguments: args})
	if err != nil {
		if ctx.Err() != nil {
			return tool.Result{}, ctx.Err()
		}
		// The server's error text is untrusted too: it goes through the guard like a result.
		return tool.Result{Untrusted: true, Source: src, Output: "the MCP server failed the call: " + err.Error()}, nil
	}
	return tool.Result{Untrusted: true, Source: src, Output: render(res)}, nil
}

// check lists the server's tools again and reports whether the named tool's definition differs
// from the one listed at the start, or is gone. Changed tools are reported to the user once;
// added ones are held: offered only when the user approves them (OfferLater), else not at all.
func (r *remote) check(ctx context.Context, name string) (changed, gone bool, err error) {
	lctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	now := map[string]*sdk.Tool{}
	for tl, err := range r.cs.Tools(lctx, nil) {
		if err != nil {
			return false, false, fmt.Errorf("MCP server %s: listing its tools before a call: %w", r.spec.Name, err)
		}
		if len(now) == maxTools {
			break
		}
		now[tl.Name] = tl
	}
	r.mu.Lock()
	var added []*sdk.Tool
	var altered []string
	hashes := map[string]string{}
	for n, tl := range now {
		h := definitionHash(tl)
		hashes[n] = h
		pin, ok := r.pins[n]
		switch {
		case !ok && !r.reported[n]:
			added = append(added, tl)
		case ok && pin != h && !r.reported[n]:
			altered = append(altered, termtext.OneLine(n, 80))
		}
		if !ok || pin != h {
			r.reported[n] = true
		}
	}
	h, listed := hashes[name]
	changed, gone = listed && h != r.pins[name], !listed
	add := r.add
	r.mu.Unlock()
	sort.Strings(altered)
	if len(altered) > 0 {
		r.notice(fmt.Sprintf("MCP server %s changed tools after they were listed (%s); each of their calls now needs your approval", r.spec.Name, strings.Join(altered, ", ")))
	}
	sort.Slice(added, func(i, j int) bool { return added[i].Name < added[j].Name })
	for _, tl := range added {
		if err := r.hold(ctx, tl, hashes[tl.Name], add); err != nil {
			return false, false, err
		}
	}
	return changed, gone, nil
}

// hold decides about a tool the server added mid-run: screened as at the start, then offered
// only if the user approves it.
func (r *remote) hold(ctx context.Context, tl *sdk.Tool, hash string, add func(tool.Tool) error) error {
	shown := termtext.OneLine(tl.Name, 80)
	if add == nil {
		r.notice(fmt.Sprintf("MCP server %s added tool %s after the run started; paddock holds it: it is not offered in this run (a new run lists and screens it)", r.spec.Name, shown))
		return nil
	}
	rt, why := r.screen(r.guard, tl)
	if why != "" {
		r.notice(fmt.Sprintf("MCP server %s added tool %s after the run started; it is hidden: %s", r.spec.Name, shown, why))
		return nil
	}
	ans, err := r.approver.Confirm(ctx, rt.name, "{}", fmt.Sprintf("MCP server %s added this tool after the run started; approve to offer it to the model from now on. Its description: %s",
		r.spec.Name, termtext.OneLine(rt.spec.Description, 300)))
	if err != nil {
		return err
	}
	if ans.Reply != policy.Yes && ans.Reply != policy.Always {
		r.notice(fmt.Sprintf("MCP server %s added tool %s after the run started; you did not approve it: it is not offered", r.spec.Name, shown))
		return nil
	}
	if err := add(rt); err != nil {
		r.notice(fmt.Sprintf("MCP server %s added tool %s after the run started; it cannot be offered: %v", r.spec.Name, shown, err))
		return nil
	}
	r.mu.Lock()
	r.pins[tl.Name] = hash
	r.mu.Unlock()
	r.notice(fmt.Sprintf("MCP server %s added tool %s after the run started; approved, it is offered as %s", r.spec.Name, shown, rt.name))
	return nil
}

// render turns a call's result into text for the guard: text as is, other content described.
func render(res *sdk.CallToolResult) string {
	var b bytes.Buffer
	if res.IsError {
		b.WriteString("The tool reported an error:\n")
	}
	for _, c := range res.Content {
		if b.Len() > 0 && !bytes.HasSuffix(b.Bytes(), []byte("\n")) {
			b.WriteByte('\n')
		}
		switch c := c.(type) {
		case *sdk.TextContent:
			b.WriteString(c.Text)
		case *sdk.ImageContent:
			fmt.Fprintf(&b, "[image %s, %d bytes, not shown]", c.MIMEType, len(c.Data))
		case *sdk.AudioContent:
			fmt.Fprintf(&b, "[audio %s, %d bytes, not shown]", c.MIMEType, len(c.Data))
		case *sdk.ResourceLink:
			fmt.Fprintf(&b, "[resource %s: %s]", c.Name, c.URI)
		case *sdk.EmbeddedResource:
			if c.Resource == nil {
				continue
			}
			if c.Resource.Text != "" {
				fmt.Fprintf(&b, "[resource %s]\n%s", c.Resource.URI, c.Resource.Text)
			} else {
				fmt.Fprintf(&b, "[resource %s, %d bytes, not shown]", c.Resource.URI, len(c.Resource.Blob))
			}
		default:
			b.WriteString("[content of an unknown kind, not shown]")
		}
		if b.Len() > maxResultBytes {
			break
		}
	}
	if len(res.Content) == 0 && res.StructuredContent != nil {
		j, _ := json.Marshal(res.StructuredContent)
		b.Write(j)
	}
	out := b.String()
	if len(out) > maxResultBytes {
		cut := maxResultBytes
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut] + fmt.Sprintf("\n[paddock truncated the result: %d bytes more]", len(out)-cut)
	}
	return out
}
