package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

const artifactCols = `tenant, task_id, id, file_name, relative_path, agent_created, created, modified`

func scanArtifact(row scanner) (*store.Artifact, error) {
	var a store.Artifact
	var created, modified int64
	if err := row.Scan(&a.Tenant, &a.TaskID, &a.ID, &a.FileName, &a.RelativePath, &a.AgentCreated, &created, &modified); err != nil {
		return nil, err
	}
	a.Created, a.Modified = fromMicros(created), fromMicros(modified)
	return &a, nil
}

// PutArtifact records an artifact, or marks an existing one at the same path as modified, and
// fills a with the stored row.
func (d *DB) PutArtifact(ctx context.Context, a *store.Artifact) error {
	return d.write(ctx, "put artifact", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO artifacts (`+artifactCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (tenant, task_id, relative_path, file_name) DO UPDATE SET modified = excluded.modified`,
			a.Tenant, a.TaskID, a.ID, a.FileName, a.RelativePath, a.AgentCreated, micros(a.Created), micros(a.Modified))
		if isForeignKey(err) {
			return fmt.Errorf("store: artifact of task %q: %w", a.TaskID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		got, err := scanArtifact(tx.QueryRowContext(ctx, `SELECT `+artifactCols+` FROM artifacts
			WHERE tenant = ? AND task_id = ? AND relative_path = ? AND file_name = ?`, a.Tenant, a.TaskID, a.RelativePath, a.FileName))
		if err != nil {
			return err
		}
		*a = *got
		return nil
	})
}

// Artifact returns one artifact of a tenant's task.
func (d *DB) Artifact(ctx context.Context, tenant, taskID, id string) (*store.Artifact, error) {
	a, err := scanArtifact(d.db.QueryRowContext(ctx, `SELECT `+artifactCols+` FROM artifacts WHERE tenant = ? AND task_id = ? AND id = ?`,
		tenant, taskID, id))
	if err != nil {
		return nil, notFound(err, "artifact", id)
	}
	return a, nil
}

// Artifacts lists a task's artifacts, oldest first, with the total count.
func (d *DB) Artifacts(ctx context.Context, tenant, taskID string, limit, offset int) ([]*store.Artifact, int, error) {
	total, err := d.count(ctx, "artifacts", `SELECT count(*) FROM artifacts WHERE tenant = ? AND task_id = ?`, tenant, taskID)
	if err != nil {
		return nil, 0, err
	}
	out, err := list(ctx, d, "artifacts", scanArtifact, `SELECT `+artifactCols+` FROM artifacts WHERE tenant = ? AND task_id = ? ORDER BY created, id LIMIT ? OFFSET ?`,
		tenant, taskID, limit, offset)
	return out, total, err
}

const shareCols = `owner, id, task_id, artifact_id, grantee, created, revoked`

func scanShare(row scanner) (*store.Share, error) {
	var sh store.Share
	var created, revoked int64
	if err := row.Scan(&sh.Owner, &sh.ID, &sh.TaskID, &sh.ArtifactID, &sh.Grantee, &created, &revoked); err != nil {
		return nil, err
	}
	sh.Created, sh.Revoked = fromMicros(created), revoked != 0
	return &sh, nil
}

// CreateShare stores a grant; the owner's artifact and the grantee must exist (foreign keys).
func (d *DB) CreateShare(ctx context.Context, sh *store.Share) error {
	_, err := d.exec(ctx, "create share", `INSERT INTO shares (`+shareCols+`) VALUES (?, ?, ?, ?, ?, ?, 0)`,
		sh.Owner, sh.ID, sh.TaskID, sh.ArtifactID, sh.Grantee, micros(sh.Created))
	return err
}

// RevokeShare ends a live grant of owner's and returns it.
func (d *DB) RevokeShare(ctx context.Context, owner, id string) (*store.Share, error) {
	var sh *store.Share
	err := d.write(ctx, "revoke share", func(tx *sql.Tx) error {
		var err error
		sh, err = scanShare(tx.QueryRowContext(ctx, `SELECT `+shareCols+` FROM shares WHERE owner = ? AND id = ? AND revoked = 0`, owner, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("share %q: %w", id, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE shares SET revoked = ? WHERE owner = ? AND id = ?`, micros(time.Now()), owner, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	sh.Revoked = true
	return sh, nil
}

// Shares lists the live grants a tenant gave and received.
func (d *DB) Shares(ctx context.Context, tenant string) (given, received []*store.Share, err error) {
	if given, err = list(ctx, d, "shares", scanShare, `SELECT `+shareCols+` FROM shares WHERE owner = ? AND revoked = 0 ORDER BY created, id`, tenant); err != nil {
		return nil, nil, err
	}
	received, err = list(ctx, d, "shares", scanShare, `SELECT `+shareCols+` FROM shares WHERE grantee = ? AND revoked = 0 ORDER BY created, id`, tenant)
	return given, received, err
}

// ReceivedShare returns a live grant to grantee.
func (d *DB) ReceivedShare(ctx context.Context, grantee, id string) (*store.Share, error) {
	sh, err := scanShare(d.db.QueryRowContext(ctx, `SELECT `+shareCols+` FROM shares WHERE grantee = ? AND id = ? AND revoked = 0`, grantee, id))
	if err != nil {
		return nil, notFound(err, "share", id)
	}
	return sh, nil
}
