// Package stage is the in-namespace half of package sandbox: the re-executed
// binary that builds the sandbox (mounts, identity, capabilities,
// no_new_privs, Landlock, seccomp, rlimits) and then executes the command.
//
// It is its own package so that the stage starts fast: it imports only the
// standard library and golang.org/x/sys/unix, so the Go runtime initialises
// it (and its init takes the process over) before the CLI, the store, the
// guard's detector or the model SDK initialise at all. A stage process never
// runs their init functions.
//
// The parent (package sandbox) describes the work in a Spec and a Command;
// see spec.go for the protocol. The threat model and the order of the layers
// are in package sandbox's documentation.
package stage
