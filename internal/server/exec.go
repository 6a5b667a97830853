package server

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

// TenantUIDBase is the first host uid of the tenants' sandbox ranges. Tenant slot n (from 1) maps
// the sandbox's uid 0 to TenantUIDBase+2n and runs commands as TenantUIDBase+2n+1, so no two
// tenants' commands share a host uid, nor with `paddock run` (sandbox.DefaultHostUID).
const TenantUIDBase = 2_100_000_000

// TenantHostUID returns the sandbox host uid of a tenant's uid slot.
func TenantHostUID(slot int64) (uint32, error) {
	if slot < 1 {
		return 0, fmt.Errorf("server: tenant uid slot %d is not positive", slot)
	}
	uid := int64(TenantUIDBase) + 2*slot
	if uid > math.MaxUint32-2 {
		return 0, fmt.Errorf("server: tenant uid slot %d is past the last uid", slot)
	}
	return uint32(uid), nil
}

// execConfig returns the sandbox configuration of a tenant's commands, or nil when the server
// offers none. cpuLeft bounds the CPU time of each command by what is left of the tenant's daily
// quota.
func (s *Server) execConfig(ctx context.Context, tenantName string, cpuLeft time.Duration) (*sandbox.Config, error) {
	if s.cfg.Exec == nil {
		return nil, nil
	}
	t, err := s.st.LookupTenant(ctx, tenantName)
	if err != nil {
		return nil, fmt.Errorf("tenant: %w", err)
	}
	uid, err := TenantHostUID(t.UIDSlot)
	if err != nil {
		return nil, err
	}
	cfg := *s.cfg.Exec
	cfg.HostUID = uid
	cfg.ReadOnly, cfg.ReadWrite = nil, nil // nothing of the host beyond the workspace
	if cpuLeft > 0 && (cfg.CPU == 0 || cpuLeft < cfg.CPU) {
		cfg.CPU = cpuLeft
	}
	return &cfg, nil
}

// SandboxSelfTest returns a readiness check that runs /bin/true in the sandbox with every
// protection (at most every interval; the result is cached in between), in a scratch directory
// under dir. A sandbox that cannot start a command makes the server not ready.
func SandboxSelfTest(dir string, interval time.Duration) func(context.Context) error {
	var mu sync.Mutex
	var last time.Time
	var lastErr error
	return func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		if !last.IsZero() && time.Since(last) < interval {
			return lastErr
		}
		last, lastErr = time.Now(), selfTest(ctx, dir)
		return lastErr
	}
}

func selfTest(ctx context.Context, dir string) error {
	if err := sandbox.Available(); err != nil {
		return err
	}
	ws := filepath.Join(dir, "selftest")
	if err := os.MkdirAll(ws, 0o700); err != nil {
		return fmt.Errorf("sandbox self-test: %w", err)
	}
	res, err := sandbox.Run(ctx, sandbox.Config{Workspace: ws, Timeout: 10 * time.Second}, []string{"/bin/true"})
	if err != nil {
		return fmt.Errorf("sandbox self-test: %w", err)
	}
	if res.ExitCode != 0 {
		return fmt.Errorf("sandbox self-test: /bin/true exited %d", res.ExitCode)
	}
	return nil
}
