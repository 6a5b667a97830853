package sandbox

// The parent describes everything the in-namespace stage must do in one
// stageSpec, sent as JSON over a pipe. The stage trusts it (it comes from the
// parent, before any untrusted code runs) and only applies it.

// stageArg0 is argv[0] of the re-executed binary; Init recognises the stage
// by it (together with PID 1 and the spec pipe).
const stageArg0 = "paddock-sandbox-stage"

// File descriptors the stage inherits (os/exec ExtraFiles start at 3).
const (
	specFD    = 3 // read end: the JSON stageSpec; its arrival is also the "go" signal
	errFD     = 4 // write end, close-on-exec: setup errors; EOF means the command was executed
	firstTree = 5 // detached mount trees prepared by the parent (idmapped workspace, grants)
)

// Exit status of the stage when setup fails before the command runs.
const (
	exitSetupFailed = 125
	exitNotRunnable = 126
	exitNotFound    = 127
)

// proxyPort is the loopback port inside the sandbox's network namespace on
// which the host serves the egress proxy. The namespace is private, so any
// fixed port is free.
const proxyPort = 3128

type mountKind string

const (
	kindBind    mountKind = "bind"    // bind of host path Src, opened before the root switch
	kindTree    mountKind = "tree"    // detached tree FD prepared by the parent
	kindTmpfs   mountKind = "tmpfs"   // fresh tmpfs with Data options
	kindProc    mountKind = "proc"    // fresh procfs of the sandbox's PID namespace
	kindDevpts  mountKind = "devpts"  // private devpts instance
	kindSymlink mountKind = "symlink" // symlink Dst -> Src
	kindFile    mountKind = "file"    // bind of host file Src (device nodes) onto a new empty file
)

// mountSpec is one entry of the new root, applied in order.
type mountSpec struct {
	Kind  mountKind `json:"kind"`
	Src   string    `json:"src,omitempty"`
	Dst   string    `json:"dst"`
	Write bool      `json:"write,omitempty"`
	Exec  bool      `json:"exec,omitempty"`
	FD    int       `json:"fd,omitempty"`
	Data  string    `json:"data,omitempty"`
	Flags uintptr   `json:"flags,omitempty"`
}

type rlimitSpec struct {
	Resource int    `json:"resource"`
	Cur      uint64 `json:"cur"`
	Max      uint64 `json:"max"`
}

// landlockRule grants Access on the tree beneath Path (inside path).
type landlockRule struct {
	Path   string `json:"path"`
	Access uint64 `json:"access"`
}

type stageSpec struct {
	Argv []string `json:"argv"`
	Env  []string `json:"env"`
	Dir  string   `json:"dir"`

	Mounts  []mountSpec `json:"mounts"`
	Pin     []string    `json:"pin,omitempty"`     // inside dirs bound onto themselves (cannot be renamed or removed)
	Seal    []string    `json:"seal,omitempty"`    // inside paths re-bound read-only that must still exist (git metadata)
	Protect []string    `json:"protect,omitempty"` // inside paths re-bound read-only if they still exist

	UID uint32 `json:"uid"` // inside uid/gid the command runs as
	GID uint32 `json:"gid"`

	Rlimits []rlimitSpec `json:"rlimits"`

	Landlock      bool           `json:"landlock"`
	LandlockRules []landlockRule `json:"landlock_rules"`
	ProxyPort     int            `json:"proxy_port,omitempty"`
	Seccomp       bool           `json:"seccomp"`
}
