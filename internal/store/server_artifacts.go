package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Artifact is a file of a task's workspace that the API lists: uploaded by the tenant or written by
// the agent. The file itself stays in the workspace; the row gives it a stable id.
type Artifact struct {
	Tenant       string
	TaskID       string
	ID           string
	FileName     string
	RelativePath string // the folder within the workspace, "" for its top
	AgentCreated bool
	Created      time.Time
	Modified     time.Time
}

const artifactCols = `tenant, task_id, id, file_name, relative_path, agent_created, created, modified`

func scanArtifact(row interface{ Scan(...any) error }) (*Artifact, error) {
	var a Artifact
	var created, modified int64
	if err := row.Scan(&a.Tenant, &a.TaskID, &a.ID, &a.FileName, &a.RelativePath, &a.AgentCreated, &created, &modified); err != nil {
		return nil, err
	}
	a.Created, a.Modified = fromMicros(created), fromMicros(modified)
	return &a, nil
}

// PutArtifact records an artifact, or marks an existing one at the same path as modified, and
// fills a with the stored row (its id included).
func (s *Store) PutArtifact(ctx context.Context, a *Artifact) error {
	if err := checkTenant(a.Tenant); err != nil {
		return err
	}
	now := time.Now().UTC()
	id := NewID()
	_, err := s.execW(ctx, `INSERT INTO artifacts (`+artifactCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant, task_id, relative_path, file_name) DO UPDATE SET modified = excluded.modified`,
		a.Tenant, a.TaskID, id, a.FileName, a.RelativePath, a.AgentCreated, micros(now), micros(now))
	if err != nil {
		if isForeignKey(err) {
			return fmt.Errorf("store: artifact of task %q: %w", a.TaskID, ErrNotFound)
		}
		return fmt.Errorf("store: put artifact: %w", err)
	}
	got, err := scanArtifact(s.db.QueryRowContext(ctx, `SELECT `+artifactCols+` FROM artifacts
		WHERE tenant = ? AND task_id = ? AND relative_path = ? AND file_name = ?`, a.Tenant, a.TaskID, a.RelativePath, a.FileName))
	if err != nil {
		return fmt.Errorf("store: put artifact: %w", err)
	}
	*a = *got
	return nil
}

func isForeignKey(err error) bool { return err != nil && strings.Contains(err.Error(), "FOREIGN KEY") }

// Artifact returns one artifact of a tenant's task.
func (s *Store) Artifact(ctx context.Context, tenant, taskID, id string) (*Artifact, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, err
	}
	a, err := scanArtifact(s.db.QueryRowContext(ctx, `SELECT `+artifactCols+` FROM artifacts WHERE tenant = ? AND task_id = ? AND id = ?`,
		tenant, taskID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("artifact %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: artifact: %w", err)
	}
	return a, nil
}

// Artifacts lists a task's artifacts, oldest first, with the total count.
func (s *Store) Artifacts(ctx context.Context, tenant, taskID string, limit, offset int) ([]*Artifact, int, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM artifacts WHERE tenant = ? AND task_id = ?`, tenant, taskID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count artifacts: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+artifactCols+` FROM artifacts WHERE tenant = ? AND task_id = ? ORDER BY created, id LIMIT ? OFFSET ?`,
		tenant, taskID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: artifacts: %w", err)
	}
	defer rows.Close()
	var out []*Artifact
	for rows.Next() {
		a, err := scanArtifact(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: artifacts: %w", err)
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// Share is a read-only grant of one artifact from its owner tenant to a grantee tenant.
type Share struct {
	Owner      string    `json:"owner"`
	ID         string    `json:"share_id"`
	TaskID     string    `json:"task_id"`
	ArtifactID string    `json:"artifact_id"`
	Grantee    string    `json:"grantee"`
	Created    time.Time `json:"created_at"`
	Revoked    bool      `json:"revoked"`
}

const shareCols = `owner, id, task_id, artifact_id, grantee, created, revoked`

func scanShare(row interface{ Scan(...any) error }) (*Share, error) {
	var sh Share
	var created, revoked int64
	if err := row.Scan(&sh.Owner, &sh.ID, &sh.TaskID, &sh.ArtifactID, &sh.Grantee, &created, &revoked); err != nil {
		return nil, err
	}
	sh.Created, sh.Revoked = fromMicros(created), revoked != 0
	return &sh, nil
}

// CreateShare grants grantee read access to one of owner's artifacts. The artifact must belong to
// owner's task and the grantee must be another existing tenant; otherwise ErrNotFound.
func (s *Store) CreateShare(ctx context.Context, sh *Share) error {
	if err := checkTenant(sh.Owner); err != nil {
		return err
	}
	if sh.Grantee == "" || sh.Grantee == sh.Owner {
		return fmt.Errorf("share: the grantee must be another tenant: %w", ErrNotFound)
	}
	if _, err := s.Artifact(ctx, sh.Owner, sh.TaskID, sh.ArtifactID); err != nil {
		return err
	}
	if _, err := s.Tenant(ctx, sh.Grantee); err != nil {
		return err
	}
	sh.ID, sh.Created, sh.Revoked = NewID(), time.Now().UTC(), false
	_, err := s.execW(ctx, `INSERT INTO shares (`+shareCols+`) VALUES (?, ?, ?, ?, ?, ?, 0)`,
		sh.Owner, sh.ID, sh.TaskID, sh.ArtifactID, sh.Grantee, micros(sh.Created))
	if err != nil {
		return fmt.Errorf("store: create share: %w", err)
	}
	return nil
}

// RevokeShare ends a grant of owner's; the next read by the grantee finds nothing.
func (s *Store) RevokeShare(ctx context.Context, owner, id string) (*Share, error) {
	if err := checkTenant(owner); err != nil {
		return nil, err
	}
	sh, err := scanShare(s.db.QueryRowContext(ctx, `SELECT `+shareCols+` FROM shares WHERE owner = ? AND id = ? AND revoked = 0`, owner, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("share %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: revoke share: %w", err)
	}
	if _, err := s.execW(ctx, `UPDATE shares SET revoked = ? WHERE owner = ? AND id = ?`, micros(time.Now()), owner, id); err != nil {
		return nil, fmt.Errorf("store: revoke share: %w", err)
	}
	sh.Revoked = true
	return sh, nil
}

// Shares lists the live grants a tenant gave (given) and received (received).
func (s *Store) Shares(ctx context.Context, tenant string) (given, received []*Share, err error) {
	if err := checkTenant(tenant); err != nil {
		return nil, nil, err
	}
	list := func(q string) ([]*Share, error) {
		rows, err := s.db.QueryContext(ctx, q, tenant)
		if err != nil {
			return nil, fmt.Errorf("store: shares: %w", err)
		}
		defer rows.Close()
		var out []*Share
		for rows.Next() {
			sh, err := scanShare(rows)
			if err != nil {
				return nil, fmt.Errorf("store: shares: %w", err)
			}
			out = append(out, sh)
		}
		return out, rows.Err()
	}
	if given, err = list(`SELECT ` + shareCols + ` FROM shares WHERE owner = ? AND revoked = 0 ORDER BY created, id`); err != nil {
		return nil, nil, err
	}
	received, err = list(`SELECT ` + shareCols + ` FROM shares WHERE grantee = ? AND revoked = 0 ORDER BY created, id`)
	return given, received, err
}

// SharedArtifact returns a live grant to grantee and the artifact it names. A revoked grant, or one
// to another tenant, is ErrNotFound.
func (s *Store) SharedArtifact(ctx context.Context, grantee, shareID string) (*Share, *Artifact, error) {
	if err := checkTenant(grantee); err != nil {
		return nil, nil, err
	}
	sh, err := scanShare(s.db.QueryRowContext(ctx, `SELECT `+shareCols+` FROM shares WHERE grantee = ? AND id = ? AND revoked = 0`, grantee, shareID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("share %q: %w", shareID, ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: shared artifact: %w", err)
	}
	a, err := s.Artifact(ctx, sh.Owner, sh.TaskID, sh.ArtifactID)
	if err != nil {
		return nil, nil, err
	}
	return sh, a, nil
}
