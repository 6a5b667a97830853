// Package cli implements paddock's command line: it parses flags, wires the packages together and
// prints. It holds no agent, sandbox or guard logic of its own.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
	"golang.org/x/sys/unix"
)

// Exit statuses that scripts can rely on.
const (
	ExitOK          = 0   // the run finished (the model called finish), or the command succeeded
	ExitFailed      = 1   // the run failed, or the command failed
	ExitUsage       = 2   // bad flags or arguments
	ExitBudget      = 3   // a step, token or time budget ran out
	ExitInterrupted = 130 // Ctrl-C, or the user answered q

	// The statuses of single commands, each documented in its --help.
	ExitFlagged          = 1   // paddock scan: the input was flagged or blocked
	ExitAwaitingApproval = 3   // paddock ap step: the step waits for an approval
	ExitTaskEnded        = 4   // paddock ap step: the task has ended
	ExitSandboxSetup     = 125 // paddock sandbox: the sandbox could not be set up
	ExitNotFound         = 127 // paddock sandbox: the command does not exist inside the sandbox
)

// Version is paddock's version when set at build time with
// -ldflags "-X github.com/paddock-dev/paddock/internal/cli.Version=v1.2.3"; otherwise the module
// version from the build info is shown (see versionCmd).
var Version = ""

// Env is the process environment the commands see. The commands read environment variables
// only through Getenv, so a test can give them any.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// StdinIsTerminal says whether answers come from a person at a terminal.
	StdinIsTerminal bool
	// StdoutIsTerminal and StderrIsTerminal say whether the outputs are a terminal: only then is
	// there live progress and colour (and colour only without NO_COLOR).
	StdoutIsTerminal, StderrIsTerminal bool
	// Getenv reads an environment variable; nil means os.Getenv.
	Getenv func(string) string
}

const usage = `paddock runs autonomous AI agents with safety built in: agents read and write only
inside their workspace, their commands run sandboxed, and what they read is screened.

Usage:
  paddock demo                     watch a scripted model drive the real runtime (no API key needed)
  paddock run [flags] "GOAL"       start an agent on GOAL (paddock run --help for flags)
  paddock runs [--json]            list recorded runs
  paddock runs show ID             show one run step by step
  paddock rules check|approve      explain which rule decides a tool call; approve a project's rules
  paddock sandbox [flags] -- CMD   run one command in the sandbox (no network, only the workspace writable)
  paddock check                    test this machine's containment and print a scorecard
  paddock scan [FILE|-]            screen text or a web page for prompt injection and secrets
  paddock guard eval FILE.jsonl    measure the injection detector on labelled data
  paddock serve [flags]            serve the Agent Protocol API to many tenants
  paddock mcp [flags]              serve the contained tools to an MCP client (Claude Code, Codex, IDEs)
  paddock tenant|key ...           manage tenants and their API keys (create, list, revoke)
  paddock ap ...                   a small Agent Protocol client (task, step, artifacts)
  paddock audit verify             check the audit log's hash chains
  paddock migrate [--dry-run]      bring a shared PostgreSQL database's schema up to date
  paddock backup FILE              copy the SQLite database online to FILE
  paddock version                  print the version, commit and Go version
  paddock completion bash|zsh|fish print a shell completion script

Model settings come from OPENAI_API_KEY, OPENAI_BASE_URL (any OpenAI-compatible server) and
PADDOCK_MODEL, or from flags. Runs are recorded under $XDG_DATA_HOME/paddock (or
~/.local/share/paddock); --data-dir or PADDOCK_DATA_DIR moves it.

Exit status: 0 finished, 1 failed, 2 usage error, 3 budget ran out, 130 interrupted or stopped.
`

// Main runs paddock with args (without the program name) and returns the exit status.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return runCmd(ctx, rest, env)
	case "demo":
		return demoCmd(ctx, rest, env)
	case "runs":
		return runsCmd(ctx, rest, env)
	case "sandbox":
		return sandboxCmd(ctx, rest, env)
	case "check":
		return checkCmd(ctx, rest, env)
	case "scan":
		return scanCmd(ctx, rest, env)
	case "guard":
		return guardCmd(ctx, rest, env)
	case "serve":
		return serveCmd(ctx, rest, env)
	case "mcp":
		return mcpCmd(ctx, rest, env)
	case "tenant":
		return tenantCmd(ctx, rest, env)
	case "rules":
		return rulesCmd(ctx, rest, env)
	case "migrate":
		return migrateCmd(ctx, rest, env)
	case "backup":
		return backupCmd(ctx, rest, env)
	case "key":
		return keyCmd(ctx, rest, env)
	case "audit":
		return auditCmd(ctx, rest, env)
	case "ap":
		return apCmd(ctx, rest, env)
	case "version", "--version":
		return versionCmd(rest, env)
	case "completion":
		return completionCmd(rest, env)
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "paddock: unknown command %q\nRun 'paddock help' for the commands.\n", cmd)
	return ExitUsage
}

// dataDir returns where runs, tenants and the audit log are kept: the flag, PADDOCK_DATA_DIR,
// $XDG_DATA_HOME/paddock or ~/.local/share/paddock.
func dataDir(flagValue string, env Env) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if d := env.Getenv("PADDOCK_DATA_DIR"); d != "" {
		return filepath.Abs(d)
	}
	if d := env.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "paddock"), nil
	}
	home := env.Getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("cannot find a data directory: set --data-dir or PADDOCK_DATA_DIR: %w", err)
		}
	}
	return filepath.Join(home, ".local", "share", "paddock"), nil
}

// localTenant is the tenant of the command line's own runs; no server tenant can take its name.
const localTenant = "local"

// openStore opens the store in the data dir (see dataDir), creating it when missing, and returns
// it with the directory.
func openStore(flagValue string, env Env) (*store.DB, string, error) {
	dir, err := dataDir(flagValue, env)
	if err != nil {
		return nil, "", err
	}
	db, err := sqlite.Open(store.DefaultPath(dir))
	if err != nil {
		return nil, "", dataDirError(dir, err)
	}
	return store.New(db), dir, nil
}

// ErrNoRecords reports a data dir without a database: nothing was recorded there yet.
var ErrNoRecords = errors.New("no runs recorded yet")

// openExistingStore opens the store in the data dir without creating it: a command that only
// reads (paddock runs) leaves no database behind. A missing one is ErrNoRecords.
func openExistingStore(flagValue string, env Env) (*store.DB, string, error) {
	dir, err := dataDir(flagValue, env)
	if err != nil {
		return nil, "", err
	}
	path := store.DefaultPath(dir)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, dir, fmt.Errorf("%w in %s (try: paddock demo)", ErrNoRecords, dir)
		}
		return nil, dir, dataDirError(dir, err)
	}
	db, err := sqlite.Open(path)
	if err != nil {
		return nil, "", dataDirError(dir, err)
	}
	return store.New(db), dir, nil
}

// dataDirError says what is wrong with the data dir in words a user can act on.
func dataDirError(dir string, err error) error {
	if errors.Is(err, fs.ErrPermission) || unix.Access(dir, unix.R_OK|unix.W_OK|unix.X_OK) == unix.EACCES {
		return fmt.Errorf("data directory %s: permission denied (use a directory you can write with --data-dir or PADDOCK_DATA_DIR): %w", dir, fs.ErrPermission)
	}
	return fmt.Errorf("data directory %s: %w", dir, err)
}
