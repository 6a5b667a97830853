package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

// parse parses flags that come before the arguments (the flag package's way: the first argument
// that is not a flag ends them), printing errors and help the way every command does. ok false
// means return code: ExitOK after -h or --help, whose help goes to stdout; ExitUsage after a bad
// flag, reported as one error line and one line pointing at --help (not the whole help).
func parse(fs *flag.FlagSet, args []string, env Env) (code int, ok bool) {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(env.Stderr)
	return parseError(fs, err, env)
}

// parseInterspersed parses flags wherever they stand among the arguments, so
// `paddock run "GOAL" --workspace D` and `paddock runs show ID --json` work; "--" ends the flags,
// and everything after it is an argument even when it starts with "-". It returns the arguments
// in order; ok false is as for parse.
func parseInterspersed(fs *flag.FlagSet, args []string, env Env) (pos []string, code int, ok bool) {
	pos, _, code, ok = parseInterspersedArgs(fs, args, env)
	return pos, code, ok
}

// parseInterspersedArgs is parseInterspersed that also returns the flag arguments as given, in
// order (flags and their values), without the arguments.
func parseInterspersedArgs(fs *flag.FlagSet, args []string, env Env) (pos, flags []string, code int, ok bool) {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = usage; fs.SetOutput(env.Stderr) }()
	for {
		if err := fs.Parse(args); err != nil {
			fs.Usage = usage
			fs.SetOutput(env.Stderr)
			code, ok := parseError(fs, err, env)
			return nil, nil, code, ok
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		flags = append(flags, args[:consumed]...)
		if consumed > 0 && args[consumed-1] == "--" && !flagValue(fs, args, consumed-1) {
			return append(pos, rest...), flags, 0, true
		}
		if len(rest) == 0 {
			return pos, flags, 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// parseAnywhere is parseInterspersed for commands that read their arguments with fs.Args(): once
// it returns ok, fs.Args() holds the arguments in order, so "create acme --data-dir D" works.
func parseAnywhere(fs *flag.FlagSet, args []string, env Env) (code int, ok bool) {
	pos, code, ok := parseInterspersed(fs, args, env)
	if !ok {
		return code, false
	}
	_ = fs.Parse(append([]string{"--"}, pos...)) // cannot fail: "--" ends the flags
	return 0, true
}

// flagValue reports whether args[i] is the value of the flag before it ("--workspace --").
func flagValue(fs *flag.FlagSet, args []string, i int) bool {
	if i == 0 {
		return false
	}
	prev := args[i-1]
	return strings.HasPrefix(prev, "-") && prev != "--" && !strings.Contains(prev, "=") &&
		fs.Lookup(strings.TrimLeft(prev, "-")) != nil && !isBoolFlag(fs, prev)
}

// parseError turns the flag package's error into output and an exit status.
func parseError(fs *flag.FlagSet, err error, env Env) (code int, ok bool) {
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(env.Stdout)
		fs.Usage()
		fs.SetOutput(env.Stderr)
		return ExitOK, false
	}
	fmt.Fprintf(env.Stderr, "%s: %v\n", fs.Name(), err)
	fmt.Fprintf(env.Stderr, "Run '%s --help' for the flags.\n", fs.Name())
	return ExitUsage, false
}

// subcommand splits args into a subcommand and its arguments. Without a subcommand it prints
// usage on stderr and returns ok false with ExitUsage; for -h, --help or help it prints usage on
// stdout and returns ok false with ExitOK.
func subcommand(args []string, usage string, env Env) (sub string, rest []string, code int, ok bool) {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return "", nil, ExitUsage, false
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(env.Stdout, usage)
		return "", nil, ExitOK, false
	}
	return args[0], args[1:], 0, true
}

func isBoolFlag(fs *flag.FlagSet, arg string) bool {
	f := fs.Lookup(strings.TrimLeft(arg, "-"))
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// listFlag is a comma-separated, repeatable list flag: "--x a,b --x c" gives a, b and c.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// repeatedFlag is a repeatable flag whose every use adds one value as given, commas included
// (paths, KEY=VALUE entries, variable names).
type repeatedFlag []string

func (l *repeatedFlag) String() string     { return strings.Join(*l, ",") }
func (l *repeatedFlag) Set(s string) error { *l = append(*l, s); return nil }

// bytesFlag is a byte count such as 512M or 2G (sandbox.ParseBytes).
type bytesFlag int64

func (b *bytesFlag) String() string { return strconv.FormatInt(int64(*b), 10) }
func (b *bytesFlag) Set(s string) error {
	v, err := sandbox.ParseBytes(s)
	if err != nil {
		return err
	}
	*b = bytesFlag(v)
	return nil
}

// secondsFlag is a duration given in seconds (30, 1.5) or as a Go duration (1m).
type secondsFlag time.Duration

func (d *secondsFlag) String() string { return time.Duration(*d).String() }
func (d *secondsFlag) Set(s string) error {
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if v < 0 || v > 1e9 || math.IsNaN(v) {
			return fmt.Errorf("%w: --cpu %q out of range", sandbox.ErrInvalidConfig, s)
		}
		*d = secondsFlag(time.Duration(v * float64(time.Second)))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("%w: --cpu %q: want seconds (e.g. 30) or a duration (e.g. 1m)", sandbox.ErrInvalidConfig, s)
	}
	*d = secondsFlag(v)
	return nil
}
