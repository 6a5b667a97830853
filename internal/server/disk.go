package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/paddock-dev/paddock/internal/workspace"
)

// Disk is shared by every tenant: the database, the audit chain and all workspaces live on the
// data volume. Three rules keep one tenant from filling it (security issue, item 5), all checked
// here and nowhere else:
//   - a tenant holds at most Limits.MaxTasks tasks;
//   - a tenant's workspaces hold at most Limits.MaxTenantBytes bytes; a step or an upload sees its
//     workspace's limit lowered to what the tenant has left, so a write over it fails as a write
//     over the workspace's own limit does;
//   - no work starts when the data volume has less than Limits.MinFreeBytes free, and /readyz
//     says so.
//
// A tenant's bytes are measured once (one walk of each of its workspaces, on first use) and then
// kept: each step and upload measures only its own workspace when it ends.

// diskUsage keeps each tenant's workspace bytes, per task.
type diskUsage struct {
	mu      sync.Mutex
	tenants map[string]map[string]int64 // tenant → task → bytes
}

// tenantBytes returns the bytes of the tenant's workspaces and the bytes of taskID's among them,
// measuring the tenant's workspaces on first use.
func (s *Server) tenantBytes(tenantName, taskID string) (total, task int64, err error) {
	d := &s.disk
	d.mu.Lock()
	defer d.mu.Unlock()
	tasks, ok := d.tenants[tenantName]
	if !ok {
		tasks, err = s.measureTenant(tenantName)
		if err != nil {
			return 0, 0, err
		}
		if d.tenants == nil {
			d.tenants = map[string]map[string]int64{}
		}
		d.tenants[tenantName] = tasks
	}
	for _, n := range tasks {
		total += n
	}
	return total, tasks[taskID], nil
}

// measureTenant walks each workspace of a tenant once.
func (s *Server) measureTenant(tenantName string) (map[string]int64, error) {
	root := filepath.Join(s.cfg.DataDir, "tenants", tenantName, "workspaces")
	entries, err := os.ReadDir(root)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]int64{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("measure the tenant's workspaces: %w", err)
	}
	tasks := make(map[string]int64, len(entries))
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n, err := workspaceBytes(filepath.Join(root, e.Name()))
		if err != nil {
			return nil, err
		}
		tasks[e.Name()] = n
	}
	return tasks, nil
}

func workspaceBytes(dir string) (int64, error) {
	ws, err := workspace.Open(dir, workspace.DefaultLimits)
	if err != nil {
		return 0, fmt.Errorf("measure workspace: %w", err)
	}
	defer ws.Close()
	return ws.Usage()
}

// remeasure records what a task's workspace holds now, after a step or an upload changed it. ws
// is the workspace the step used (its Usage walks only that workspace).
func (s *Server) remeasure(tenantName, taskID string, ws *workspace.Workspace) {
	n, err := ws.Usage()
	if err != nil {
		s.log.Error("measure workspace", "tenant", tenantName, "task", taskID, "err", err)
		return
	}
	d := &s.disk
	d.mu.Lock()
	defer d.mu.Unlock()
	if tasks, ok := d.tenants[tenantName]; ok {
		tasks[taskID] = n
	}
}

// freeBytes is the space left to unprivileged writers on the data volume.
func (s *Server) freeBytes() (int64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(s.cfg.DataDir, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", s.cfg.DataDir, err)
	}
	return int64(st.Bavail) * st.Bsize, nil
}

// checkFree refuses work when the data volume is under its floor.
func (s *Server) checkFree() error {
	floor := s.cfg.Limits.MinFreeBytes
	if floor < 0 {
		return nil
	}
	free, err := s.freeBytes()
	if err != nil {
		return err
	}
	if free < floor {
		s.log.Error("data volume under its free-space floor: refusing new work", "free_bytes", free, "floor_bytes", floor)
		return &Error{Status: http.StatusInsufficientStorage, Code: "disk_low",
			Message: "the data volume is nearly full: the server accepts no new work until the operator frees space"}
	}
	return nil
}

// admitTask checks the disk rules before a task is created: the tenant's task count, its bytes and
// the free-space floor.
func (s *Server) admitTask(ctx context.Context, tenantName string) error {
	if max := s.cfg.Limits.MaxTasks; max > 0 {
		_, n, err := s.st.Tenant(tenantName).Tasks(ctx, 1, 0)
		if err != nil {
			return fmt.Errorf("count tasks: %w", err)
		}
		if int64(n) >= max {
			return errorf(http.StatusTooManyRequests, "quota_tasks", "this tenant has %d tasks, its limit; the operator can raise it with --max-tasks", max)
		}
	}
	_, err := s.workspaceLimits(tenantName, "", workspace.DefaultLimits)
	return err
}

// workspaceLimits checks the free-space floor and the tenant's bytes, and returns base with the
// workspace's total limit lowered to what the task holds plus what the tenant has left.
func (s *Server) workspaceLimits(tenantName, taskID string, base workspace.Limits) (workspace.Limits, error) {
	if err := s.checkFree(); err != nil {
		return base, err
	}
	max := s.cfg.Limits.MaxTenantBytes
	if max < 0 {
		return base, nil
	}
	total, task, err := s.tenantBytes(tenantName, taskID)
	if err != nil {
		return base, err
	}
	if total >= max {
		return base, errorf(http.StatusInsufficientStorage, "quota_disk", "this tenant's workspaces hold %d of their %d bytes; delete files or ask the operator to raise --max-tenant-bytes", total, max)
	}
	if base.MaxTotalBytes <= 0 {
		base.MaxTotalBytes = workspace.DefaultLimits.MaxTotalBytes
	}
	if allowed := task + (max - total); allowed < base.MaxTotalBytes {
		base.MaxTotalBytes = allowed
	}
	return base, nil
}

// commandDisk bounds the bytes one sandboxed command may add to the task's workspace (the sandbox's
// Disk, default sandbox.DefaultDisk) by the room the workspace has left under limits, so a command
// cannot write past what the tenant may hold (security issue item 5: dd wrote 1 GiB into a 256 MiB
// workspace).
func (s *Server) commandDisk(tenantName, taskID string, limits workspace.Limits, disk int64) int64 {
	room := limits.MaxTotalBytes
	d := &s.disk
	d.mu.Lock()
	if tasks, ok := d.tenants[tenantName]; ok {
		room -= tasks[taskID]
	}
	d.mu.Unlock()
	if room < 1 {
		room = 1 // a command may add nothing; 0 would mean the sandbox's default
	}
	if disk <= 0 || room < disk {
		return room
	}
	return disk
}
