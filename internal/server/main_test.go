package server

import (
	"os"
	"testing"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

func TestMain(m *testing.M) {
	sandbox.Init() // the sandbox re-executes this test binary as its stage
	os.Exit(m.Run())
}
