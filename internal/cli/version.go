package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

const versionUsage = `Usage: paddock version

Prints paddock's version, the commit it was built from and the Go version that built it, from
the binary's build information. A binary built by "go install ...@v1.2.3" knows its module
version; one built from a checkout knows its commit (and whether the tree had local changes).
`

// versionInfo is what `paddock version` prints, read from the build information.
type versionInfo struct {
	Version, Commit, Time, Go, Platform string
	Modified                            bool
}

// buildVersion reads the version from info (nil: unknown) and Version.
func buildVersion(info *debug.BuildInfo) versionInfo {
	v := versionInfo{Version: "(unknown)", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info != nil {
		v.Go = info.GoVersion
		if info.Main.Version != "" {
			v.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Commit = s.Value
			case "vcs.time":
				v.Time = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	if Version != "" {
		v.Version = Version
	}
	return v
}

func (v versionInfo) String() string {
	s := "paddock " + v.Version + "\n"
	if v.Commit != "" {
		c := v.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		s += "commit  " + c
		if v.Time != "" {
			s += " (" + v.Time + ")"
		}
		if v.Modified {
			s += ", with local changes"
		}
		s += "\n"
	}
	return s + fmt.Sprintf("go      %s %s\n", v.Go, v.Platform)
}

func versionCmd(args []string, env Env) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			fmt.Fprint(env.Stdout, versionUsage)
			return ExitOK
		}
		fmt.Fprintf(env.Stderr, "paddock version: unexpected %q\nRun 'paddock version --help' for usage.\n", args[0])
		return ExitUsage
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprint(env.Stdout, buildVersion(info))
	return ExitOK
}
