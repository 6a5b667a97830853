package stage

// The parent describes everything the in-namespace stage must do in one
// Spec, sent as JSON over a pipe, and then the command to run as a Command,
// a second JSON value on the same pipe. The stage trusts both (they come from
// the parent, before any untrusted code runs) and only applies them.
//
// Between the two the stage is ready: namespaces, filesystem, identity,
// Landlock and seccomp are in place, and it says so with one byte on ReadyFD.
// A warm stage waits there; its Command can follow at once (one-shot) or
// seconds later (the agent's next command). Closing the pipe instead makes
// the stage exit without running anything.

// Arg0 is argv[0] of the re-executed binary; Init recognises the stage
// by it (together with PID 1 and the spec pipe).
const Arg0 = "paddock-sandbox-stage"

// UsernsArg0 is argv[0] of a re-executed binary that only holds a user
// namespace open (the mapping of an idmapped mount) until stdin closes.
const UsernsArg0 = "paddock-sandbox-userns"

// File descriptors the stage inherits (os/exec ExtraFiles start at 3).
const (
	SpecFD    = 3 // read end: the JSON Spec, then the JSON Command
	ErrFD     = 4 // write end, close-on-exec: setup errors; EOF means the command was executed
	ReadyFD   = 5 // write end: one byte once the stage waits for its Command, then closed
	FirstTree = 6 // detached mount trees prepared by the parent (idmapped workspace, grants)
)

// Exit status of the stage when setup fails before the command runs.
const (
	ExitSetupFailed = 125
	ExitNotRunnable = 126
	ExitNotFound    = 127
)

// ProxyPort is the loopback port inside the sandbox's network namespace on
// which the host serves the egress proxy. The namespace is private, so any
// fixed port is free.
const ProxyPort = 3128

type MountKind string

const (
	KindBind    MountKind = "bind"    // bind of host path Src, opened before the root switch
	KindTree    MountKind = "tree"    // detached tree FD prepared by the parent
	KindTmpfs   MountKind = "tmpfs"   // fresh tmpfs with Data options
	KindProc    MountKind = "proc"    // fresh procfs of the sandbox's PID namespace
	KindDevpts  MountKind = "devpts"  // private devpts instance
	KindSymlink MountKind = "symlink" // symlink Dst -> Src
	KindFile    MountKind = "file"    // bind of host file Src (device nodes) onto a new empty file
)

// Mount is one entry of the new root, applied in order.
type Mount struct {
	Kind  MountKind `json:"kind"`
	Src   string    `json:"src,omitempty"`
	Dst   string    `json:"dst"`
	Write bool      `json:"write,omitempty"`
	Exec  bool      `json:"exec,omitempty"`
	FD    int       `json:"fd,omitempty"`
	Data  string    `json:"data,omitempty"`
	Flags uintptr   `json:"flags,omitempty"`
}

type Rlimit struct {
	Resource int    `json:"resource"`
	Cur      uint64 `json:"cur"`
	Max      uint64 `json:"max"`
}

// LandlockRule grants Access on the tree beneath Path (inside path).
type LandlockRule struct {
	Path   string `json:"path"`
	Access uint64 `json:"access"`
}

// Command is what to run in a stage that is ready.
type Command struct {
	Argv []string `json:"argv"`
	Env  []string `json:"env"`
	Dir  string   `json:"dir"`
}

// Spec is the sandbox the stage builds before it waits for its Command.
type Spec struct {
	Mounts  []Mount  `json:"mounts"`
	Pin     []string `json:"pin,omitempty"`     // inside dirs bound onto themselves (cannot be renamed or removed)
	Seal    []string `json:"seal,omitempty"`    // inside paths re-bound read-only that must still exist (git metadata)
	Protect []string `json:"protect,omitempty"` // inside paths re-bound read-only if they still exist

	UID uint32 `json:"uid"` // inside uid/gid the command runs as
	GID uint32 `json:"gid"`

	Rlimits []Rlimit `json:"rlimits"`

	Landlock      bool           `json:"landlock"`
	LandlockRules []LandlockRule `json:"landlock_rules"`
	ProxyPort     int            `json:"proxy_port,omitempty"`
	Seccomp       bool           `json:"seccomp"`
}
