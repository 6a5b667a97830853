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

// PutStepArtifacts records the artifacts one step wrote, as PutArtifact does, and links each to
// the step, all in one transaction.
func (d *DB) PutStepArtifacts(ctx context.Context, tenant, taskID, stepID string, as []*store.Artifact) error {
	return d.write(ctx, "put step artifacts", func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ap_steps WHERE tenant = ? AND task_id = ? AND id = ?`, tenant, taskID, stepID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("store: step %q of task %q: %w", stepID, taskID, store.ErrNotFound)
		}
		for _, a := range as {
			if a.Tenant != tenant || a.TaskID != taskID {
				return fmt.Errorf("store: an artifact of another task or tenant among step %q's: %w", stepID, store.ErrWrongTenant)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO artifacts (`+artifactCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (tenant, task_id, relative_path, file_name) DO UPDATE SET modified = excluded.modified`,
				a.Tenant, a.TaskID, a.ID, a.FileName, a.RelativePath, a.AgentCreated, micros(a.Created), micros(a.Modified)); err != nil {
				return err
			}
			got, err := scanArtifact(tx.QueryRowContext(ctx, `SELECT `+artifactCols+` FROM artifacts
				WHERE tenant = ? AND task_id = ? AND relative_path = ? AND file_name = ?`, a.Tenant, a.TaskID, a.RelativePath, a.FileName))
			if err != nil {
				return err
			}
			*a = *got
			if _, err := tx.ExecContext(ctx, `INSERT INTO step_artifacts (tenant, task_id, step_id, artifact_id) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, tenant, taskID, stepID, a.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// StepArtifacts returns up to limit artifacts of each of the named steps, oldest first, and how
// many each step wrote.
func (d *DB) StepArtifacts(ctx context.Context, tenant, taskID string, stepIDs []string, limit int) (map[string][]*store.Artifact, map[string]int, error) {
	arts, counts := map[string][]*store.Artifact{}, map[string]int{}
	if len(stepIDs) == 0 {
		return arts, counts, nil
	}
	args := []any{tenant, taskID}
	for _, id := range stepIDs {
		args = append(args, id)
	}
	args = append(args, limit)
	rows, err := d.db.QueryContext(ctx, `SELECT step_id, total, `+artifactCols+` FROM (
		SELECT sa.step_id AS step_id, count(*) OVER (PARTITION BY sa.step_id) AS total,
			row_number() OVER (PARTITION BY sa.step_id ORDER BY a.created, a.id) AS n,
			a.tenant AS tenant, a.task_id AS task_id, a.id AS id, a.file_name AS file_name, a.relative_path AS relative_path,
			a.agent_created AS agent_created, a.created AS created, a.modified AS modified
		FROM step_artifacts sa JOIN artifacts a ON a.tenant = sa.tenant AND a.id = sa.artifact_id
		WHERE sa.tenant = ? AND sa.task_id = ? AND sa.step_id IN (`+placeholders(len(stepIDs))+`)
	) WHERE n <= ? ORDER BY step_id, n`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: step artifacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var stepID string
		var total int
		var a store.Artifact
		var created, modified int64
		if err := rows.Scan(&stepID, &total, &a.Tenant, &a.TaskID, &a.ID, &a.FileName, &a.RelativePath, &a.AgentCreated, &created, &modified); err != nil {
			return nil, nil, fmt.Errorf("store: step artifacts: %w", err)
		}
		a.Created, a.Modified = fromMicros(created), fromMicros(modified)
		arts[stepID] = append(arts[stepID], &a)
		counts[stepID] = total
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: step artifacts: %w", err)
	}
	return arts, counts, nil
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

const shareCols = `owner, id, task_id, artifact_id, grantee, grantee_slot, created, revoked`

func scanShare(row scanner) (*store.Share, error) {
	var sh store.Share
	var created, revoked int64
	if err := row.Scan(&sh.Owner, &sh.ID, &sh.TaskID, &sh.ArtifactID, &sh.Grantee, &sh.GranteeSlot, &created, &revoked); err != nil {
		return nil, err
	}
	sh.Created, sh.Revoked = fromMicros(created), revoked != 0
	return &sh, nil
}

// CreateShare stores a grant bound to the grantee tenant as it is now (its uid slot; 0 when no
// tenant has the name); the owner's artifact must exist (a foreign key).
func (d *DB) CreateShare(ctx context.Context, sh *store.Share) error {
	return d.write(ctx, "create share", func(tx *sql.Tx) error {
		var slot int64
		err := tx.QueryRowContext(ctx, `SELECT uid_slot FROM tenants WHERE name = ?`, sh.Grantee).Scan(&slot)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO shares (`+shareCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
			sh.Owner, sh.ID, sh.TaskID, sh.ArtifactID, sh.Grantee, slot, micros(sh.Created))
		if isForeignKey(err) {
			return fmt.Errorf("store: share of artifact %q: %w", sh.ArtifactID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		sh.GranteeSlot = slot
		return nil
	})
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
	received, err = list(ctx, d, "shares", scanShare, `SELECT `+shareCols+` FROM shares WHERE grantee = ? AND revoked = 0
		AND grantee_slot = (SELECT uid_slot FROM tenants WHERE name = grantee) ORDER BY created, id`, tenant)
	return given, received, err
}

// ReceivedShare returns a live grant to grantee, made while the grantee tenant existed.
func (d *DB) ReceivedShare(ctx context.Context, grantee, id string) (*store.Share, error) {
	sh, err := scanShare(d.db.QueryRowContext(ctx, `SELECT `+shareCols+` FROM shares WHERE grantee = ? AND id = ? AND revoked = 0
		AND grantee_slot = (SELECT uid_slot FROM tenants WHERE name = grantee)`, grantee, id))
	if err != nil {
		return nil, notFound(err, "share", id)
	}
	return sh, nil
}
