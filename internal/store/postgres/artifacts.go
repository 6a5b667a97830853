package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/paddock-dev/paddock/internal/store"
)

const artifactCols = `tenant, task_id, id, file_name, relative_path, agent_created, created, modified`

func scanArtifact(row pgx.Row) (*store.Artifact, error) {
	var a store.Artifact
	if err := row.Scan(&a.Tenant, &a.TaskID, &a.ID, &a.FileName, &a.RelativePath, &a.AgentCreated, &a.Created, &a.Modified); err != nil {
		return nil, err
	}
	a.Created, a.Modified = utc(a.Created), utc(a.Modified)
	return &a, nil
}

// PutArtifact records an artifact, or marks an existing one at the same path as modified, and
// fills a with the stored row.
func (d *DB) PutArtifact(ctx context.Context, a *store.Artifact) error {
	return d.tx(ctx, "put artifact", func(tx pgx.Tx) error {
		got, err := scanArtifact(tx.QueryRow(ctx, `INSERT INTO artifacts (`+artifactCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (tenant, task_id, relative_path, file_name) DO UPDATE SET modified = excluded.modified
			RETURNING `+artifactCols,
			a.Tenant, a.TaskID, a.ID, a.FileName, a.RelativePath, a.AgentCreated, utc(a.Created), utc(a.Modified)))
		if code(err) == codeForeignKey {
			return fmt.Errorf("store: artifact of task %q: %w", a.TaskID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		*a = *got
		return nil
	})
}

// Artifact returns one artifact of a tenant's task.
func (d *DB) Artifact(ctx context.Context, tenant, taskID, id string) (*store.Artifact, error) {
	a, err := scanArtifact(d.pool.QueryRow(ctx, `SELECT `+artifactCols+` FROM artifacts WHERE tenant = $1 AND task_id = $2 AND id = $3`,
		tenant, taskID, id))
	if err != nil {
		return nil, notFound(err, "artifact", id)
	}
	return a, nil
}

// Artifacts lists a task's artifacts, oldest first, with the total count.
func (d *DB) Artifacts(ctx context.Context, tenant, taskID string, limit, offset int) ([]*store.Artifact, int, error) {
	total, err := d.count(ctx, "artifacts", `SELECT count(*) FROM artifacts WHERE tenant = $1 AND task_id = $2`, tenant, taskID)
	if err != nil {
		return nil, 0, err
	}
	out, err := list(ctx, d, "artifacts", scanArtifact, `SELECT `+artifactCols+` FROM artifacts WHERE tenant = $1 AND task_id = $2
		ORDER BY created, id LIMIT $3 OFFSET $4`, tenant, taskID, limit, offset)
	return out, total, err
}

const shareCols = `owner, id, task_id, artifact_id, grantee, grantee_slot, created, revoked IS NOT NULL`

func scanShare(row pgx.Row) (*store.Share, error) {
	var sh store.Share
	if err := row.Scan(&sh.Owner, &sh.ID, &sh.TaskID, &sh.ArtifactID, &sh.Grantee, &sh.GranteeSlot, &sh.Created, &sh.Revoked); err != nil {
		return nil, err
	}
	sh.Created = utc(sh.Created)
	return &sh, nil
}

// CreateShare stores a grant bound to the grantee tenant as it is now (its uid slot; 0 when no
// tenant has the name); the owner's artifact must exist (a foreign key).
func (d *DB) CreateShare(ctx context.Context, sh *store.Share) error {
	return d.tx(ctx, "create share", func(tx pgx.Tx) error {
		var slot int64
		err := tx.QueryRow(ctx, `INSERT INTO shares (owner, id, task_id, artifact_id, grantee, grantee_slot, created)
			VALUES ($1, $2, $3, $4, $5, coalesce((SELECT uid_slot FROM tenants WHERE name = $5), 0), $6) RETURNING grantee_slot`,
			sh.Owner, sh.ID, sh.TaskID, sh.ArtifactID, sh.Grantee, utc(sh.Created)).Scan(&slot)
		if code(err) == codeForeignKey {
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
	err := d.tx(ctx, "revoke share", func(tx pgx.Tx) error {
		var err error
		sh, err = scanShare(tx.QueryRow(ctx, `UPDATE shares SET revoked = now() WHERE owner = $1 AND id = $2 AND revoked IS NULL
			RETURNING `+shareCols, owner, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("share %q: %w", id, store.ErrNotFound)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return sh, nil
}

// Shares lists the live grants a tenant gave and received.
func (d *DB) Shares(ctx context.Context, tenant string) (given, received []*store.Share, err error) {
	if given, err = list(ctx, d, "shares", scanShare, `SELECT `+shareCols+` FROM shares WHERE owner = $1 AND revoked IS NULL ORDER BY created, id`, tenant); err != nil {
		return nil, nil, err
	}
	received, err = list(ctx, d, "shares", scanShare, `SELECT `+shareCols+` FROM shares WHERE grantee = $1 AND revoked IS NULL
		AND grantee_slot = (SELECT uid_slot FROM tenants WHERE name = grantee) ORDER BY created, id`, tenant)
	return given, received, err
}

// ReceivedShare returns a live grant to grantee, made while the grantee tenant existed.
func (d *DB) ReceivedShare(ctx context.Context, grantee, id string) (*store.Share, error) {
	sh, err := scanShare(d.pool.QueryRow(ctx, `SELECT `+shareCols+` FROM shares WHERE grantee = $1 AND id = $2 AND revoked IS NULL
		AND grantee_slot = (SELECT uid_slot FROM tenants WHERE name = grantee)`, grantee, id))
	if err != nil {
		return nil, notFound(err, "share", id)
	}
	return sh, nil
}

// PutStepArtifacts records the artifacts one step wrote, as PutArtifact does, and links each to
// the step, all in one transaction.
func (d *DB) PutStepArtifacts(ctx context.Context, tenant, taskID, stepID string, as []*store.Artifact) error {
	return d.tx(ctx, "put step artifacts", func(tx pgx.Tx) error {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM ap_steps WHERE tenant = $1 AND task_id = $2 AND id = $3`, tenant, taskID, stepID).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("store: step %q of task %q: %w", stepID, taskID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		for _, a := range as {
			if a.Tenant != tenant || a.TaskID != taskID {
				return fmt.Errorf("store: an artifact of another task or tenant among step %q's: %w", stepID, store.ErrWrongTenant)
			}
			got, err := scanArtifact(tx.QueryRow(ctx, `INSERT INTO artifacts (`+artifactCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
				ON CONFLICT (tenant, task_id, relative_path, file_name) DO UPDATE SET modified = excluded.modified
				RETURNING `+artifactCols,
				a.Tenant, a.TaskID, a.ID, a.FileName, a.RelativePath, a.AgentCreated, utc(a.Created), utc(a.Modified)))
			if err != nil {
				return err
			}
			*a = *got
			if _, err := tx.Exec(ctx, `INSERT INTO step_artifacts (tenant, task_id, step_id, artifact_id) VALUES ($1, $2, $3, $4)
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
	rows, err := d.pool.Query(ctx, `SELECT step_id, total, `+artifactCols+` FROM (
		SELECT sa.step_id AS step_id, count(*) OVER (PARTITION BY sa.step_id) AS total,
			row_number() OVER (PARTITION BY sa.step_id ORDER BY a.created, a.id) AS n,
			a.tenant AS tenant, a.task_id AS task_id, a.id AS id, a.file_name AS file_name, a.relative_path AS relative_path,
			a.agent_created AS agent_created, a.created AS created, a.modified AS modified
		FROM step_artifacts sa JOIN artifacts a ON a.tenant = sa.tenant AND a.id = sa.artifact_id
		WHERE sa.tenant = $1 AND sa.task_id = $2 AND sa.step_id = ANY($3)
	) ranked WHERE n <= $4 ORDER BY step_id, n`, tenant, taskID, stepIDs, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("store: step artifacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var stepID string
		var total int
		var a store.Artifact
		if err := rows.Scan(&stepID, &total, &a.Tenant, &a.TaskID, &a.ID, &a.FileName, &a.RelativePath, &a.AgentCreated, &a.Created, &a.Modified); err != nil {
			return nil, nil, fmt.Errorf("store: step artifacts: %w", err)
		}
		a.Created, a.Modified = utc(a.Created), utc(a.Modified)
		arts[stepID] = append(arts[stepID], &a)
		counts[stepID] = total
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: step artifacts: %w", err)
	}
	return arts, counts, nil
}
