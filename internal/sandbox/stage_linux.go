package sandbox

import "github.com/paddock-dev/paddock/internal/sandbox/stage"

// Init must be called first in main() and in TestMain. If this process was
// started as a sandbox stage (a re-exec of /proc/self/exe by Run), it performs
// the in-namespace setup and executes the command, and never returns;
// otherwise it returns at once. Package stage already does this from its own
// init, before the heavier packages of the binary initialise.
func Init() { stage.Init() }
